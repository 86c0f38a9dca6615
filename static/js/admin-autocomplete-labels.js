/* The admin's autocomplete fields (Select2: the timeline items' Skills, a prerequisite, ...)
   type into a search box of their own that has no label, so a screen reader announced an
   unlabelled edit. Each such box is given its field's name ("Skills, Learn Python basics"):
   the boxes on the page, those of rows added later, and a single choice's box that appears in
   its drop-down when it opens. No inline code (strict CSP); no jQuery, so it runs whatever
   order the admin's scripts load in. */
(function () {
  "use strict";

  function fieldName(select) {
    var name = select.getAttribute("aria-label");
    if (!name && select.id) {
      var label = document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
      name = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    }
    return name || "";
  }

  function selectFor(box) {
    // A many-choice box sits in the container Select2 puts right after its <select>;
    var container = box.closest(".select2-container");
    var before = container && container.previousElementSibling;
    if (before && before.tagName === "SELECT") return before;
    // a drop-down's box sits beside the results list that Select2 names after the <select>.
    var results = box.closest(".select2-dropdown");
    results = results && results.querySelector(".select2-results__options[id]");
    var id = results ? results.id.replace(/^select2-/, "").replace(/-results$/, "") : "";
    return id ? document.getElementById(id) : null;
  }

  function labelSearchBoxes() {
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (box) {
      var select = selectFor(box);
      var name = select ? fieldName(select) : "";
      if (name) box.setAttribute("aria-label", name);
    });
  }

  function start() {
    labelSearchBoxes();
    new MutationObserver(labelSearchBoxes).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
