"""Pages of modules that a menu may link to: the hook `cms.link_targets`.

A shop's header and footer menus (cms) can point at a module's page: the storefront
home, the product list, a category. cms names no module: it asks the hook, and each
module enabled on the platform answers with the pages it offers, as `LinkTarget`s.

    from wizamart.hooks import fill
    from wizamart.links import LinkTarget

    @fill("cms.link_targets", order=20)
    def link_targets(frontend):
        if frontend != "storefront":
            return []
        return [LinkTarget("products", _("All products"), lambda: url_for(...))]

`frontend` is "storefront" (a shop's menus: `g.vendor` is the shop) or "public" (the
platform's public site). A menu item keeps the module's code and the target's `key`;
when a menu is shown the targets are asked again (in the shopper's language), so a
renamed category shows its new name, and a target that is gone — the module switched
off, the category deleted — drops out of the menu instead of leading to a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkTarget:
    #: Stable while the page exists, whatever its language or slug: "products",
    #: "categories/12". Letters, digits and "-_/."; at most 200 characters.
    key: str
    #: What the page is called, in the request's language (a menu item's label when it
    #: has none of its own).
    label: str
    #: Where it leads: a URL, or a function building it (called only when shown).
    url: str | Callable[[], str]
    #: A heading grouping targets in a picker ("Categories"); "" for none.
    group: str = ""
    #: Indentation in a picker (a category's depth in its tree).
    depth: int = 0

    def href(self) -> str:
        return self.url() if callable(self.url) else self.url
