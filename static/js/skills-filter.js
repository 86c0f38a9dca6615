/* My skills: filter the long list of level controls by name as you type.
   The filter box is hidden in the page's HTML and shown here, so without JavaScript the
   page offers only what works without it (the jump links to each kind of skill). It filters
   the list its aria-controls names. Each row carries its skill's name and other names in
   data-skill-search (lower case); a group with no matching row is hidden, and so is its
   jump link. The count is read out politely. The box sits inside the levels form, whose
   every "change" saves: its own changes stop here. */
(function () {
  "use strict";

  function start() {
    var box = document.querySelector("[data-skill-filter]");
    var input = box && box.querySelector("input[type=search]");
    if (!input) return;
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;
    var status = box.querySelector("[role=status]");
    var groups = Array.prototype.slice.call(list.querySelectorAll("[data-skill-group]"));
    var total = list.querySelectorAll("[data-skill-search]").length;
    var timer = null;

    function apply() {
      var typed = input.value.trim();
      var query = typed.toLowerCase();
      var shown = 0;
      groups.forEach(function (group) {
        var any = false;
        group.querySelectorAll("[data-skill-search]").forEach(function (row) {
          var match = !query || row.getAttribute("data-skill-search").indexOf(query) !== -1;
          row.hidden = !match;
          if (match) { shown += 1; any = true; }
        });
        group.hidden = !any;
        var jump = document.querySelector('[data-jump-to="' + group.id + '"]');
        if (jump) jump.hidden = !any;
      });
      if (!query) {
        status.textContent = "";
      } else if (shown === 0) {
        status.textContent = "No skill matches “" + typed + "”.";
      } else {
        status.textContent = shown + " of " + total + " skills match “" + typed + "”.";
      }
    }

    box.hidden = false;
    input.addEventListener("change", function (event) { event.stopPropagation(); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
      }
    });
    // The search box's own clear button fires "search" without "input" in some browsers.
    input.addEventListener("search", apply);
    if (input.value) apply(); // a value the browser restored on going back
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
