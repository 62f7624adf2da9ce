/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Runs in <head>: mark JS support before first paint so the phone menu starts collapsed.
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  ready(function () {
    var toggle = document.querySelector(".nav-toggle");
    var list = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (toggle && list) {
      toggle.hidden = false;
      var setOpen = function (open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        list.classList.toggle("is-open", open);
      };
      toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
          setOpen(false);
          toggle.focus();
        }
      });
    }

    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      var wrapper = button.closest(".print-action");
      if (wrapper) {
        wrapper.hidden = false;
      }
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
