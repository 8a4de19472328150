// Contribution form: shows the text of the chosen article under the article selector.
(function () {
  "use strict";
  var box = document.getElementById("article-quote");
  var select = box && document.getElementById(box.getAttribute("data-select"));
  var text = document.getElementById("article-quote-text");
  var source = document.getElementById("article-texts");
  if (!select || !box || !text || !source) { return; }
  var data = JSON.parse(source.textContent);
  select.addEventListener("change", function () {
    var body = data[select.value] || "";
    text.textContent = body;
    box.hidden = !body;
  });
})();
