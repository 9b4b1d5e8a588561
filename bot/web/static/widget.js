/* Candor chat widget: REST for sending and history, socket.io for live pushes (rep messages).
 * The conversation id and token live in localStorage so a reload resumes the same chat.
 * Everything the buyer, bot or rep wrote is rendered as text (never as HTML).
 * On another site it is loaded by /static/embed.js, which sets window.CandorWidgetConfig
 * (the gateway's URL, colour, title, greeting, position, language); on our demo page it has
 * no config and talks to its own origin. */
(function () {
  "use strict";
  var STORAGE_KEY = "candor.conversation";
  var config = window.CandorWidgetConfig || {};
  var base = (config.base || "").replace(/\/+$/, "");  // "" = this page's own origin
  var STRINGS = {
    en: { launcher: "Questions? Ask us honestly", title: "Tessellate — honest answers",
          bot: "Assistant", waiting_for_rep: "Waiting for a person", with_rep: "With a person",
          placeholder: "Type your question…", send: "Send", close: "Close chat",
          offline: "Disconnected — retrying…", slow: "Still working on it — taking longer than usual…", joined: "In the conversation now",
          greeting: "Hi! Ask me anything about our product — I'll say so when a competitor fits you better, and bring in a person whenever you like.", helpful: "Was this helpful? ", yes: "Yes", no: "No" },
    de: { launcher: "Fragen? Fragen Sie uns ehrlich", title: "Ehrliche Antworten",
          bot: "Assistent", waiting_for_rep: "Wartet auf eine Person", with_rep: "Mit einer Person",
          placeholder: "Ihre Frage…", send: "Senden", close: "Chat schließen",
          offline: "Verbindung getrennt — neuer Versuch…", slow: "Einen Moment noch — das dauert länger als sonst…", joined: "Jetzt im Gespräch",
          greeting: "Hallo! Fragen Sie mich alles zu unserem Produkt.", helpful: "War das hilfreich? ", yes: "Ja", no: "Nein" },
    fr: { launcher: "Des questions ? Demandez-nous", title: "Des réponses honnêtes",
          bot: "Assistant", waiting_for_rep: "En attente d'une personne", with_rep: "Avec une personne",
          placeholder: "Votre question…", send: "Envoyer", close: "Fermer le chat",
          offline: "Déconnecté — nouvelle tentative…", slow: "Encore un instant — c'est plus long que d'habitude…", joined: "Dans la conversation",
          greeting: "Bonjour ! Posez-moi toutes vos questions sur notre produit.", helpful: "Cette réponse vous a-t-elle aidé ? ", yes: "Oui", no: "Non" }
  };
  var lang = String(config.lang || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  var T = STRINGS[lang] || STRINGS.en;
  var MODES = { bot: T.bot, waiting_for_rep: T.waiting_for_rep, with_rep: T.with_rep };
  var root = document.getElementById("candor-widget");
  if (!root) { root = document.createElement("div"); root.id = "candor-widget"; document.body.appendChild(root); }
  root.classList.add("cw-root");
  if (config.position === "left") root.classList.add("cw-left");
  // CSSOM, not a style attribute: allowed under a CSP without 'unsafe-inline'.
  if (config.color && /^#[0-9a-fA-F]{3,8}$|^[a-zA-Z]+$/.test(config.color)) {
    root.style.setProperty("--cw-accent", config.color);
  }
  var state = { conversation: null, rendered: {}, socket: null, typingTimer: null, mode: "bot", lastId: 0 };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  var launcher = el("button", "cw-launcher", config.launcherText || T.launcher);
  launcher.setAttribute("data-testid", "chat-launcher");
  var panel = el("div", "cw-panel");
  // A dialog: named by its title, Escape closes it, Tab stays inside while it is open.
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "cw-title");
  panel.setAttribute("data-testid", "chat-panel");
  var head = el("div", "cw-head");
  var titleBox = el("div");
  var title = el("h2", "cw-title", config.title || T.title);
  title.id = "cw-title";
  titleBox.appendChild(title);
  var modeLabel = el("div", "cw-mode", MODES.bot);
  modeLabel.setAttribute("data-testid", "chat-mode");
  titleBox.appendChild(modeLabel);
  var closeBtn = el("button", "", "×");
  closeBtn.setAttribute("aria-label", T.close);
  head.appendChild(titleBox);
  head.appendChild(closeBtn);
  var log = el("div", "cw-log");
  log.setAttribute("data-testid", "chat-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", config.title || T.title);
  log.tabIndex = 0;  // scrollable with the keyboard
  var typing = el("div", "cw-typing");
  typing.setAttribute("aria-live", "polite");
  // Shown while the live connection is down (socket.io keeps retrying on its own).
  var connection = el("div", "cw-connection", T.offline);
  connection.setAttribute("data-testid", "chat-connection");
  connection.setAttribute("role", "status");
  connection.hidden = true;
  var errorBox = el("div", "cw-error");
  var form = el("form", "cw-form");
  var input = el("textarea");
  input.setAttribute("placeholder", T.placeholder);
  input.setAttribute("aria-label", T.placeholder);
  input.setAttribute("data-testid", "chat-input");
  input.setAttribute("maxlength", "2000");
  var sendBtn = el("button", "", T.send);
  sendBtn.type = "submit";
  sendBtn.setAttribute("data-testid", "chat-send");
  form.appendChild(input);
  form.appendChild(sendBtn);
  [head, connection, log, typing, errorBox, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher);
  root.appendChild(panel);

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (state.conversation) headers.Authorization = "Bearer " + state.conversation.token;
    return fetch(base + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (!r.ok) { var e = new Error(data.detail || ("HTTP " + r.status)); e.status = r.status; throw e; }
          return data;
        });
      });
  }

  // The gateway's own paths (rep photos) are relative to the gateway, not to the host page.
  function asset(url) { return url && url.charAt(0) === "/" ? base + url : url; }

  function setMode(mode) {
    state.mode = mode || "bot";
    modeLabel.textContent = MODES[state.mode] || state.mode;
  }

  function renderCard(rep, note) {
    var card = el("div", "cw-card");
    card.setAttribute("data-testid", "rep-card");
    if (rep.photo_url) { var img = el("img"); img.src = asset(rep.photo_url); img.alt = rep.name; card.appendChild(img); }
    var info = el("div");
    info.appendChild(el("div", "cw-card-name", rep.name));
    info.appendChild(el("div", "cw-card-role", rep.role || ""));
    if (note) info.appendChild(el("div", "cw-card-role cw-card-note", state.mode === "with_rep" ? T.joined : note));
    card.appendChild(info);
    return card;
  }

  // "Was this helpful?" under each cited answer; a "no" may carry a one-line reason. Editors
  // see not-helpful answers in `bot kb gaps` (POST .../messages/{id}/feedback, idempotent).
  function renderFeedback(messageId) {
    var box = el("div", "cw-feedback");
    box.setAttribute("data-testid", "answer-feedback");
    box.appendChild(el("span", "", T.helpful));
    var yes = el("button", "", T.yes);
    var no = el("button", "", T.no);
    [yes, no].forEach(function (b) { b.type = "button"; box.appendChild(b); });
    function give(helpful, reason) {
      var path = "/api/conversations/" + state.conversation.id + "/messages/" + messageId + "/feedback";
      var body = { helpful: helpful };
      if (reason) body.reason = reason;
      return api("POST", path, body).then(function () {
        box.textContent = "";
        box.appendChild(el("span", "cw-feedback-done", helpful ? "Thanks!" : "Thanks, noted: our team will look at this."));
      }).catch(function (e) { errorBox.textContent = e.message; });
    }
    yes.addEventListener("click", function () { give(true); });
    no.addEventListener("click", function () {
      give(false).then(function () {
        var why = el("form", "cw-feedback-why");
        var line = el("input");
        line.setAttribute("maxlength", "300");
        line.setAttribute("placeholder", "What was missing? (optional)");
        line.setAttribute("data-testid", "feedback-reason");
        var ok = el("button", "", "Send");
        ok.type = "submit";
        why.appendChild(line);
        why.appendChild(ok);
        why.addEventListener("submit", function (ev) {
          ev.preventDefault();
          if (line.value.trim()) give(false, line.value.trim());
        });
        box.appendChild(why);
      });
    });
    return box;
  }

  function renderMessage(m) {
    if (m.id && state.rendered[m.id]) return;
    if (m.id) state.rendered[m.id] = true;
    if (m.id && m.id > state.lastId) state.lastId = m.id;
    var row = el("div", "cw-msg " + m.sender);
    row.setAttribute("data-sender", m.sender);
    if (m.sender === "rep" && m.rep) {
      var author = el("div", "cw-author");
      if (m.rep.photo_url) { var img = el("img"); img.src = asset(m.rep.photo_url); img.alt = ""; author.appendChild(img); }
      author.appendChild(el("span", "", m.rep.name + (m.rep.role ? " · " + m.rep.role : "")));
      row.appendChild(author);
    }
    var text = m.text || "";
    // The bot names its page in the text too ("Source: Title (url)") for clients that show text
    // only; here the sources are links below, so the line would only say it twice.
    if (m.sources && m.sources.length) text = text.replace(/\n*^Source: .*$/gm, "").trim();
    if (text) row.appendChild(el("div", "cw-bubble", text));
    if (m.image) { var pic = el("img"); pic.src = m.image; pic.style.maxWidth = "85%"; row.appendChild(pic); }
    var custom = m.custom || {};
    var handoff = custom.handoff;
    if (handoff && handoff.rep) row.appendChild(renderCard(handoff.rep, handoff.availability));
    if (m.sources && m.sources.length) {
      var src = el("div", "cw-sources");
      src.appendChild(document.createTextNode("Source: "));
      m.sources.forEach(function (s, i) {
        if (i) src.appendChild(document.createTextNode(" · "));
        var label = s.title + (s.heading ? " — " + s.heading : "");
        if (s.url && /^https?:\/\//.test(s.url)) {
          var a = el("a", "", label); a.href = s.url; a.target = "_blank"; a.rel = "noopener"; src.appendChild(a);
        } else { src.appendChild(document.createTextNode(label)); }
      });
      row.appendChild(src);
      if (m.sender === "bot" && m.id) row.appendChild(renderFeedback(m.id));
    }
    // Only the latest message's quick replies can be clicked, and each only once.
    Array.prototype.forEach.call(log.querySelectorAll(".cw-buttons button"), function (b) { b.disabled = true; });
    if (m.buttons && m.buttons.length) {
      var box = el("div", "cw-buttons");
      m.buttons.forEach(function (b) {
        var btn = el("button", "", b.title);
        btn.type = "button";
        btn.addEventListener("click", function () {
          Array.prototype.forEach.call(box.querySelectorAll("button"), function (x) { x.disabled = true; });
          send(b.title, b.payload);
        });
        box.appendChild(btn);
      });
      row.appendChild(box);
    }
    log.appendChild(row);
    toBottom();
  }

  // Newest at the bottom and in view (also after a reload and when the panel opens).
  function toBottom() { log.scrollTop = log.scrollHeight; }

  // Everything stored after the last message shown: what a dropped connection missed.
  function catchUp() {
    if (!state.conversation) return;
    var path = "/api/conversations/" + state.conversation.id + "/messages" + (state.lastId ? "?after=" + state.lastId : "");
    api("GET", path).then(function (d) {
      d.messages.forEach(renderMessage);
      setMode(d.mode);
    }).catch(function () { /* the next reconnect tries again */ });
  }

  function connectSocket() {
    var io = window.CandorIo || window.io;
    if (!io || !state.conversation || state.socket) return;
    var options = { auth: { conversation_id: state.conversation.id, token: state.conversation.token } };
    state.socket = base ? io(base, options) : io(options);
    window.candorWidget = { socket: state.socket };  // for tests and the host page's curiosity
    var everConnected = false;
    state.socket.on("connect", function () {
      connection.hidden = true;
      if (everConnected) catchUp();
      everConnected = true;
    });
    state.socket.on("disconnect", function () { connection.hidden = false; });
    state.socket.on("connect_error", function () { connection.hidden = false; });
    state.socket.on("message", function (m) { renderMessage(m); });
    state.socket.on("mode", function (d) {
      setMode(d.mode);
      // The card said "not at the console": now they are here.
      if (d.mode === "with_rep") {
        Array.prototype.forEach.call(log.querySelectorAll(".cw-card-note"), function (n) { n.textContent = T.joined; });
      }
    });
    state.socket.on("rep_typing", function (d) { typing.textContent = d.typing ? (d.name || "The rep") + " is typing…" : ""; });
  }

  function ensureConversation() {
    if (state.conversation) return Promise.resolve(state.conversation);
    return api("POST", "/api/conversations", { metadata: { page: base ? location.origin + location.pathname : location.pathname } }).then(function (d) {
      state.conversation = { id: d.conversation_id, token: d.token };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state.conversation));
      connectSocket();
      return state.conversation;
    });
  }

  function resume() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.id || !saved.token) return;
    state.conversation = saved;
    api("GET", "/api/conversations/" + saved.id + "/messages").then(function (d) {
      d.messages.forEach(renderMessage);
      setMode(d.mode);
      if (d.messages.length) { panel.classList.add("open"); toBottom(); }
      connectSocket();
    }).catch(function (e) {
      if (e.status === 401 || e.status === 403 || e.status === 404) {
        localStorage.removeItem(STORAGE_KEY);
        state.conversation = null;
      }
    });
  }

  var SEND_RETRIES = 3;

  function messageId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function withRetries(attempt, retriesLeft) {
    return attempt().catch(function (e) {
      var transient = !e.status || e.status >= 500;  // no answer at all, or a server fault
      if (!transient || retriesLeft <= 0) throw e;
      return new Promise(function (resolve) {
        setTimeout(resolve, 1000 * (SEND_RETRIES - retriesLeft + 1));
      }).then(function () { return withRetries(attempt, retriesLeft - 1); });
    });
  }

  function send(text, payload) {
    text = (text || "").trim();
    if (!text) return;
    errorBox.textContent = "";
    sendBtn.disabled = true;
    var pending = el("div", "cw-msg buyer");
    pending.appendChild(el("div", "cw-bubble", text));
    log.appendChild(pending);
    log.scrollTop = log.scrollHeight;
    if (state.mode !== "with_rep") typing.textContent = "…";
    // Still nothing after 2 s: say so, rather than leave the buyer wondering if it was sent.
    var slow = setTimeout(function () { typing.textContent = T.slow; }, 2000);
    // One id per message: a retry after a dropped connection or a server error returns the
    // stored reply instead of sending the message twice.
    var body = { text: text, client_message_id: messageId() };
    if (payload && payload.charAt(0) === "/") body.payload = payload;
    ensureConversation().then(function (c) {
      return withRetries(function () {
        return api("POST", "/api/conversations/" + c.id + "/messages", body);
      }, SEND_RETRIES);
    }).then(function (d) {
      pending.remove();
      renderMessage(d.buyer_message);
      d.messages.forEach(renderMessage);
      setMode(d.mode);
    }).catch(function (e) {
      errorBox.textContent = e.message;
    }).then(function () {
      clearTimeout(slow);
      typing.textContent = "";
      sendBtn.disabled = false;
    });
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); var t = input.value; input.value = ""; send(t); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
  });
  input.addEventListener("input", function () {
    if (!state.socket) return;
    state.socket.emit("typing", { typing: true });
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(function () { state.socket.emit("typing", { typing: false }); }, 1500);
  });
  // The host's greeting, shown (not stored) until the conversation has a message of its own.
  var greetingRow = null;
  function greet() {
    if (state.lastId || log.childNodes.length) return;
    greetingRow = el("div", "cw-greeting");  // not a stored message: no cw-msg
    greetingRow.setAttribute("data-testid", "chat-greeting");
    greetingRow.appendChild(el("div", "cw-bubble", config.greeting || T.greeting));
    log.appendChild(greetingRow);
  }
  function openPanel() {
    panel.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    greet();
    toBottom();
    input.focus();
  }
  function closePanel() {
    panel.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();  // focus goes back where it came from
  }
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.setAttribute("aria-expanded", "false");
  launcher.addEventListener("click", openPanel);
  closeBtn.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { ev.preventDefault(); closePanel(); return; }
    if (ev.key !== "Tab") return;
    var focusable = Array.prototype.filter.call(
      panel.querySelectorAll("button, textarea, input, a[href], [tabindex='0']"),
      function (n) { return !n.disabled && n.offsetParent !== null; });
    if (!focusable.length) return;
    var first = focusable[0], last = focusable[focusable.length - 1];
    if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
  });
  resume();
})();
