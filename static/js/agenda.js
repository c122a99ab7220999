// Agenda editor: drag and drop with SortableJS; the order is posted by htmx
// (the form's data-hx-trigger="end"). The up/down buttons work without JavaScript.
(function () {
  "use strict";
  function init(root) {
    root.querySelectorAll(".js-sortable").forEach(function (list) {
      if (list.dataset.sortableReady) {
        return;
      }
      list.dataset.sortableReady = "1";
      window.Sortable.create(list, {
        handle: ".drag-handle",
        animation: 150,
        onEnd: function () {
          this.option("disabled", true);
        }
      });
    });
  }

  // After a move the page is reloaded with the pressed button in the URL
  // fragment, and the browser focuses it. At the top or bottom that button is
  // disabled: then the other arrow of the same item gets the focus.
  function restoreFocus() {
    var id = window.location.hash.slice(1);
    var button = id && document.getElementById(id);
    if (!button || !button.disabled) {
      return;
    }
    var other = button.parentElement.querySelector(
      button.classList.contains("js-move-up") ? ".js-move-down" : ".js-move-up"
    );
    if (other && !other.disabled) {
      other.focus();
    }
  }

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
  window.addEventListener("load", restoreFocus);
})();
