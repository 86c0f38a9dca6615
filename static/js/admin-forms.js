/* Every admin page (Django's own templates; no inline code: strict CSP).
   - A refused save: the error note ("Please correct the errors below.") takes the focus, so
     a keyboard or screen-reader user learns at once that nothing was saved, and where to
     start, instead of being left at the top of the page.
   - An inline table's header cells with nothing in them (the row-name column, the "Delete?"
     column of rows that cannot be deleted) become plain cells: a header must say something. */
(function () {
  "use strict";

  function focusErrorNote() {
    var note = document.querySelector(".errornote");
    if (!note) return;
    note.setAttribute("tabindex", "-1");
    note.focus();
  }

  function emptyHeadersToCells() {
    document.querySelectorAll(".inline-group thead th").forEach(function (th) {
      if (th.textContent.trim() || th.querySelector("img, input")) return;
      var cell = document.createElement("td");
      Array.prototype.forEach.call(th.attributes, function (a) { cell.setAttribute(a.name, a.value); });
      th.replaceWith(cell);
    });
  }

  function start() {
    emptyHeadersToCells();
    focusErrorNote();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
