// Progress pages (mailbox import): reload the page every few seconds while the work goes on,
// instead of a timed <meta> refresh, so that people can stop it (WCAG 2.2.1).
(function () {
  "use strict";
  var box = document.querySelector("[data-refresh-seconds]");
  if (!box) { return; }
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 3;
  var timer = window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  var stop = document.getElementById("refresh-stop");
  var stopped = document.getElementById("refresh-stopped");
  if (!stop) { return; }
  stop.hidden = false;
  stop.addEventListener("click", function () {
    window.clearTimeout(timer);
    stop.hidden = true;
    if (stopped) { stopped.hidden = false; }
  });
})();
