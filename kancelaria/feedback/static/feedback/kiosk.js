// The survey tablet: after the thank-you page has shown for a few seconds, go back to
// an empty survey for the next person. Without JavaScript the "Next person" link does it.
(function () {
  "use strict";
  var panel = document.querySelector("[data-kiosk-reset]");
  if (!panel) {
    return;
  }
  var seconds = parseInt(panel.getAttribute("data-kiosk-reset"), 10) || 8;
  var target = panel.getAttribute("data-kiosk-url");
  window.setTimeout(function () {
    window.location.assign(target);
  }, seconds * 1000);
})();
