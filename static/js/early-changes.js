/* Sends a change made before htmx bound its triggers. On a slow connection the page shows
   while its scripts are still coming: a level chosen or a background ticked then fired its
   "change" with nobody listening, and was neither saved nor answered.
   Once htmx has processed the page, every element htmx sends on "change" (hx-trigger, or a
   control's default trigger) is checked: if a named control in it no longer shows what the
   server rendered (checked / defaultChecked, value / defaultValue, the option marked
   selected), one "change" is sent from it, as if made now: one request per element, however
   many of its controls changed.
   - Runs once per page load, in the DOMContentLoaded handler right after htmx's own (this
     file comes after htmx's script tag, both deferred): no event can fall between htmx
     binding its triggers and this check, so a change htmx already sent is not sent again.
   - A page restored from the back/forward cache fires no DOMContentLoaded: it comes back
     with its htmx listeners, and every change on it was sent when it was made.
   - Going Back without that cache, a browser puts the values it remembers over the fresh
     page (Chromium after the load event, so after this check; others may do it before).
     Those may be older than what is saved (a level raised since on another device), so the
     My skills form carries autocomplete="off" and gets none back: else this could send
     them, and any next change posts the whole form with them. A form that only asks for an
     answer (a background's suggestion, a what-if) keeps the browser's restore; a remembered
     value this check sees is the person's, and gets the answer that matches it. */
(function () {
  "use strict";

  var VERBS = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"];
  var VALUE_TYPES = /^(button|submit|reset|image|file|hidden)$/;

  function sendsOnChange(el) {
    var spec = el.getAttribute("hx-trigger");
    if (!spec) {
      // htmx's default trigger: "change" for a control, "submit" or "click" for the rest.
      return el.matches("select, textarea, input") && !VALUE_TYPES.test(el.type);
    }
    return spec.split(",").some(function (part) {
      var words = part.trim().split(/\s+/);
      // "change from:<elsewhere>" listens on another element: that one's controls are not ours.
      return words[0] === "change" && !words.some(function (w) { return w.indexOf("from:") === 0; });
    });
  }

  // The option the server marked selected; with none marked, the first one a browser shows.
  function renderedIndex(select) {
    var index = -1;
    Array.prototype.forEach.call(select.options, function (option, i) {
      if (option.defaultSelected) index = i;
    });
    if (index === -1 && !select.multiple && select.size <= 1) {
      index = Array.prototype.findIndex.call(select.options, function (o) { return !o.disabled; });
    }
    return index;
  }

  function changedSinceRendered(control) {
    if (!control.name || control.disabled) return false; // sends nothing
    if (control.tagName === "SELECT") {
      if (!control.multiple) return control.selectedIndex !== renderedIndex(control);
      return Array.prototype.some.call(control.options, function (o) {
        return o.selected !== o.defaultSelected;
      });
    }
    if (control.type === "radio") return control.checked && !control.defaultChecked;
    if (control.type === "checkbox") return control.checked !== control.defaultChecked;
    if (VALUE_TYPES.test(control.type)) return false;
    return control.value !== control.defaultValue;
  }

  function sendEarlyChanges() {
    if (!window.htmx) return; // htmx did not load: the forms post as plain forms
    var selector = VERBS.map(function (verb) { return "[" + verb + "]"; }).join(", ");
    var sent = [];
    document.querySelectorAll(selector).forEach(function (el) {
      if (sent.indexOf(el) !== -1 || !sendsOnChange(el)) return;
      var controls = el.matches("select, textarea, input")
        ? [el]
        : Array.prototype.slice.call(el.querySelectorAll("select, textarea, input"));
      var changed = controls.filter(changedSinceRendered)[0];
      if (!changed) return;
      // The event bubbles through every element that sends on it, as a person's would.
      for (var up = changed; up; up = up.parentElement) sent.push(up);
      changed.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  if (document.readyState === "complete") {
    sendEarlyChanges();
  } else {
    document.addEventListener("DOMContentLoaded", sendEarlyChanges);
  }
})();
