"""What the menus add to pages the layouts own (wizamart.hooks): the shop's header menu
(`storefront.menu`), its footer menu (`storefront.footer`), and the platform's public
site menus (`public.menu`, `public.footer`). Both slots of a page share one statement
(`menus.shown_menus` keeps it for the request)."""

from __future__ import annotations

from flask import g, render_template, request

from modules.cms.services.menus import Owner, shown_menus
from wizamart.hooks import fill
from wizamart.tenancy import vendor_code_in_path


def shop_owner() -> Owner | None:
    vendor = g.get("vendor")
    return Owner(vendor.platform_id, vendor.id) if vendor is not None else None


def platform_owner() -> Owner | None:
    """The platform, for its home, sign-in and account pages. An error page under a
    shop's or back office's URL (/storefront/<code>/..., /vendor/<code>/...) is neither
    the public site nor the shop: no menus, and a probe for a shop that does not exist
    stays a 404 after the one host statement."""
    platform = g.get("platform")
    if platform is None or vendor_code_in_path(request.path):
        return None
    return Owner(platform.id)


def _render(template: str, owner: Owner | None, location: str) -> str:
    if owner is None:  # an error page outside a shop or a platform
        return ""
    entries = shown_menus(owner)[location]
    if not entries:
        return ""
    return render_template(template, entries=entries, current=request.path)


@fill("storefront.menu", order=50)
def storefront_menu():
    return _render("cms/storefront/menus/_header.html", shop_owner(), "header")


@fill("storefront.footer", order=50)
def storefront_footer():
    return _render("cms/storefront/menus/_footer.html", shop_owner(), "footer")


@fill("public.menu", order=50)
def public_menu():
    return _render("cms/public/menus/_header.html", platform_owner(), "header")


@fill("public.footer", order=50)
def public_footer():
    return _render("cms/public/menus/_footer.html", platform_owner(), "footer")
