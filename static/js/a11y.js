/* Small accessibility helpers for the whole site (no inline code: strict CSP).
   - A table that is wider (or, in a box of fixed height, taller) than its box becomes a focusable
     scroll region named after its caption and the way it scrolls, so a keyboard user can scroll it and a screen reader knows what it is.
   - After an htmx swap: elements marked data-announce are read out in #announcer; a
     control pressed in the swapped content whose replacement has the same id keeps its
     place on the screen and takes the focus (check off / undo); else, if the swap removed
     the focused element, focus moves to [data-focus-after-swap] or to the new content's
     heading instead of falling back to the top of the page.
   - A request refused before any view read it (400, accounts.views.bad_request) gets its
     message at the top of the form that sent it, when that form lies inside the target (a
     plan item's "Mark done" inside the whole plan), not far above it at the target's top.
   - A rejected form's 400 is swapped in like any answer: with DEBUG on (make run), django-htmx's
     error-page script, which listens on the document, would put it in place of the whole page.
   - The target of a running htmx request is marked aria-busy.
   - A "skillgap:announce" event on the document reads out its detail in #announcer. */
(function () {
  "use strict";

  function markScrollableTables(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll(".table-scroll").forEach(function (box) {
      var sideways = box.scrollWidth > box.clientWidth + 1;
      var scrollable = sideways || box.scrollHeight > box.clientHeight + 1;
      box.classList.toggle("is-scrollable", scrollable);
      if (scrollable) {
        var caption = box.querySelector("caption");
        var name = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "Table";
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        // Its own name: a caption that repeats its section's heading must not give two
        // landmarks one name.
        box.setAttribute("aria-label", name + (sideways ? " (scrolls sideways)" : " (scrolls up and down)"));
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  // A pill row that scrolls sideways (phones) starts with its current pill in view.
  function revealCurrentPills(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("ul a[aria-current]").forEach(function (link) {
      var list = link.closest("ul");
      if (!list || list.scrollWidth <= list.clientWidth + 1) return;
      list.scrollLeft = link.offsetLeft - list.offsetLeft - (list.clientWidth - link.offsetWidth) / 2;
    });
  }

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    region.textContent = "";
    // A fresh text node after a tick is announced even when the words repeat.
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function focusLost() {
    var active = document.activeElement;
    return !active || active === document.body || !document.body.contains(active);
  }

  // Whether the focused element sat inside the content being swapped out: only then has
  // the swap taken the user's place away (a mouse user's page must not jump).
  var focusWasInside = false;
  // The control the person pressed (by id) and where it sat on the screen: when the new
  // content has a control with the same id (the Undo that replaces "Mark done"), the view
  // is scrolled so that it sits at the same place, and it takes the focus.
  var kept = null;
  function beforeSwap(event) {
    var target = event.detail && event.detail.target;
    var active = document.activeElement;
    focusWasInside = !!(target && active && active !== document.body && target.contains(active));
    var source = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    var pressed = focusWasInside && active.id ? active : null;
    if (!pressed && source && source.querySelector && target && target.contains(source)) {
      pressed = source.querySelector("button[id]"); // a click that did not focus (Safari)
    }
    kept = pressed ? { id: pressed.id, top: pressed.getBoundingClientRect().top } : null;
  }

  // bad_request's answer: 400 with HX-Reswap afterbegin (a view's own 400 replaces its target).
  function refusalAtForm(event) {
    var detail = event.detail;
    var xhr = detail && detail.xhr;
    if (!xhr || xhr.status !== 400 || xhr.getResponseHeader("HX-Reswap") !== "afterbegin") return;
    var source = detail.requestConfig && detail.requestConfig.elt;
    var form = source && source.closest ? source.closest("form") : null;
    if (form && detail.target && detail.target !== form && detail.target.contains(form)) {
      detail.target = form;
    }
  }

  // A 400 is a rejected form (base.html's htmx-config swaps it in): it stops at the body, so
  // django-htmx's debug handler on the document never takes it for a Django error page.
  function rejectionIsNoErrorPage(event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status === 400) event.stopPropagation();
  }

  function keepPlace() {
    if (!kept) return;
    var control = document.getElementById(kept.id);
    if (control) {
      window.scrollBy(0, control.getBoundingClientRect().top - kept.top);
      if (document.activeElement !== control) control.focus({ preventScroll: true });
    }
    kept = null;
  }

  function afterSwap(event) {
    var root = event.target;
    if (!root || !root.querySelectorAll) return;
    markScrollableTables(root);
    revealCurrentPills(root);
    var spoken = [];
    if (root.matches("[data-announce]")) spoken.push(root.textContent);
    root.querySelectorAll("[data-announce]").forEach(function (el) { spoken.push(el.textContent); });
    if (spoken.length) announce(spoken.join(" ").replace(/\s+/g, " ").trim());
    if (focusWasInside && focusLost()) {
      var next = root.querySelector("[data-focus-after-swap]") || root.querySelector("h1, h2");
      if (next) {
        if (!next.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(next.tagName)) {
          next.setAttribute("tabindex", "-1");
        }
        next.focus({ preventScroll: true }); // read out where it is; the view stays put
      }
    }
    focusWasInside = false;
  }

  function start() {
    markScrollableTables(document);
    revealCurrentPills(document);
    var timer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { markScrollableTables(document); }, 150);
    });
    // Other scripts ask for an announcement without a copy of announce().
    document.addEventListener("skillgap:announce", function (event) { announce(event.detail); });
    document.body.addEventListener("htmx:beforeOnLoad", rejectionIsNoErrorPage);
    document.body.addEventListener("htmx:beforeSwap", refusalAtForm); // before beforeSwap
    document.body.addEventListener("htmx:beforeSwap", beforeSwap);
    document.body.addEventListener("htmx:afterSwap", keepPlace); // before the next paint
    document.body.addEventListener("htmx:afterSettle", afterSwap);
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var target = event.detail && event.detail.target;
      if (target && target.setAttribute) target.setAttribute("aria-busy", "true");
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var target = event.detail && event.detail.target;
      if (target && target.removeAttribute) target.removeAttribute("aria-busy");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
