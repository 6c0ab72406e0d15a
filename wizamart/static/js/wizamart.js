/* Wizamart's own script: the colour theme switch, the copy buttons, the lists'
   "select all" box and the media picker fields (macros/media.html). All work by
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

  // ---- media picker fields: {{ media_picker(...) }} (macros/media.html) ----
  // One <dialog> for the page, made on first use; "Browse images" loads the picker's
  // HTML into it with htmx. Choosing an image fills the field's <select> (the value the
  // form posts, which also works without JavaScript), updates its preview and sends
  // `wizamart:media-picked` from the field.
  var pickerField = null;

  function pickerDialog() {
    var dialog = document.getElementById("media-picker-dialog");
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.id = "media-picker-dialog";
    dialog.className = "media-picker-dialog";
    dialog.setAttribute("aria-labelledby", "media-picker-title");
    dialog.innerHTML =
      '<div class="media-picker-dialog-header"><h2 class="h5 mb-0" id="media-picker-title"></h2>' +
      '<button type="button" class="btn-close" data-media-close></button></div>' +
      '<div id="media-picker-body" class="media-picker-dialog-body"></div>';
    document.body.appendChild(dialog);
    return dialog;
  }

  function openPicker(button) {
    pickerField = button.closest("[data-media-field]");
    var dialog = pickerDialog();
    dialog.querySelector("#media-picker-title").textContent = button.getAttribute("data-title");
    dialog.querySelector("[data-media-close]").setAttribute("aria-label", button.getAttribute("data-close-label"));
    var body = dialog.querySelector("#media-picker-body");
    body.textContent = button.getAttribute("data-loading-label");
    if (!dialog.open) dialog.showModal();
    window.htmx.ajax("GET", button.getAttribute("data-url"), { target: "#media-picker-body", swap: "innerHTML" });
  }

  function showPreview(field, thumb, alt) {
    var preview = field.querySelector("[data-media-preview]");
    if (!preview) return;
    preview.textContent = "";
    if (thumb) {
      var img = document.createElement("img");
      img.src = thumb;
      img.alt = alt || "";
      img.width = 80;
      img.height = 80;
      preview.appendChild(img);
    } else {
      var empty = document.createElement("span");
      empty.className = "media-picker-empty";
      empty.setAttribute("role", "img");
      empty.setAttribute("aria-label", preview.getAttribute("data-empty-label") || "");
      empty.innerHTML = '<i class="bi bi-image" aria-hidden="true"></i>';
      preview.appendChild(empty);
    }
  }

  function choose(field, data) {
    if (!field) return;
    var select = field.querySelector("[data-media-select]");
    if (select) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === data.id; });
      if (!option) {
        option = new Option(data.alt + " (" + data.filename + ")", data.id);
        option.setAttribute("data-thumb", data.thumb);
        option.setAttribute("data-alt", data.alt);
        select.add(option, 1);
      }
      select.value = data.id;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    showPreview(field, data.thumb, data.alt);
    field.dispatchEvent(new CustomEvent("wizamart:media-picked", { bubbles: true, detail: data }));
  }

  document.addEventListener("click", function (event) {
    var open = event.target.closest("[data-media-open]");
    if (open) { openPicker(open); return; }
    var pick = event.target.closest("[data-media-pick]");
    if (pick) {
      var d = pick.dataset;
      choose(pickerField, { id: d.id, url: d.url, thumb: d.thumb, alt: d.alt, filename: d.filename,
                            width: Number(d.width) || null, height: Number(d.height) || null,
                            medium: d.medium || d.url, mediumWidth: Number(d.mediumWidth) || null,
                            mediumHeight: Number(d.mediumHeight) || null });
      pickerDialog().close();
      return;
    }
    if (event.target.closest("[data-media-close]")) pickerDialog().close();
  });

  document.addEventListener("change", function (event) {
    var select = event.target.closest("[data-media-select]");
    if (!select) return;
    var option = select.options[select.selectedIndex];
    showPreview(select.closest("[data-media-field]"), option && option.getAttribute("data-thumb"), option && option.getAttribute("data-alt"));
  });

  // Mark the current choice in the switch, on load and in every page htmx swaps in.
  function markChoice() { applyTheme(savedChoice()); }
  document.addEventListener("DOMContentLoaded", markChoice);
  document.addEventListener("htmx:after:swap", markChoice);
})();
