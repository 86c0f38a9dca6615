/* Every admin page (Django's own templates; no inline code: strict CSP).
   - A refused save: the error note ("Please correct the errors below.") takes the focus, so
     a keyboard or screen-reader user learns at once that nothing was saved, and where to
     start, instead of being left at the top of the page.
   - An inline table's header cells with nothing in them (the row-name column, the "Delete?"
     column of rows that cannot be deleted) become plain cells: a header must say something.
   - A file box with data-max-bytes (the market upload): a file over the limit, chosen or
     submitted, is refused at once, not after the whole upload was sent, in the words the server
     would use (data-too-large, data-too-large-summary) and where its form errors go: the file
     box's errorlist, the error summary. Nothing is sent, nothing typed is lost; a file within
     the limit takes the error away. Without JavaScript the server still refuses it. */
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

  // As market.admin_refresh.size_text: "1.5 KB", "3.0 MB"; one decimal, ties to even as
  // Python's format does (1280 bytes is "1.2 KB").
  function sizeText(n) {
    var unit = n < 1024 * 1024 ? 1024 : 1024 * 1024;
    var tenths = (n * 10) / unit;
    var rounded = Math.round(tenths);
    if (rounded - tenths === 0.5 && rounded % 2 === 1) rounded -= 1;
    return (rounded / 10).toFixed(1) + (unit === 1024 ? " KB" : " MB");
  }

  function fill(text, file) {
    return text.replace(/\{(name|size)\}/g, function (_, key) {
      return key === "name" ? file.name : sizeText(file.size);
    });
  }

  function describedBy(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (on) ids.push(id);
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  // The summary as templates/_error_summary.html draws it (without autofocus: the file box
  // keeps the focus), for a page that came without errors.
  function errorSummary(form) {
    var summary = form.querySelector(".error-summary");
    if (summary) return summary;
    summary = document.createElement("div");
    summary.className = "error-summary";
    summary.setAttribute("role", "alert");
    summary.setAttribute("aria-labelledby", "error-summary-title");
    summary.tabIndex = -1;
    var title = document.createElement("h2");
    title.id = "error-summary-title";
    title.textContent = "There is a problem";
    summary.append(title, document.createElement("ul"));
    form.insertBefore(summary, form.querySelector("fieldset"));
    return summary;
  }

  function summaryLinksTo(form, id) {
    return Array.prototype.filter.call(
      form.querySelectorAll(".error-summary li"),
      function (item) { var a = item.querySelector("a"); return a && a.getAttribute("href") === "#" + id; }
    );
  }

  function checkUploadSize(input) {
    var form = input.form;
    var limit = Number(input.dataset.maxBytes);
    var row = input.closest(".form-row");
    var errorId = input.id + "_error";
    // The introduction's "import larger files on the server with ...": the error says it.
    var hint = document.getElementById("larger-files-hint");
    var shown = false;

    function tooLarge() {
      var file = input.files && input.files[0];
      return file && file.size > limit ? file : null;
    }

    function show(file) {
      var list = document.getElementById(errorId);
      if (!list) {
        list = document.createElement("ul");
        list.className = "errorlist";
        list.id = errorId;
        row.insertBefore(list, row.firstChild);
      }
      var item = document.createElement("li");
      item.textContent = fill(input.dataset.tooLarge, file);
      list.replaceChildren(item); // earlier errors were about a file sent before, not this one
      row.classList.add("errors");
      input.setAttribute("aria-invalid", "true");
      describedBy(input, errorId, true);

      var summary = errorSummary(form);
      summaryLinksTo(form, input.id).forEach(function (old) { old.remove(); });
      var link = document.createElement("a");
      link.href = "#" + input.id;
      link.textContent = fill(input.dataset.tooLargeSummary, file);
      var entry = document.createElement("li");
      entry.append(link);
      // In the order of the fields, as the server's summary: the file box is the first.
      var links = summary.querySelector("ul");
      links.insertBefore(entry, links.firstChild);
      if (hint) hint.hidden = true;
      shown = true;
      input.focus();
    }

    function clear() {
      if (!shown) return;
      shown = false;
      var list = document.getElementById(errorId);
      if (list) list.remove();
      row.classList.remove("errors");
      input.removeAttribute("aria-invalid");
      describedBy(input, errorId, false);
      summaryLinksTo(form, input.id).forEach(function (old) { old.remove(); });
      var summary = form.querySelector(".error-summary");
      if (summary && !summary.querySelector("li")) summary.remove();
      if (hint) hint.hidden = false;
    }

    input.addEventListener("change", function () {
      var file = tooLarge();
      if (file) show(file);
      else clear();
    });
    form.addEventListener("submit", function (event) {
      var file = tooLarge();
      if (!file) return;
      event.preventDefault();
      show(file);
    });
  }

  function start() {
    emptyHeadersToCells();
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(checkUploadSize);
    focusErrorNote();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
