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

  // Buttons with data-copy-target copy that field's text to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.dataset.copyTarget);
    if (!field) {
      return;
    }
    var done = function () {
      var label = button.textContent;
      button.textContent = button.dataset.copiedText || label;
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done);
    } else {
      field.select();
      document.execCommand("copy");
      done();
    }
  });
})();

// Print buttons (no inline handlers: the CSP forbids them).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".js-print");
  if (button) {
    window.print();
  }
});
