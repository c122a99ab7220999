// Agenda editor: drag and drop with SortableJS; the order is posted by htmx
// (the form's hx-trigger="end"). The up/down buttons work without JavaScript.
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

  // After a move with the arrow buttons, put the keyboard focus back on the
  // button of the moved item (the page was reloaded).
  function restoreFocus() {
    var params = new URLSearchParams(window.location.search);
    var direction = params.get("fokus");
    var row = window.location.hash && document.querySelector(window.location.hash);
    if (!row || !direction) {
      return;
    }
    var button = row.querySelector(".js-move-" + direction);
    if (!button || button.disabled) {
      button = row.querySelector(".js-move-" + (direction === "up" ? "down" : "up"));
    }
    if (button && !button.disabled) {
      button.focus();
    }
  }

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
  document.addEventListener("DOMContentLoaded", restoreFocus);
})();
