/* The page editor's rich text (docs/cms.md, "Pages"). Each <textarea data-rich-text>
   becomes a Trix editor that writes the same form field (a hidden input of the same
   name); Trix is loaded once, on the first page that needs it. Without JavaScript the
   textarea stays and takes simple HTML. Whatever arrives is cleaned on the server (nh3).
   Trix is told to write <p>, <h2> and <s>, which the server's allow-list keeps; file
   attachments are refused (pictures come from the media library).

   Images: "Insert image" (media_insert_button, wrapped in [data-insert-image-into=<field>])
   opens the media picker; the chosen image (`wizamart:media-picked`: its 600 px
   rendition and its alt text) becomes a Trix image attachment with that alt text. The
   server keeps it as <figure><img src alt width height><figcaption>...</figure>; when a
   page is loaded, those are handed to Trix as attachments again (Trix reads a plain
   <img> without its alt text), so the alt text and the caption survive every edit.
   Without Trix (it did not load) the image is typed into the textarea as HTML. */
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

  // Stored images (<figure><img alt><figcaption>, or a bare <img>) as Trix attachments
  // that carry their alt text and caption. <template> content is inert: nothing loads.
  function asAttachments(html) {
    if (html.indexOf("<img") < 0) return html;
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.querySelectorAll("img").forEach(function (img) {
      var figure = img.parentElement && img.parentElement.tagName === "FIGURE" ? img.parentElement : null;
      var caption = figure && figure.querySelector("figcaption");
      var attributes = { contentType: "image", url: img.getAttribute("src"), alt: img.getAttribute("alt") || "" };
      ["width", "height"].forEach(function (name) {
        var value = parseInt(img.getAttribute(name), 10);
        if (value > 0) attributes[name] = value;
      });
      var attachment = document.createElement("figure");
      attachment.setAttribute("data-trix-attachment", JSON.stringify(attributes));
      attachment.setAttribute("data-trix-content-type", "image");
      var text = caption ? caption.textContent.trim() : "";
      if (text) attachment.setAttribute("data-trix-attributes", JSON.stringify({ caption: text }));
      (figure || img).replaceWith(attachment);
    });
    return template.innerHTML;
  }

  function replace(area) {
    if (!area.isConnected || area.dataset.upgraded) return;
    area.dataset.upgraded = "true";
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = area.name;
    input.id = area.id + "-value";
    input.value = asAttachments(area.value);
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

  function escapeAttribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  // An image chosen in the media picker goes where the field's cursor is.
  function insertImage(event) {
    var holder = event.target.closest && event.target.closest("[data-insert-image-into]");
    var image = event.detail;
    if (!holder || !image || !image.alt) return; // an image without alt text is never inserted
    var target = document.getElementById(holder.getAttribute("data-insert-image-into"));
    if (!target) return;
    var url = image.medium || image.url;
    var width = image.mediumWidth || image.width;
    var height = image.mediumHeight || image.height;
    if (target.editor && window.Trix) {
      var attributes = { contentType: "image", url: url, alt: image.alt };
      if (width && height) { attributes.width = width; attributes.height = height; }
      target.editor.insertAttachment(new window.Trix.Attachment(attributes));
    } else if (target.tagName === "TEXTAREA") {
      var tag = '<img src="' + escapeAttribute(url) + '" alt="' + escapeAttribute(image.alt) + '"' +
        (width && height ? ' width="' + width + '" height="' + height + '"' : "") + ">";
      var at = target.selectionStart || target.value.length;
      target.value = target.value.slice(0, at) + tag + target.value.slice(target.selectionEnd || at);
    }
    // the picker's dialog closes after this and gives the focus back to its button:
    // the writer goes on typing in the text instead
    setTimeout(function () { target.focus(); }, 0);
  }

  document.addEventListener("trix-file-accept", function (event) { event.preventDefault(); });
  document.addEventListener("wizamart:media-picked", insertImage);
  document.addEventListener("htmx:after:swap", upgrade);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", upgrade);
  else upgrade();
  window.wizamartRichText = { upgrade: upgrade };
})();
