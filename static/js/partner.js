// Partner answer page: the deputy fields show only when "send a deputy" is chosen.
(function () {
  "use strict";
  var form = document.querySelector(".partner-answer-form");
  var fields = document.getElementById("deputy-fields");
  if (!form || !fields) {
    return;
  }
  function update() {
    var chosen = form.querySelector("input[name=answer]:checked");
    fields.hidden = !(chosen && chosen.value === "deputy");
  }
  form.addEventListener("change", update);
  update();
})();
