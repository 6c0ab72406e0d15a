"""The back-office shell's helpers: breadcrumbs, page titles, and the layout of the
pages that belong to no frontend (profile, password).

The layouts (templates/layouts/backoffice.html) are the one place breadcrumbs and
titles are drawn; this module only works out what they show, so that every
back-office page has them without each view remembering to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flask import Flask, g, request, session
from markupsafe import Markup, escape

from wizamart.auth import forget_permissions
from wizamart.modules.definition import FrontendType
from wizamart.tenancy import VendorRef

# The vendor back office a user last worked in: account pages open inside it.
LAST_VENDOR_KEY = "backoffice.vendor"

Crumb = tuple[str, str | None]


def title_text(*parts) -> str:
    """The parts of a <title>, joined by " · ", without saying anything twice.

    A part is dropped when it is empty or already contained in an earlier part
    (case-insensitive): "Modules of Wizamart Main" and "Wizamart Main" give
    "Modules of Wizamart Main", the home page titled with the platform's name gives
    just the name.
    """
    kept: list[str] = []
    for part in parts:
        text = str(part or "").strip()
        if text and not any(text.casefold() in earlier.casefold() for earlier in kept):
            kept.append(text)
    return " · ".join(kept)


def email_wrap(address) -> Markup:
    """An e-mail address that may wrap before its `@` and nowhere else (in narrow table
    columns "owner@bakery.test" otherwise breaks mid-word or widens the table)."""
    return escape(address).replace("@", Markup("<wbr>@"))


def menu_crumbs(frontend: str | None, root_url: str) -> list[Crumb]:
    """The active menu entry as a crumb, when the page lies under it (not when it is
    the entry's own page or the frontend's root)."""
    from wizamart.modules.menus import build_menu

    if not frontend:
        return []
    active = next((entry for entry in build_menu(frontend) if entry.active), None)
    if active is None or active.url in (request.path, root_url):
        return []
    return [(str(active.item.label), active.url)]


def breadcrumb_trail(
    root: Crumb, page_title, crumbs: Iterable[Sequence] | None = None, frontend=None
) -> list[Crumb]:
    """root › (the view's crumbs, or the active menu entry) › the page.

    `crumbs` are (label, url) pairs a view passes as `breadcrumbs=[...]` for pages
    deeper than the menu knows; without them the active menu entry stands in. The
    last crumb is the current page and has no link.
    """
    middle = menu_crumbs(frontend, root[1] or "") if crumbs is None else crumbs
    trail = [(str(root[0]), root[1])]
    trail += [(str(label), url) for label, url in middle]
    current = str(page_title)
    # A menu entry named like the page adds nothing.
    trail = [crumb for crumb in trail if crumb[0] != current or crumb is trail[0]]
    trail.append((current, None))
    return trail


# --- pages outside the frontends (profile, password) --------------------------------


def remember_vendor() -> None:
    """Keep the vendor whose back office the user is in, for the account pages."""
    vendor = g.get("vendor")
    in_vendor_backoffice = g.get("frontend") == FrontendType.VENDOR and vendor is not None
    # API calls are not a visit to the back office (and a bearer request has no session).
    in_vendor_backoffice = in_vendor_backoffice and not request.path.startswith("/api/")
    # Written only when it changes, so the session cookie is not re-sent on every page.
    if in_vendor_backoffice and session.get(LAST_VENDOR_KEY) != vendor.code:
        session[LAST_VENDOR_KEY] = vendor.code


def last_vendor_code() -> str | None:
    """The code of the vendor back office the user was last in (this session)."""
    return session.get(LAST_VENDOR_KEY)


def enter_backoffice(frontend: FrontendType | None, vendor: VendorRef | None = None) -> None:
    """Let a page outside the frontends render inside a back office: the layout, menu
    and permissions then are those of `frontend` (and `vendor`).

    The view decides which (it knows the user); this only sets what the gate would
    have set for a page of that frontend.
    """
    g.frontend = frontend
    if vendor is not None:
        g.vendor = vendor
        g.vendor_code = vendor.code  # url_for fills it into the menu's vendor links
    forget_permissions()


def backoffice_frontend() -> str | None:
    """ "admin", "vendor" or None (a back office without a menu), for the layouts."""
    frontend = g.get("frontend")
    if frontend in (FrontendType.ADMIN, FrontendType.VENDOR):
        return frontend.value
    return None


def init_backoffice(app: Flask) -> None:
    """Template helpers for the layouts, and remembering the vendor back office."""
    app.before_request(remember_vendor)
    app.jinja_env.filters["email_wrap"] = email_wrap
    app.jinja_env.globals.update(
        title_text=title_text,
        breadcrumb_trail=breadcrumb_trail,
        backoffice_frontend=backoffice_frontend,
    )
