// SiKo front-end behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Buttons with data-confirm ask before they submit their form.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var text = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  });
})();
