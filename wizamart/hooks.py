"""Hooks: named places where modules contribute to pages another module owns.

The storefront home belongs to `core`, yet shows the catalog's featured products; the
storefront header shows the catalog's search box; core's sitemap lists the catalog's
product URLs. Core names none of them: it asks the hook by name, and every module
enabled on the request's platform that filled it answers.

A module fills hooks in its `hooks.py` (imported at start-up like `subscribers.py`):

    from wizamart.hooks import fill

    @fill("storefront.home", order=10)
    def featured_products():
        return render_template("catalog/storefront/_home.html", ...)

Templates render a slot with `{{ slot("storefront.home") }}`: the fillers' HTML in
`order`, then module code order. Python asks with `hook_results(name)` (the sitemap's
URL sources). A filler of a module that is off on the platform is skipped; one that
raises is logged and skipped, so a broken module never takes the page down.

Slots in use (docs/modules.md, "Hooks"): `storefront.home`, `storefront.header`,
`storefront.nav`, `storefront.sitemap`, `storefront.head`, `storefront.brand`,
`storefront.menu`, `storefront.footer`, `public.head`, `public.brand`, `public.menu`,
`public.footer`, `platform.home`; asked from Python: `cms.page_for_role` (a role's
published page), `cms.link_targets` (the pages a menu may link to, wizamart/links.py),
`customers.export` (what a module keeps about a shopper), `catalog.variants` (title,
price, VAT, stock of variants: docs/cart.md). Slots of modules' pages:
`catalog.product_actions` (the product page: add to cart), `cart.checkout` (the cart
page: the checkout's button).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g
from markupsafe import Markup

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filler:
    hook: str
    func: Callable[..., Any]
    order: int

    @property
    def python_module(self) -> str:
        return self.func.__module__


#: Every filler of every imported hooks.py, in import order (process-wide, like events).
_fillers: list[Filler] = []


def fill(hook: str, order: int = 100):
    """Register the decorated function as a filler of `hook` (called with the slot's
    keyword arguments; returns HTML for a template slot, any value for Python callers)."""

    def register(func):
        if not any(f.func is func and f.hook == hook for f in _fillers):
            _fillers.append(Filler(hook, func, order))
        return func

    return register


def _module_code(app: Flask, python_module: str) -> str | None:
    """The code of the module the Python module belongs to (None: not a module's);
    worked out once per app, as every slot of every shop page asks."""
    codes = app.extensions.setdefault("wizamart.hook_modules", {})
    if python_module not in codes:
        codes[python_module] = _find_module_code(app, python_module)
    return codes[python_module]


def _find_module_code(app: Flask, python_module: str) -> str | None:
    registry = app.extensions.get("wizamart.registry")
    if registry is None:
        return None
    for module in registry:
        package = module.package or ""
        if package and (python_module == package or python_module.startswith(package + ".")):
            return module.code
    return None


def fillers(hook: str) -> list[tuple[str, Filler]]:
    """(module code, filler) of `hook` for the modules enabled on the request's platform."""
    from wizamart.modules.service import module_service

    app = current_app._get_current_object()
    platform = g.get("platform")
    found = []
    for filler in _fillers:
        if filler.hook != hook:
            continue
        code = _module_code(app, filler.python_module)
        if code is None:
            continue
        if platform is None or not module_service.is_module_enabled(platform.id, code):
            continue
        found.append((code, filler))
    found.sort(key=lambda pair: (pair[1].order, pair[0]))
    return found


def hook_results(hook: str, **kwargs) -> list[tuple[str, Any]]:
    """What each enabled module's filler of `hook` returns: [(module code, result)]."""
    results = []
    for code, filler in fillers(hook):
        try:
            results.append((code, filler.func(**kwargs)))
        except Exception:  # a broken module never breaks the page that asks
            log.exception("hook %s: filler %s of module %s failed", hook, filler.func, code)
    return results


def slot(hook: str, **kwargs) -> Markup:
    """The HTML of the slot `hook`: every enabled module's filler, in order."""
    return Markup("").join(
        Markup(result) for _code, result in hook_results(hook, **kwargs) if result
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals["slot"] = slot
