/*
 * The live text transcript of a press conference or interview (/interviews/<id>/).
 *
 * Polls /interviews/<id>/transcript.json?after=<version> and applies what changed since: new entries
 * are appended, corrected ones replaced, retracted ones turned into a note. The browser's HTTP cache
 * does the rest: the answer carries a short max-age and an ETag, so an unchanged transcript costs a
 * 304. Text goes in through textContent only, never as HTML. Without this script the page shows the
 * whole transcript and a refresh link.
 */
(function () {
  "use strict";

  var list = document.querySelector("[data-iv-transcript]");
  if (!list || !window.fetch) {
    return;
  }
  var url = list.getAttribute("data-url");
  var after = parseInt(list.getAttribute("data-after"), 10) || 0;
  var interval = (parseInt(list.getAttribute("data-interval"), 10) || 5) * 1000;
  var state = list.getAttribute("data-state");
  var status = document.querySelector("[data-iv-status]");
  var badge = document.querySelector("[data-iv-state]");
  var refresh = document.querySelector("[data-iv-refresh]");
  var failures = 0;

  function paragraphs(container, text) {
    text.split(/\n{2,}/).forEach(function (block) {
      var p = document.createElement("p");
      block.split("\n").forEach(function (line, i) {
        if (i > 0) {
          p.appendChild(document.createElement("br"));
        }
        p.appendChild(document.createTextNode(line));
      });
      container.appendChild(p);
    });
  }

  function build(entry) {
    var li = document.createElement("li");
    li.className = "iv-entry" + (entry.retracted ? " iv-entry--retracted" : "");
    li.id = "entry-" + entry.id;
    li.setAttribute("data-entry-id", String(entry.id));
    if (entry.retracted) {
      var note = document.createElement("p");
      note.className = "iv-entry-note";
      note.textContent = "本段实录已撤回。";
      li.appendChild(note);
      return li;
    }
    var head = document.createElement("p");
    head.className = "iv-entry-head";
    var speaker = document.createElement("strong");
    speaker.className = "iv-speaker";
    speaker.textContent = entry.speaker;
    var time = document.createElement("time");
    time.className = "iv-time";
    time.textContent = entry.time;
    head.appendChild(speaker);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(time);
    if (entry.edited) {
      var edited = document.createElement("span");
      edited.className = "iv-edited";
      edited.textContent = "（已更正）";
      head.appendChild(document.createTextNode(" "));
      head.appendChild(edited);
    }
    li.appendChild(head);
    var body = document.createElement("div");
    body.className = "iv-entry-text";
    paragraphs(body, entry.text);
    li.appendChild(body);
    if (entry.image) {
      var img = document.createElement("img");
      img.className = "iv-entry-image";
      img.src = entry.image;
      img.alt = entry.speaker + "发言配图";
      li.appendChild(img);
    }
    return li;
  }

  function apply(entry) {
    var fresh = build(entry);
    var old = list.querySelector('[data-entry-id="' + entry.id + '"]');
    if (old) {
      list.replaceChild(fresh, old);
    } else {
      list.appendChild(fresh);
    }
    var empty = document.querySelector("[data-iv-empty]");
    if (empty) {
      empty.hidden = true;
    }
  }

  function show(message) {
    if (status) {
      status.textContent = message;
      status.hidden = false;
    }
  }

  function schedule() {
    // An event not yet begun changes rarely: ask less often.
    window.setTimeout(poll, state === "upcoming" ? interval * 6 : interval * Math.min(1 + failures, 6));
  }

  function poll() {
    window
      .fetch(url + "?after=" + after, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        (data.entries || []).forEach(apply);
        after = Math.max(after, data.version || 0);
        if (data.state && data.state.code !== state) {
          state = data.state.code;
          if (badge) {
            badge.textContent = data.state.name;
            badge.className = "iv-badge iv-badge--" + state;
          }
        }
        if (state === "ended") {
          show("直播已结束。");
          return;
        }
        show(state === "live" ? "文字实录自动更新中。" : "活动开始后，文字实录将自动更新。");
        schedule();
      })
      .catch(function () {
        failures += 1;
        show("暂时无法更新文字实录，稍后自动重试。");
        schedule();
      });
  }

  if (refresh) {
    refresh.hidden = true;
  }
  show(state === "live" ? "文字实录自动更新中。" : "活动开始后，文字实录将自动更新。");
  schedule();
})();
