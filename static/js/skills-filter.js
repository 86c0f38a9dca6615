/* My skills: filter the level controls by name as you type.
   The filter box is hidden in the page's HTML and shown here, so without JavaScript the
   page offers only what works without it (every skill, and jump links to each kind). It
   filters every list its aria-controls names: the target's skills and the others. Each row
   carries its skill's name and other names in data-skill-search (lower case); a group with
   no matching row is hidden, and so is its jump link, whose count (.jump-count) says the
   rows shown. The count is read out politely. The box sits inside the levels form, whose
   every "change" saves: its own changes stop here. */
(function () {
  "use strict";

  function start() {
    var box = document.querySelector("[data-skill-filter]");
    var input = box && box.querySelector("input[type=search]");
    if (!input) return;
    var groups = [];
    input.getAttribute("aria-controls").split(/\s+/).forEach(function (id) {
      var list = document.getElementById(id);
      if (!list) return;
      if (list.matches("[data-skill-group]")) groups.push(list);
      groups = groups.concat(Array.prototype.slice.call(list.querySelectorAll("[data-skill-group]")));
    });
    if (!groups.length) return;
    var status = box.querySelector("[role=status]");
    var total = groups.reduce(function (sum, group) {
      return sum + group.querySelectorAll("[data-skill-search]").length;
    }, 0);
    var timer = null;

    function apply() {
      var typed = input.value.trim();
      var query = typed.toLowerCase();
      var shown = 0;
      groups.forEach(function (group) {
        var matched = 0;
        group.querySelectorAll("[data-skill-search]").forEach(function (row) {
          var match = !query || row.getAttribute("data-skill-search").indexOf(query) !== -1;
          row.hidden = !match;
          if (match) matched += 1;
        });
        shown += matched;
        group.hidden = matched === 0;
        var jump = document.querySelector('[data-jump-to="' + group.id + '"]');
        if (jump) {
          jump.hidden = matched === 0;
          var count = jump.querySelector(".jump-count");
          if (count) count.textContent = matched;
        }
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
