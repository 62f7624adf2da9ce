// 政策问答: while a citizen types a question, list similar existing answers.
// Static file (the public CSP forbids inline script); without it the form still searches.
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("qa-similar");
  var status = document.getElementById("qa-similar-status");
  var url = form.getAttribute("data-similar-url");
  var timer = null;
  var latest = 0;

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
    list.hidden = true;
  }

  function show(results) {
    clear();
    results.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.question;
      li.appendChild(a);
      var p = document.createElement("p");
      p.textContent = item.answer;
      li.appendChild(p);
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    status.textContent = results.length ? "找到" + results.length + "条相近的问答" : "";
  }

  function ask() {
    var q = input.value.trim();
    if (q.length < 2) { clear(); status.textContent = ""; return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (ticket === latest) show(data.results || []); })
      .catch(function () { /* suggestions are optional; the form still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 250);
  });
})();
