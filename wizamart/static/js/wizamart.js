/* Wizamart's own script: the colour theme switch, the copy buttons and the lists'
   "select all" box. All work by
   event delegation on the document, so pages that htmx swaps in need no set-up. Without
   JavaScript neither is shown (.js-only), and the theme follows the system (wizamart.css). */
(function () {
  "use strict";

  // ---- colour theme: light, dark or auto (the system's), remembered in this browser ----
  var THEME_KEY = "wizamart-theme";
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function savedChoice() {
    try {
      var choice = localStorage.getItem(THEME_KEY);
      return choice === "light" || choice === "dark" ? choice : "auto";
    } catch (e) {
      return "auto"; // storage refused (private mode): follow the system
    }
  }

  function applyTheme(choice) {
    var theme = choice === "auto" ? (systemDark.matches ? "dark" : "light") : choice;
    document.documentElement.setAttribute("data-bs-theme", theme);
    document.querySelectorAll("[data-theme-value]").forEach(function (button) {
      var pressed = button.getAttribute("data-theme-value") === choice;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.classList.toggle("active", pressed);
    });
  }

  function chooseTheme(choice) {
    try {
      if (choice === "auto") localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, choice);
    } catch (e) { /* the choice lasts for this page only */ }
    applyTheme(choice);
  }

  systemDark.addEventListener("change", function () {
    if (savedChoice() === "auto") applyTheme("auto");
  });

  // ---- copy buttons: {{ copy_button("element-id") }} (macros/copy.html) ----
  function textOf(target) {
    return "value" in target ? target.value : target.textContent.trim();
  }

  function selectText(target) {
    if (typeof target.select === "function") {
      target.focus();
      target.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function showFeedback(button, message, icon) {
    var label = button.querySelector(".copy-button-label");
    var glyph = button.querySelector(".bi");
    if (!button.dataset.label) button.dataset.label = label.textContent;
    label.textContent = message;
    glyph.className = "bi bi-" + icon;
    button.classList.add("is-copied");
    clearTimeout(button._copyTimer);
    button._copyTimer = setTimeout(function () {
      label.textContent = button.dataset.label;
      glyph.className = "bi bi-clipboard";
      button.classList.remove("is-copied");
    }, 2500);
  }

  function copyFrom(button) {
    var target = document.querySelector(button.getAttribute("data-copy-target"));
    if (!target) return;
    // Without the clipboard API (an insecure origin, a refused permission) the text is
    // selected instead, and the button says how to copy it.
    var fallback = function () {
      selectText(target);
      showFeedback(button, button.getAttribute("data-select-label"), "cursor-text");
    };
    if (!navigator.clipboard || !window.isSecureContext) {
      fallback();
      return;
    }
    navigator.clipboard.writeText(textOf(target)).then(function () {
      showFeedback(button, button.getAttribute("data-copied-label"), "check-lg");
    }, fallback);
  }

  document.addEventListener("click", function (event) {
    var themeButton = event.target.closest("[data-theme-value]");
    if (themeButton) chooseTheme(themeButton.getAttribute("data-theme-value"));
    var copyButton = event.target.closest("[data-copy-target]");
    if (copyButton) copyFrom(copyButton);
  });

  // ---- lists: the "select all on this page" box (macros/list.html) ----
  // It ticks the row boxes of its bulk form; a row box ticked by hand updates it.
  function rowBoxes(formId) {
    return document.querySelectorAll('input[type="checkbox"][name="id"][form="' + formId + '"]');
  }

  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (all) {
      rowBoxes(all.getAttribute("data-select-all")).forEach(function (box) { box.checked = all.checked; });
      return;
    }
    var box = event.target.closest('input[type="checkbox"][name="id"][form]');
    if (!box) return;
    var formId = box.getAttribute("form");
    var head = document.querySelector('[data-select-all="' + formId + '"]');
    if (!head) return;
    var boxes = Array.prototype.slice.call(rowBoxes(formId));
    var ticked = boxes.filter(function (b) { return b.checked; }).length;
    head.checked = ticked === boxes.length;
    head.indeterminate = ticked > 0 && ticked < boxes.length;
  });

  // Mark the current choice in the switch, on load and in every page htmx swaps in.
  function markChoice() { applyTheme(savedChoice()); }
  document.addEventListener("DOMContentLoaded", markChoice);
  document.addEventListener("htmx:after:swap", markChoice);
})();
