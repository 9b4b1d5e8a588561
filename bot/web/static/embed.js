/* Candor's embed: one <script> tag puts the chat launcher on any site.
 *
 *   <script src="https://chat.example.com/static/embed.js" async
 *           data-color="#0b7a5a" data-title="Acme — honest answers"
 *           data-greeting="Hi! Ask me anything about Acme." data-position="left"
 *           data-lang="de"></script>
 *
 * It loads the widget's stylesheet, the socket.io client and the widget itself from the gateway
 * it came from (no build step, no CDN), so the host page's CSP needs the gateway's origin in
 * script-src, style-src and connect-src (ws:/wss: too), and the gateway needs the host's
 * origin in CANDOR_SOCKET_CORS_ORIGINS. Nothing here uses inline script or inline styles. */
(function () {
  "use strict";
  if (window.CandorWidgetConfig) return;  // the tag twice on one page: one launcher
  var me = document.currentScript;
  if (!me || !me.src) return;
  var base = new URL(me.src, location.href).origin;
  var data = me.dataset;
  window.CandorWidgetConfig = {
    base: base,
    color: data.color || "",
    title: data.title || "",
    launcherText: data.launcher || "",
    greeting: data.greeting || "",
    position: data.position === "left" ? "left" : "right",
    lang: data.lang || ""
  };
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "/static/widget.css";
  document.head.appendChild(css);

  function load(src, then) {
    var s = document.createElement("script");
    s.src = base + src;
    s.async = false;
    s.onload = then;
    document.head.appendChild(s);
  }
  function start() {
    // Our socket.io client (the version the gateway speaks) as window.CandorIo; a host page that
    // ships its own window.io gets it back untouched.
    var hosts = window.io;
    load("/static/vendor/socket.io.min.js", function () {
      window.CandorIo = window.io;
      if (hosts) window.io = hosts;
      load("/static/widget.js");
    });
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
