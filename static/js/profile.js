/* Profile: "Use this suggestion" fills in the target field it controls (aria-controls) with
   the suggested target, moves focus there and says so; nothing is saved. Without JavaScript
   the button posts the form back, and the page shows it again as typed, target filled in. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[name=use_suggestion][aria-controls]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("aria-controls"));
    var option = field && Array.prototype.find.call(field.options, function (o) { return o.value === button.value; });
    if (!option) return; // not offered here: the form posts and the server fills it in
    event.preventDefault();
    field.value = button.value;
    field.focus();
    document.dispatchEvent(new CustomEvent("skillgap:announce", {
      detail: "Target set to " + option.text + ". Save your profile to keep it."
    }));
  });
})();
