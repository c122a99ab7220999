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

// Buttons that start slow work (sending mails, importing, generating) carry
// data-slow="<progress text>". Once their form is really submitted they are
// disabled and show the text with a spinner, so nobody clicks twice; a page
// restored from the back-forward cache gets its buttons back.
(function () {
  "use strict";
  var saved = new WeakMap();

  function busy(button) {
    saved.set(button, Array.prototype.slice.call(button.childNodes));
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-1";
    spinner.setAttribute("aria-hidden", "true");
    button.replaceChildren(spinner, document.createTextNode(button.dataset.slow));
    button.setAttribute("aria-busy", "true");
    button.disabled = true;
  }

  function restore(button) {
    var children = saved.get(button);
    if (children) {
      button.replaceChildren.apply(button, children);
      saved.delete(button);
    }
    button.removeAttribute("aria-busy");
    button.disabled = false;
  }

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || button.dataset.slow === undefined) {
      return;
    }
    // Disable only after the browser has taken the button's name and value
    // into the form data, and not if a confirmation (or htmx) stopped it.
    window.setTimeout(function () {
      if (!event.defaultPrevented) {
        busy(button);
      }
    }, 0);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("[data-slow][aria-busy]").forEach(restore);
    }
  });
})();

// A box with data-tick-on="name1 name2" is ticked as soon as one of the named
// fields of its form changes (the change notice of a conference: sent only
// when date, time or place really changed; the staff can untick it again).
(function () {
  function tick(event) {
    var field = event.target;
    if (!field.form || !field.name) return;
    field.form.querySelectorAll("[data-tick-on]").forEach(function (box) {
      if (box.getAttribute("data-tick-on").split(" ").indexOf(field.name) !== -1) {
        box.checked = true;
      }
    });
  }
  document.addEventListener("input", tick);
  document.addEventListener("change", tick);
})();

// A box that scrolls sideways (.table-responsive) gets a visible hint above it
// while its table is wider than the box: on a phone, nine of the tables are
// (issue 31). The text comes from <body data-scroll-hint> (translated there).
(function () {
  "use strict";
  var text = document.body.dataset.scrollHint;
  if (!text) {
    return;
  }
  var pending = false;

  function update() {
    pending = false;
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1 &&
        box.closest("details:not([open])") === null;
      var hint = box.previousElementSibling;
      var shown = hint !== null && hint.classList.contains("scroll-hint");
      box.classList.toggle("is-scrollable", wide);
      if (wide && !shown) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = text;
        box.parentNode.insertBefore(hint, box);
      } else if (!wide && shown) {
        hint.remove();
      }
    });
  }

  function later() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(update);
    }
  }

  update();
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", later);
  // A table inside a closed <details> has no width until it opens.
  document.addEventListener("toggle", later, true);
})();
