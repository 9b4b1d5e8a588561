/* Candor rep console: login, the live handoff queue, one handoff (summary, then the whole
 * transcript), the relay actions, presence and alerts.
 * Buyer text is untrusted: everything is rendered with textContent, never as HTML. */
(function () {
  "use strict";
  // Fields of the handoff's DecisionSummary (bot/dialogue/summary.py), labelled as in
  // FIELD_LABELS there; a test checks every key here is a field of that model. Which of them
  // a handoff shows is the server's call (the detail's summary_shown, from shown_fields in
  // summary.py): a detail the situation line already states gets no row of its own.
  var SUMMARY_FIELDS = [
    ["situation", "Situation"], ["criteria", "What matters most"], ["worry", "Main worry"],
    ["competitors", "Competitors named"], ["team_size", "Team size"], ["current_tool", "Current tool"],
    ["budget", "Budget"], ["timeline", "Timeline"], ["questions_asked", "Questions asked"],
    ["open_questions", "Open questions"]
  ];
  var state = {
    me: null, csrf: "", view: "waiting", handoffs: [], current: null, socket: null,
    reps: [], rendered: {}, typingTimer: null, alerts: 0, canned: [], notes: {}
  };
  window.candorConsole = state; // read by the browser test (alert count, current handoff)

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
    return fetch(path, {
      method: method, headers: headers, credentials: "same-origin",
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var detail = typeof data.detail === "string" ? data.detail : ("HTTP " + r.status);
          var e = new Error(detail); e.status = r.status; throw e;
        }
        return data;
      });
    });
  }

  /* --- login ------------------------------------------------------------------------------ */
  function showLogin() {
    $("app").hidden = true; $("password").hidden = true; $("login").hidden = false;
    if (state.socket) { state.socket.disconnect(); state.socket = null; }
    state.me = null;
  }

  // Demo mode says so, with the sample reps to try (they must choose a password at first login).
  api("GET", "/api/reps/login-info").then(function (info) {
    if (!info.demo_mode) return;
    var note = $("login-demo");
    note.textContent = "Demo mode: sample reps from " + info.demo_roster + " (" +
      info.demo_reps.join(", ") + ") log in with the demo password in that file and must " +
      "choose their own at first login. Not for real customers.";
    note.hidden = false;
  }).catch(function () {});

  function showPasswordChange(data) {
    state.me = data.rep; state.csrf = data.csrf_token;
    $("login").hidden = true; $("app").hidden = true; $("password").hidden = false;
  }

  $("password-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    $("password-error").textContent = "";
    if ($("pw-new").value !== $("pw-again").value) {
      $("password-error").textContent = "The two new passwords differ.";
      return;
    }
    api("POST", "/api/reps/password", { current_password: $("pw-current").value, new_password: $("pw-new").value })
      .then(start).catch(function (e) { $("password-error").textContent = e.message; });
  });

  $("login-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    $("login-error").textContent = "";
    api("POST", "/api/reps/login", { email: $("login-email").value, password: $("login-password").value })
      .then(start).catch(function (e) { $("login-error").textContent = e.message; });
  });

  $("logout").addEventListener("click", function () {
    api("POST", "/api/reps/logout").catch(function () {}).then(function () {
      if (state.socket) state.socket.disconnect();
      state.socket = null; state.me = null;
      showLogin();
    });
  });

  function start(data) {
    if (data.must_change_password) { showPasswordChange(data); return; }
    state.me = data.rep; state.csrf = data.csrf_token;
    $("login").hidden = true; $("password").hidden = true; $("app").hidden = false;
    $("me-name").textContent = state.me.name + " · " + (state.me.role || "");
    connect();
    loadRoster();
    loadCanned();
    refreshQueue();
    var match = /handoff=(\d+)/.exec(location.hash);
    if (match) openHandoff(Number(match[1]));
  }

  /* --- live updates --------------------------------------------------------------------- */
  // "Disconnected — retrying": while it shows, nothing live arrives (socket.io keeps retrying).
  function connectionBanner() {
    var existing = document.getElementById("connection");
    if (existing) return existing;
    var box = document.createElement("div");
    box.id = "connection";
    box.className = "connection";
    box.setAttribute("role", "status");
    box.setAttribute("data-testid", "console-connection");
    box.textContent = "Disconnected — retrying… Live updates resume when the connection is back.";
    box.hidden = true;
    var banner = $("banner");
    banner.parentNode.insertBefore(box, banner);
    return box;
  }

  function connect() {
    if (!window.io || state.socket) return;
    var socket = window.io("/console", { withCredentials: true });
    state.socket = socket;
    var offline = connectionBanner();
    socket.on("connect", function () {
      offline.hidden = true;
      $("presence").classList.add("online");
      if (state.current) watch(state.current.conversation.id);
    });
    socket.on("disconnect", function (reason) {
      offline.hidden = reason === "io client disconnect";  // we closed it (logout)
      $("presence").classList.remove("online");
      // The server cut us (logged out elsewhere, deactivated): is the session still good?
      if (reason === "io server disconnect") {
        api("GET", "/api/reps/me").then(function () { socket.connect(); }).catch(showLogin);
      }
    });
    socket.on("connect_error", function () { offline.hidden = false; $("presence").classList.remove("online"); });
    socket.on("handoff", function (d) {
      scheduleRefresh();
      var rep = d.handoff && d.handoff.rep;
      if (rep && state.me && (rep.id === state.me.id || rep.email === state.me.email)) {
        alertRep("New handoff for you: " + (d.handoff.reason || "a buyer needs you"), d.handoff.id);
      }
    });
    socket.on("handoff_assigned", function (d) {
      scheduleRefresh();
      alertRep("Handoff reassigned to you: " + ((d.handoff && d.handoff.reason) || ""), d.handoff && d.handoff.id);
    });
    socket.on("handoff_updated", function (d) {
      scheduleRefresh();
      if (state.current && d.handoff && d.handoff.id === state.current.handoff.id) openHandoff(d.handoff.id, true);
    });
    socket.on("buyer_message", function (d) { appendLive(d.conversation_id, d.message); });
    socket.on("rep_message", function (d) { appendLive(d.conversation_id, d.message); });
    socket.on("rep_note", function (d) {
      if (state.current && d.conversation_id === state.current.conversation.id) renderNote(d.note);
    });
    socket.on("buyer_typing", function (d) {
      if (!state.current || d.conversation_id !== state.current.conversation.id) return;
      $("d-typing").textContent = d.typing ? "The buyer is typing…" : "";
    });
    setInterval(function () { if (socket.connected) socket.emit("heartbeat", {}); }, 20000);
  }

  function watch(conversationId) {
    if (state.socket && state.socket.connected) state.socket.emit("watch", { conversation_id: conversationId });
  }

  function appendLive(conversationId, message) {
    if (!state.current || conversationId !== state.current.conversation.id) {
      // A buyer message in another conversation: its row's unread count goes up at once (the
      // next queue refresh brings the server's count, which is the same).
      if (message.sender !== "buyer") return;
      state.handoffs.forEach(function (h) {
        if (h.conversation_id === conversationId) h.unread = (h.unread || 0) + 1;
      });
      renderQueue();
      return;
    }
    if (message.sender === "buyer") { $("d-typing").textContent = ""; markRead(message.id); }
    renderMessage(message);
  }

  // The rep has seen the open conversation up to this message: its badge clears for them
  // (on every console of theirs, at the next queue refresh).
  function markRead(messageId) {
    if (!state.current) return;
    var conversationId = state.current.conversation.id;
    state.handoffs.forEach(function (h) { if (h.conversation_id === conversationId) h.unread = 0; });
    api("POST", "/api/handoffs/" + state.current.handoff.id + "/read",
        messageId ? { message_id: messageId } : {}).catch(function () {});
  }

  function alertRep(text, handoffId) {
    state.alerts += 1;
    var banner = $("banner");
    banner.textContent = text;
    // The alert is a way in: it opens the handoff it announces.
    if (handoffId) {
      var open = el("button", "ghost", "Open");
      open.type = "button";
      open.setAttribute("data-testid", "alert-open");
      open.addEventListener("click", function () { banner.hidden = true; openHandoff(handoffId); });
      banner.appendChild(document.createTextNode(" "));
      banner.appendChild(open);
    }
    banner.hidden = false;
    try { new Audio("/static/console/ding.wav").play().catch(function () {}); } catch (e) { /* no audio */ }
    if (window.Notification && Notification.permission === "granted") {
      try { new Notification("Candor", { body: text }); } catch (e) { /* some browsers need a SW */ }
    }
  }

  $("enable-alerts").addEventListener("click", function () {
    if (window.Notification && Notification.permission !== "granted") Notification.requestPermission();
    try { new Audio("/static/console/ding.wav").play().catch(function () {}); } catch (e) { /* */ }
  });

  /* --- queue ------------------------------------------------------------------------------ */
  Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (tab) {
    tab.addEventListener("click", function () {
      state.view = tab.getAttribute("data-view");
      Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (t) {
        t.classList.toggle("active", t === tab);
      });
      refreshQueue();
    });
  });

  // One request per refresh (the counts come with the list); pushes that arrive together
  // (a burst of handoff updates) are coalesced into one refresh.
  var refreshing = null, again = false, scheduled = null;
  function refreshQueue() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = api("GET", "/api/handoffs?status=" + state.view).then(function (r) {
      state.handoffs = r.handoffs;
      $("count-waiting").textContent = "(" + r.counts.waiting + ")";
      $("count-mine").textContent = "(" + r.counts.mine + ")";
      renderQueue();
    }).catch(function (e) { if (e.status === 401) showLogin(); })
      .then(function () {
        refreshing = null;
        if (again) { again = false; scheduleRefresh(); }
      });
    return refreshing;
  }
  function scheduleRefresh() {
    if (scheduled) return;
    scheduled = setTimeout(function () { scheduled = null; refreshQueue(); }, 300);
  }

  function waitText(h) {
    if (h.status !== "waiting") return h.status === "active" ? "in progress" : (h.outcome || h.status);
    var secs = Math.max(0, Math.round((Date.now() - Date.parse(h.created_at)) / 1000));
    return secs < 60 ? secs + "s waiting" : Math.floor(secs / 60) + "m waiting";
  }

  function renderQueue() {
    var list = $("queue-list");
    // Rows are rebuilt (every 10 s too): keep the keyboard where it was.
    var focused = document.activeElement && document.activeElement.getAttribute("data-handoff-id");
    list.textContent = "";
    state.handoffs.forEach(function (h) {
      var li = el("li");
      li.setAttribute("data-testid", "queue-item");
      li.setAttribute("data-handoff-id", h.id);
      if (state.current && state.current.handoff.id === h.id) li.classList.add("current");
      var isCurrent = state.current && state.current.handoff.id === h.id;
      var unread = isCurrent ? 0 : (h.unread || 0);
      if (unread) li.classList.add("unread");
      // Who (when known), their situation in one line, then why, status, rep and wait.
      var summary = h.summary || {};
      var who = [summary.company, h.buyer_email].filter(Boolean).join(" · ") || "Buyer (not named yet)";
      li.appendChild(el("div", "who", who));
      var reason = el("div", "reason", h.reason);
      if (unread) {
        // Buyer messages since this rep last had the conversation open.
        var badge = el("span", "badge", unread);
        badge.setAttribute("data-testid", "unread-badge");
        badge.title = unread + " unread from the buyer";
        badge.appendChild(el("span", "sr-only", " unread from the buyer"));
        reason.appendChild(badge);
      }
      li.appendChild(reason);
      if (summary.situation) li.appendChild(el("div", "situation", summary.situation));
      var meta = el("div", "row-meta");
      meta.appendChild(el("span", "trigger", String(h.trigger || "").replace(/_/g, " ")));
      meta.appendChild(el("span", "status " + h.status, h.status));
      meta.appendChild(el("span", "rep", h.rep ? h.rep.name : "unassigned"));
      var wait = el("span", "wait", waitText(h));
      wait.setAttribute("data-created", h.created_at);
      meta.appendChild(wait);
      li.appendChild(meta);
      li.addEventListener("click", function () { openHandoff(h.id); });
      // Reachable and opened from the keyboard, like a link.
      li.tabIndex = 0;
      if (state.current && state.current.handoff.id === h.id) li.setAttribute("aria-current", "true");
      li.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openHandoff(h.id); }
      });
      list.appendChild(li);
      if (focused === String(h.id)) li.focus();
    });
    $("queue-empty").hidden = state.handoffs.length > 0;
  }
  setInterval(function () { if (state.me) renderQueue(); }, 10000);

  function loadRoster() {
    api("GET", "/api/reps").then(function (d) {
      state.reps = d.reps;
      var select = $("a-reassign-to");
      select.textContent = "";
      d.reps.forEach(function (r) {
        var opt = el("option", "", r.name + (r.online ? " (online)" : ""));
        opt.value = r.id;
        select.appendChild(opt);
      });
    }).catch(function () {});
  }

  /* --- one handoff ------------------------------------------------------------------------ */
  function openHandoff(id, keepScroll) {
    return api("GET", "/api/handoffs/" + id).then(function (d) {
      var same = state.current && state.current.handoff.id === id;
      state.current = d;
      if (!same) watch(d.conversation.id);
      if (!same || !keepScroll) { state.rendered = {}; $("d-log").textContent = ""; }
      if (!same) { $("d-typing").textContent = ""; $("d-error").textContent = ""; }
      history.replaceState(null, "", "#handoff=" + id);
      if (!same) { state.notes = {}; $("d-notes").textContent = ""; $("a-outcome").value = d.handoff.outcome || ""; }
      renderDetail(d);
      var newest = d.messages.length ? d.messages[d.messages.length - 1].id : null;
      markRead(newest);
      renderQueue();
      // One column on a phone: bring the opened handoff into view below the queue.
      if (!same && window.matchMedia("(max-width: 700px)").matches) $("detail").scrollIntoView();
    }).catch(function (e) { $("d-error").textContent = e.message; });
  }

  function summaryValue(value) {
    if (Array.isArray(value)) {
      return value.map(function (v) { return typeof v === "object" && v ? (v.title || v.text || JSON.stringify(v)) : String(v); }).join("\n");
    }
    if (value && typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function renderDetail(d) {
    var h = d.handoff;
    $("detail-empty").hidden = true;
    $("detail-body").hidden = false;
    $("d-title").textContent = h.reason;
    $("d-meta").textContent = "#" + h.id + " · " + h.status + (h.outcome ? " (" + h.outcome + ")" : "") +
      " · " + (h.rep ? h.rep.name + ", " + h.rep.role : "unassigned") + " · conversation " + d.conversation.id;
    var dl = $("d-summary");
    dl.textContent = "";
    function row(label, value) {
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
      dl.appendChild(el("dt", "", label));
      dl.appendChild(el("dd", "", summaryValue(value)));
    }
    var s = h.summary || {};
    var shown = d.summary_shown; // absent: show every field that has a value
    SUMMARY_FIELDS.forEach(function (f) { if (!shown || shown.indexOf(f[0]) >= 0) row(f[1], s[f[0]]); });
    row("What our content says", (s.content_says || []).map(function (c) {
      var src = c.source || {};
      return "On " + c.topic + ": " + c.text + " (" + (src.title || src.path || "") + ")";
    }));
    row("Trigger", h.trigger);
    row("Sources shown", (s.sources_shown || []).map(function (src) {
      return (src.title || src.path || "") + (src.heading ? " — " + src.heading : "");
    }));
    row("Buyer's email", h.buyer_email);
    row("Routing", (h.routing && h.routing.reasons) || []);
    row("Waiting", waitText(h));
    $("d-md").href = "/api/handoffs/" + h.id + "/transcript?format=md";
    $("d-json").href = "/api/handoffs/" + h.id + "/transcript?format=json";
    d.messages.forEach(renderMessage);
    (d.notes || []).forEach(renderNote);
    setActionStates(h);
  }

  function setActionStates(h) {
    var mine = h.status === "active" && h.rep && h.rep.id === state.me.id;
    var open = h.status === "waiting" || h.status === "active";
    // Release, close and reassign: the handoff's own rep (waiting or active) or a lead.
    var mayEnd = open && (state.me.lead || (h.rep && h.rep.id === state.me.id));
    // A handed-back conversation can still get its outcome, from its rep or a lead.
    var released = h.status === "released";
    var mayRecord = released && (state.me.lead || (h.rep && h.rep.id === state.me.id));
    $("a-claim").disabled = h.status !== "waiting";
    $("a-release").disabled = !mayEnd;
    $("a-close").disabled = !(mayEnd || mayRecord);
    if (!closeArmed) $("a-close").textContent = released ? "Save outcome" : "Close";
    $("a-reassign").disabled = !mayEnd;
    $("a-outcome").disabled = !(open || mayRecord);
    $("a-reassign-to").disabled = !open;
    $("reply-form").hidden = !mine;
  }

  // A slow action: its button is disabled and says what is happening at once, and after 2 s
  // the console says it is taking longer, so nobody clicks again wondering if it counted.
  var SLOW_MS = 2000;
  function busy(button, text) {
    var label = button.textContent;
    var note = $("d-pending");
    if (!note) {
      note = el("p", "pending");
      note.id = "d-pending";
      note.setAttribute("role", "status");
      note.setAttribute("data-testid", "pending");
      $("d-error").parentNode.insertBefore(note, $("d-error"));
    }
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.textContent = text;
    note.textContent = "";
    var slow = setTimeout(function () { note.textContent = text + " Taking longer than usual — please wait."; }, SLOW_MS);
    return function done() {
      clearTimeout(slow);
      note.textContent = "";
      button.textContent = label;
      button.removeAttribute("aria-busy");
      button.disabled = false;
      if (state.current) setActionStates(state.current.handoff);
    };
  }

  function flagsFor(messageId) {
    return (state.current.flags || []).filter(function (f) { return f.message_id === messageId; });
  }

  function renderMessage(m) {
    if (m.id && state.rendered[m.id]) return;
    if (m.id) state.rendered[m.id] = true;
    var box = el("div", "msg " + m.sender);
    box.setAttribute("data-sender", m.sender);
    box.setAttribute("data-message-id", m.id);
    var who = m.sender === "buyer" ? "Buyer" : m.sender === "rep" ? ((m.rep && m.rep.name) || "Rep") : "Assistant";
    var time = m.created_at ? new Date(m.created_at).toLocaleTimeString() : "";
    box.appendChild(el("div", "who", who + " · " + time));
    box.appendChild(el("div", "text", m.text));
    if (m.sources && m.sources.length) {
      // Each source links to the page (http(s) only), with the knowledge file it came from.
      var sources = el("div", "sources", "Sources: ");
      m.sources.forEach(function (s, i) {
        if (i) sources.appendChild(document.createTextNode("; "));
        var label = (s.title || s.path) + (s.heading ? " — " + s.heading : "");
        if (s.url && /^https?:\/\//.test(s.url)) {
          var a = el("a", "", label); a.href = s.url; a.target = "_blank"; a.rel = "noopener";
          sources.appendChild(a);
        } else { sources.appendChild(document.createTextNode(label)); }
        if (s.path) sources.appendChild(document.createTextNode(" [" + s.path + "]"));
      });
      box.appendChild(sources);
    }
    var isNote = m.custom && m.custom.event; // "X has joined" lines are not answers
    if (m.sender === "bot" && !isNote) box.appendChild(flagControls(m));
    var log = $("d-log");
    log.appendChild(box);
    log.scrollTop = log.scrollHeight; // the summary above stays in view
  }

  function flagControls(m) {
    var wrap = el("div");
    flagsFor(m.id).forEach(function (f) {
      wrap.appendChild(el("div", "flagged", "Flagged " + f.kind + (f.note ? ": " + f.note : "") + (f.rep ? " by " + f.rep : "")));
    });
    var box = el("div", "flagbox");
    var kind = el("select");
    kind.setAttribute("aria-label", "Flag this answer");
    ["wrong", "stale", "missing"].forEach(function (k) { var o = el("option", "", k); o.value = k; kind.appendChild(o); });
    var note = el("input"); note.placeholder = "What is wrong? (optional)";
    var btn = el("button", "ghost", "Flag answer"); btn.type = "button";
    btn.setAttribute("data-testid", "flag-answer");
    btn.addEventListener("click", function () {
      api("POST", "/api/handoffs/" + state.current.handoff.id + "/flags", { message_id: m.id, kind: kind.value, note: note.value })
        .then(function (r) {
          state.current.flags.push(r.flag);
          box.replaceWith(el("div", "flagged", "Flagged " + r.flag.kind + " (" + (r.flag.source_path || "no source") + ")"));
        }).catch(function (e) { $("d-error").textContent = e.message; });
    });
    box.appendChild(el("span", "muted", "Flag:"));
    box.appendChild(kind); box.appendChild(note); box.appendChild(btn);
    wrap.appendChild(box);
    return wrap;
  }

  function act(path, body, button, busyText) {
    if (!state.current) return;
    var id = state.current.handoff.id;
    $("d-error").textContent = "";
    var done = busy(button, busyText);
    return api("POST", "/api/handoffs/" + id + "/" + path, body).then(function () {
      refreshQueue();
      return openHandoff(id, true);
    }).catch(function (e) { $("d-error").textContent = e.message; }).then(done);
  }

  $("a-claim").addEventListener("click", function () { act("claim", undefined, $("a-claim"), "Claiming…"); });
  $("a-release").addEventListener("click", function () { act("release", undefined, $("a-release"), "Handing back…"); });
  // Closing is final: an outcome must be chosen (there is no default), and a second click
  // within 5 s confirms it.
  var closeArmed = null;
  $("a-close").addEventListener("click", function () {
    var button = $("a-close");
    if (!$("a-outcome").value) { $("d-error").textContent = "Choose an outcome before closing."; $("a-outcome").focus(); return; }
    if (state.current && state.current.handoff.status === "released") {
      // Nothing to confirm: the buyer is not affected and the outcome can be changed again.
      act("outcome", { outcome: $("a-outcome").value }, button, "Saving…");
      return;
    }
    if (!closeArmed) {
      $("d-error").textContent = "";
      button.textContent = "Confirm close";
      closeArmed = setTimeout(function () { closeArmed = null; button.textContent = "Close"; }, 5000);
      return;
    }
    clearTimeout(closeArmed);
    closeArmed = null;
    button.textContent = "Close";
    act("close", { outcome: $("a-outcome").value }, button, "Closing…");
  });
  $("a-reassign").addEventListener("click", function () { act("reassign", { rep_id: Number($("a-reassign-to").value) }, $("a-reassign"), "Reassigning…"); });

  $("reply-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = $("reply-text").value.trim();
    var sendButton = $("reply-form").querySelector("button[type=submit]");
    if (!text || !state.current || sendButton.disabled) return;
    var done = busy(sendButton, "Sending…");
    api("POST", "/api/handoffs/" + state.current.handoff.id + "/messages", { text: text }).then(function (r) {
      $("reply-text").value = "";
      renderMessage(r.message);
      typingSignal(false);
    }).catch(function (e) { $("d-error").textContent = e.message; }).then(done);
  });
  $("reply-text").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); $("reply-form").requestSubmit(); }
  });
  $("reply-text").addEventListener("input", function () {
    typingSignal(true);
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(function () { typingSignal(false); }, 1500);
  });
  var lastTyping = { at: 0, typing: false };
  function typingSignal(typing) {
    // Only the rep who has the conversation is shown typing; once a second is plenty.
    if (!state.socket || !state.current || state.current.handoff.status !== "active") return;
    var now = Date.now();
    if (typing === lastTyping.typing && now - lastTyping.at < 1000) return;
    lastTyping = { at: now, typing: typing };
    state.socket.emit("rep_typing", { conversation_id: state.current.conversation.id, typing: typing });
  }

  /* --- private notes ------------------------------------------------------------------- */
  function renderNote(note) {
    if (state.notes[note.id]) return;
    state.notes[note.id] = true;
    var li = el("li");
    li.setAttribute("data-testid", "note");
    var time = new Date(note.created_at).toLocaleString();
    li.appendChild(el("span", "who", ((note.rep && note.rep.name) || "A rep") + " · " + time));
    li.appendChild(document.createTextNode(note.text));
    $("d-notes").appendChild(li);
  }

  $("note-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = $("note-text").value.trim();
    var button = $("note-form").querySelector("button[type=submit]");
    if (!text || !state.current || button.disabled) return;
    var done = busy(button, "Saving…");
    api("POST", "/api/handoffs/" + state.current.handoff.id + "/notes", { text: text }).then(function (r) {
      $("note-text").value = "";
      renderNote(r.note);
    }).catch(function (e) { $("d-error").textContent = e.message; }).then(done);
  });

  /* --- canned replies -------------------------------------------------------------------- */
  function loadCanned() {
    return api("GET", "/api/canned-replies").then(function (d) {
      state.canned = d.replies;
      $("canned-team").textContent = "(team " + d.team + ")";
      renderCanned();
    }).catch(function () {});
  }

  function renderCanned() {
    var picker = $("canned-picker");
    picker.length = 1; // keep "Canned reply…"
    var list = $("canned-list");
    list.textContent = "";
    state.canned.forEach(function (reply) {
      var opt = el("option", "", reply.title);
      opt.value = reply.id;
      picker.appendChild(opt);
      var li = el("li");
      li.setAttribute("data-testid", "canned-item");
      li.appendChild(el("span", "", reply.title));
      var buttons = el("span");
      var edit = el("button", "ghost", "Edit"); edit.type = "button";
      edit.setAttribute("aria-label", "Edit " + reply.title);
      edit.addEventListener("click", function () {
        $("canned-id").value = reply.id; $("canned-title").value = reply.title;
        $("canned-text").value = reply.text; $("canned-title").focus();
      });
      var remove = el("button", "ghost", "Delete"); remove.type = "button";
      remove.setAttribute("aria-label", "Delete " + reply.title);
      remove.addEventListener("click", function () {
        api("DELETE", "/api/canned-replies/" + reply.id).then(loadCanned)
          .catch(function (e) { $("canned-error").textContent = e.message; });
      });
      buttons.appendChild(edit); buttons.appendChild(remove);
      li.appendChild(buttons);
      list.appendChild(li);
    });
    picker.disabled = !state.canned.length;
  }

  // Choosing a canned reply fills the box; the rep reads (and may edit) it before sending.
  $("canned-picker").addEventListener("change", function () {
    var picker = $("canned-picker");
    var reply = state.canned.filter(function (r) { return String(r.id) === picker.value; })[0];
    picker.value = "";
    if (!reply) return;
    var box = $("reply-text");
    box.value = box.value.trim() ? box.value.replace(/\s*$/, "\n") + reply.text : reply.text;
    box.focus();
  });

  function clearCannedForm() {
    $("canned-id").value = ""; $("canned-title").value = ""; $("canned-text").value = "";
    $("canned-error").textContent = "";
  }
  $("canned-new").addEventListener("click", clearCannedForm);
  $("canned-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var id = $("canned-id").value;
    var body = { title: $("canned-title").value, text: $("canned-text").value };
    api(id ? "PUT" : "POST", "/api/canned-replies" + (id ? "/" + id : ""), body)
      .then(function () { clearCannedForm(); return loadCanned(); })
      .catch(function (e) { $("canned-error").textContent = e.message; });
  });

  api("GET", "/api/reps/me").then(start).catch(showLogin);
})();
