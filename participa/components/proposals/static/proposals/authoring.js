/* The proposal form's enhancement: the similar proposals shown while typing (the map to
   choose the point is static/js/point-picker.js). Without JavaScript the form works the same:
   "Preview" shows the similar proposals. */
(function () {
  "use strict";

  var form = document.getElementById("proposal-form");
  if (!form) {
    return;
  }

  function field(name) {
    return form.querySelector("[name='" + name + "']");
  }

  /* Similar proposals while typing (debounced). */
  var title = field("title");
  var body = field("body");
  var target = document.getElementById("similar-proposals");
  var timer = null;
  var lastQuery = "";

  function refreshSimilar() {
    var params = new URLSearchParams();
    params.set("title", title.value);
    params.set("body", body.value);
    if (form.dataset.exclude) {
      params.set("exclude", form.dataset.exclude);
    }
    var query = params.toString();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    fetch(form.dataset.similarUrl + "?" + query, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (query === lastQuery) {
          target.innerHTML = html;
        }
      })
      .catch(function () { /* the list stays as it was */ });
  }

  if (title && body && target && form.dataset.similarUrl) {
    [title, body].forEach(function (input) {
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(refreshSimilar, 600);
      });
    });
  }
})();
