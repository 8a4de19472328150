/* Participa: small enhancements for every page (the pages work without them).
 *
 * 1. A table wider than the screen scrolls inside its region: make that region reachable
 *    with the keyboard and name it after the table's caption (WCAG 2.1.1).
 * 2. A text field with a maximum length shows how many characters are left, announced
 *    politely to screen readers when few are left.
 */
(function () {
  "use strict";

  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var section = wrap.closest("section");
    var heading = section && section.querySelector("h1, h2, h3");
    return heading ? heading.textContent.trim() : document.documentElement.dataset.tableLabel;
  }

  function focusableTables() {
    document.querySelectorAll(".table-wrap:not([tabindex])").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var name = nameOf(wrap);
        if (name) { wrap.setAttribute("aria-label", name); }
      }
    });
  }

  function counters() {
    document.querySelectorAll("textarea[maxlength], input[maxlength]")
      .forEach(function (field) {
        var counter = field.id && document.getElementById(field.id + "_counter");
        if (!counter) { return; }
        var max = parseInt(field.getAttribute("maxlength"), 10);
        var live = document.getElementById(field.id + "_counter_live");
        var update = function () {
          var left = max - field.value.length;
          var text = counter.dataset.template
            .replace("%(left)s", String(left)).replace("%(max)s", String(max));
          counter.textContent = text;
          counter.classList.toggle("counter-low", left <= Math.max(20, max / 10));
          if (live) { live.textContent = left <= Math.max(20, max / 10) ? text : ""; }
        };
        field.addEventListener("input", update);
        update();
      });
  }

  function ready() {
    focusableTables();
    counters();
    window.addEventListener("resize", focusableTables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
