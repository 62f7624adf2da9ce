/* 依申请公开 public pages. Progressive enhancement only: every form works without this file. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  // After a failed submission, move focus to the list of problems so that it is read out first.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-foi-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  // Errors link to their fields; focusing the control (not just scrolling) helps keyboard users.
  function linkErrorsToFields() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-foi-error-summary] a[href^='#']"), function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) {
          event.preventDefault();
          target.focus();
          target.scrollIntoView({ block: "center" });
        }
      });
    });
  }

  // The organisation fields show only once "法人或其他组织" is chosen. Without JavaScript they
  // are always visible and the server ignores them for a natural person.
  function toggleOrganisationFields() {
    var form = document.querySelector("[data-foi-apply]");
    if (!form) {
      return;
    }
    var radios = form.querySelectorAll("input[name='applicant_category']");
    var parts = form.querySelectorAll("[data-foi-org]");
    function update() {
      var checked = form.querySelector("input[name='applicant_category']:checked");
      var organisation = checked !== null && checked.value === "organisation";
      Array.prototype.forEach.call(parts, function (part) {
        part.hidden = !organisation;
      });
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  ready(function () {
    toggleOrganisationFields();
    linkErrorsToFields();
    focusErrorSummary();
  });
})();
