/* Candor editors' view: one read-only call (/api/editors/overview) rendered as text (never HTML).
 * The console's login session opens it; only reps listed as editors get the data (403 otherwise). */
(function () {
  "use strict";
  var statusBox = document.getElementById("status");
  var content = document.getElementById("content");
  var since = document.getElementById("since");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function where(path, heading) {
    return path + (heading ? " § " + heading : "");
  }

  function renderGaps(report) {
    var list = document.getElementById("gaps");
    list.textContent = "";
    if (!report.groups.length) { list.appendChild(el("li", "", "No content gaps in this period.")); return; }
    report.groups.forEach(function (g) {
      var item = el("li");
      item.setAttribute("data-testid", "gap-group");
      var reasons = Object.keys(g.reasons).map(function (k) { return k + " " + g.reasons[k]; }).join(", ");
      item.appendChild(el("div", "gap-head", g.buyers + " buyer(s), " + g.questions + " question(s) — " + reasons));
      var examples = el("ul", "gap-examples");
      g.examples.forEach(function (q) { examples.appendChild(el("li", "", "“" + q + "”")); });
      item.appendChild(examples);
      if (g.nearest_page) item.appendChild(el("div", "gap-meta", "Nearest page now: " + where(g.nearest_page.path, g.nearest_page.heading)));
      if (g.found_then) item.appendChild(el("div", "gap-meta", "Found when asked: " + where(g.found_then.path, g.found_then.heading)));
      g.buyer_reasons.forEach(function (r) { item.appendChild(el("div", "gap-meta", "Buyer said: " + r)); });
      g.rep_answers.forEach(function (a) {
        item.appendChild(el("div", "rep-answer", (a.rep || "A rep") + " answered: " + a.reply));
      });
      list.appendChild(item);
    });
  }

  function renderAnswered(marks) {
    var list = document.getElementById("answered");
    list.textContent = "";
    if (!marks.length) list.appendChild(el("li", "", "No gap marked answered yet."));
    marks.forEach(function (m) {
      list.appendChild(el("li", "", "“" + m.question + "” → " + where(m.page.path, m.page.heading) + " (" + m.marked_at.slice(0, 10) + "): since then " + m.asked_since + " similar question(s), " + m.got_page + " got that page, " + m.still_gaps + " still a gap"));
    });
  }

  function renderPages(pages) {
    var body = document.getElementById("pages");
    body.textContent = "";
    pages.forEach(function (p) {
      var row = el("tr");
      var verdicts = p.helpful + p.not_helpful;
      var rate = p.not_helpful_rate === null ? "-" : p.not_helpful + "/" + verdicts + " (" + Math.round(p.not_helpful_rate * 100) + "%)";
      [p.path, p.cited, rate, p.handoffs_after, p.open_flags, p.updated, p.owner, p.stale ? "stale" : ""].forEach(function (v) {
        row.appendChild(el("td", "", String(v)));
      });
      body.appendChild(row);
    });
  }

  function renderProblems(problems) {
    var list = document.getElementById("problems");
    list.textContent = "";
    if (!problems.length) list.appendChild(el("li", "", "None: every file is valid."));
    problems.forEach(function (p) {
      list.appendChild(el("li", "", p.path + ":" + p.line + ": " + p.message + (p.error ? "" : " (warning)")));
    });
  }

  function renderFlags(flags) {
    var list = document.getElementById("flags");
    list.textContent = "";
    if (!flags.length) list.appendChild(el("li", "", "No open flags."));
    flags.forEach(function (f) {
      var text = f.kind + " — " + where(f.source_path || "(no source)", f.source_heading) + (f.note ? ": " + f.note : "") + (f.rep ? " (" + f.rep + ")" : "");
      list.appendChild(el("li", "", text));
    });
  }

  function load() {
    statusBox.textContent = "Loading…";
    statusBox.className = "";
    var query = since.value ? "?since=" + encodeURIComponent(since.value) : "";
    fetch("/api/editors/overview" + query, { credentials: "same-origin" }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (r.status === 401) throw new Error("Log in at /console first, then come back to /editors.");
        if (r.status === 403) { var e = new Error("This view is for content editors: " + (data.detail || "not allowed") + "."); e.refused = true; throw e; }
        if (!r.ok) throw new Error(data.detail || "HTTP " + r.status);
        return data;
      });
    }).then(function (data) {
      renderGaps(data.gaps);
      renderAnswered(data.gaps.answered || []);
      renderPages(data.pages);
      renderProblems(data.problems);
      renderFlags(data.flags);
      statusBox.textContent = data.gaps.questions + " gap question(s) in this period.";
      content.hidden = false;
    }).catch(function (e) {
      content.hidden = true;
      statusBox.textContent = e.message;
      statusBox.className = "refused";
      if (e.refused) statusBox.setAttribute("data-refused", "true");
    });
  }

  since.addEventListener("change", load);
  load();
})();
