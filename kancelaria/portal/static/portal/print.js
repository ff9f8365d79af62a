// A "Print" button for pages meant to be printed (the registration slip). The button
// is hidden in the markup and shown only when this script runs, so nobody sees a
// button that does nothing.
(function () {
  "use strict";
  document.querySelectorAll("[data-print-button]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
