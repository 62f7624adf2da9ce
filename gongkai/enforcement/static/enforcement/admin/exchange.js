/*
 * 双公示 import: post the step's form with fetch() and show how far the server has got.
 *
 * The server runs the step inside the request and writes the rows done to the cache every 1,000
 * rows; this polls GET <data-progress-url> once a second ({done, total?, phase}) and fills the
 * <progress> bar. When the step is done the server answers {location}, and the page goes there;
 * {errors} are shown above the button. Without this script the form posts normally.
 */
(function () {
  "use strict";

  var POLL_MS = 1000;

  function paragraphs(box, lines) {
    while (box.firstChild) box.removeChild(box.firstChild);
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
  }

  function setup(form) {
    var progressUrl = form.getAttribute("data-progress-url");
    var box = form.querySelector("[data-exchange-progress]");
    var errors = form.querySelector("[data-exchange-errors]");
    if (!progressUrl || !box || !errors || !window.fetch || !window.FormData) return;
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-exchange-progress-text]");
    var buttons = form.querySelectorAll("button[type=submit]");
    var knownTotal = parseInt(form.getAttribute("data-total") || "0", 10) || 0;
    var busy = false;
    var timer = null;

    function describe(state) {
      var done = state.done || 0;
      if (state.phase === "import") {
        return done ? "正在导入，已处理" + done + "行" : "正在导入…";
      }
      if (state.phase === "validate") return "正在校验，已处理" + done + "行";
      if (state.phase === "done") return "已处理" + done + "行，正在打开结果页面…";
      if (state.phase === "failed") return "处理失败";
      return "已处理" + done + "行";
    }

    function show(state) {
      var total = state.total || knownTotal;
      if (total) {
        bar.max = total;
        bar.value = Math.min(state.done || 0, total);
      } else {
        bar.removeAttribute("value"); // unknown length: an indeterminate bar
      }
      text.textContent = describe(state);
    }

    function poll() {
      fetch(progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          // 404 until the server has received the upload and started the step.
          return response.ok ? response.json() : null;
        })
        .then(function (state) {
          if (busy && state) show(state);
        })
        .catch(function () {})
        .then(function () {
          if (busy) timer = window.setTimeout(poll, POLL_MS);
        });
    }

    function stop() {
      busy = false;
      window.clearTimeout(timer);
      box.hidden = true;
      buttons.forEach(function (button) { button.disabled = false; });
    }

    function fail(lines) {
      stop();
      paragraphs(errors, lines);
      errors.hidden = false;
      errors.scrollIntoView({ block: "nearest" });
    }

    // Back from the result page: the browser may restore this page as it was, mid-step.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) stop();
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      var input = form.querySelector("input[type=file][data-max-bytes]");
      if (input && input.files.length && input.files[0].size > parseInt(input.getAttribute("data-max-bytes"), 10)) {
        fail([input.getAttribute("data-too-large")]);
        return;
      }
      var body = new FormData(form);
      busy = true;
      errors.hidden = true;
      buttons.forEach(function (button) { button.disabled = true; });
      bar.removeAttribute("value");
      text.textContent = input ? "正在上传文件…" : "正在开始…";
      box.hidden = false;
      timer = window.setTimeout(poll, POLL_MS);
      fetch(form.action || window.location.href, {
        method: "POST",
        body: body,
        headers: { Accept: "application/json", "X-Requested-With": "fetch" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(
            function (data) { return { status: response.status, data: data }; },
            function () { return { status: response.status, data: null }; }
          );
        })
        .then(function (reply) {
          var data = reply.data;
          if (data && data.location) {
            busy = false;
            window.clearTimeout(timer);
            if (bar.max && bar.hasAttribute("value")) bar.value = bar.max;
            text.textContent = "处理完成，正在打开结果页面…";
            window.location.assign(data.location);
          } else if (data && data.errors) {
            fail(data.errors);
          } else if (reply.status === 413) {
            fail(["文件过大，服务器拒绝接收。"]);
          } else if (reply.status === 403) {
            fail(["提交被拒绝（403）。请刷新页面后重试。"]);
          } else {
            fail(["提交失败（HTTP " + reply.status + "），请稍后重试。"]);
          }
        })
        .catch(function () {
          fail(["网络连接中断，未能完成。请检查网络后重试；如已在处理，可稍后在执法决定列表中查看。"]);
        });
    });
  }

  document.querySelectorAll("form[data-exchange-form]").forEach(setup);
})();
