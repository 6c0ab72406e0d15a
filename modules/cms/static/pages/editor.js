/* The page editor's rich text (docs/cms.md, "Pages"). Each <textarea data-rich-text>
   becomes a Trix editor that writes the same form field (a hidden input of the same
   name); Trix is loaded once, on the first page that needs it. Without JavaScript the
   textarea stays and takes simple HTML. Whatever arrives is cleaned on the server (nh3).
   Trix is told to write <p>, <h2> and <s>, which the server's allow-list keeps; file
   attachments are refused (pictures come from the media library). */
(function () {
  "use strict";
  if (window.wizamartRichText) {
    window.wizamartRichText.upgrade();
    return;
  }
  var trixSrc = document.currentScript && document.currentScript.getAttribute("data-trix-src");
  var loading = null;

  function configure() {
    var config = window.Trix.config;
    config.blockAttributes.default.tagName = "p";
    config.blockAttributes.heading1.tagName = "h2";
    config.textAttributes.strike.tagName = "s";
  }

  function loadTrix() {
    if (window.Trix) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = trixSrc;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      }).then(configure);
    }
    return loading;
  }

  function replace(area) {
    if (!area.isConnected || area.dataset.upgraded) return;
    area.dataset.upgraded = "true";
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = area.name;
    input.id = area.id + "-value";
    input.value = area.value;
    var editor = document.createElement("trix-editor");
    editor.setAttribute("input", input.id);
    editor.id = area.id; // the field's <label for> now names the editor
    editor.className = "trix-content form-control" + (area.classList.contains("is-invalid") ? " is-invalid" : "");
    ["lang", "aria-describedby", "aria-invalid"].forEach(function (name) {
      if (area.hasAttribute(name)) editor.setAttribute(name, area.getAttribute(name));
    });
    area.replaceWith(input, editor);
  }

  function upgrade() {
    var areas = document.querySelectorAll("textarea[data-rich-text]:not([data-upgraded])");
    if (!areas.length || !trixSrc) return;
    loadTrix().then(function () { areas.forEach(replace); }, function () { /* the textarea stays */ });
  }

  document.addEventListener("trix-file-accept", function (event) { event.preventDefault(); });
  document.addEventListener("htmx:after:swap", upgrade);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", upgrade);
  else upgrade();
  window.wizamartRichText = { upgrade: upgrade };
})();
