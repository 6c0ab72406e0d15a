/* Drag and drop of menu items with SortableJS (cms/shared/menus/macros.html).

   Each menu's list sits in a form whose hx-trigger is "end", the event SortableJS sends
   when an item is dropped: htmx posts the items' ids in their new order and swaps in the
   menu as saved. Without JavaScript the handles are hidden (.js-only) and the up/down
   buttons do the same with plain POSTs. SortableJS (from the npm registry) is loaded the
   first time a page has a sortable menu; pages htmx swaps in are set up as they come. */
(function () {
  "use strict";

  function setUp(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var lists = Array.prototype.slice.call(scope.querySelectorAll("[data-menu-sortable]"));
    if (scope.matches && scope.matches("[data-menu-sortable]")) lists.push(scope);
    lists.forEach(function (list) {
      if (list.getAttribute("data-sortable-ready")) return;
      list.setAttribute("data-sortable-ready", "1");
      window.Sortable.create(list, {
        handle: ".drag-handle",
        animation: 150,
        ghostClass: "sortable-ghost",
        chosenClass: "sortable-chosen",
      });
    });
  }

  function start() {
    setUp(document);
    if (window.htmx && !window.wizamartMenusSetUp) {
      window.wizamartMenusSetUp = true;
      window.htmx.onLoad(function (element) {
        if (window.Sortable) setUp(element);
      });
    }
  }

  if (window.Sortable) {
    start();
    return;
  }
  var list = document.querySelector("[data-sortable-src]");
  if (!list) return;
  var script = document.createElement("script");
  script.src = list.getAttribute("data-sortable-src");
  script.onload = start;
  document.head.appendChild(script);
})();
