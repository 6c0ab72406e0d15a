"""What the look adds to pages other modules own (wizamart.hooks): the `<style>` of CSS
custom properties and the favicon in the shop's and the public site's <head>, and the
logo (or the name alone) in their brand spot. One statement per page at most: the
look, its logo and its favicon come together (`themes.look_of`)."""

from __future__ import annotations

from flask import g, request
from markupsafe import Markup

from modules.cms.services.owners import Owner
from modules.cms.services.themes import Look, look_css, look_of
from wizamart.hooks import fill
from wizamart.media import media_url
from wizamart.tenancy import vendor_code_in_path


def shop_look() -> Look | None:
    vendor = g.get("vendor")
    if vendor is None:  # an error page outside a shop
        return None
    return look_of(Owner.of_vendor(vendor))


def platform_look() -> Look | None:
    """The platform's look, for its home, sign-in and account pages. An error page under
    a shop's or back office's URL (/storefront/<code>/..., /vendor/<code>/...) is neither
    the public site nor the shop: it stays plain, and a probe for a shop that does not
    exist stays a 404 after the one host statement."""
    platform = g.get("platform")
    if platform is None or vendor_code_in_path(request.path):
        return None
    return look_of(Owner.of_platform(platform))


def head_html(look: Look | None, header: bool) -> Markup:
    """<style> with the look's CSS (checked values only), and the favicon's <link>."""
    if look is None:
        return Markup("")
    html = Markup("<style>{}</style>").format(Markup(look_css(look, ":root", header)))
    if look.favicon is not None:
        kind = look.favicon.content_type
        html += Markup('<link rel="icon" href="{}"{}>').format(
            media_url(look.favicon.key), Markup(' type="{}"').format(kind) if kind else ""
        )
    return html


def logo_html(look: Look, alt: str) -> Markup:
    logo = look.logo
    size = Markup("")
    if logo.width and logo.height:
        size = Markup(' width="{}" height="{}"').format(logo.width, logo.height)
    return Markup('<img class="shop-logo" src="{}" alt="{}"{}>').format(
        media_url(logo.key), alt, size
    )


def brand_html(look: Look | None, name: str) -> Markup:
    """The brand by header layout: classic, the logo beside the name (the logo's alt is
    empty then: the name is already said); centred, the logo alone (alt: the name);
    minimal, the name alone. Without a logo (or a look) "" leaves the layout's own."""
    if look is None:
        return Markup("")
    if look.header_layout == "minimal":
        return Markup('<span class="shop-name">{}</span>').format(name)
    if look.logo is None:
        return Markup("")
    if look.header_layout == "centered":
        return logo_html(look, name)
    return logo_html(look, "") + Markup('<span class="shop-name">{}</span>').format(name)


@fill("storefront.head", order=10)
def storefront_head():
    return head_html(shop_look(), header=True)


@fill("storefront.brand", order=10)
def storefront_brand():
    vendor = g.get("vendor")
    return brand_html(shop_look(), vendor.name) if vendor is not None else ""


@fill("public.head", order=10)
def public_head():
    return head_html(platform_look(), header=False)


@fill("public.brand", order=10)
def public_brand():
    look = platform_look()
    if look is None or look.logo is None:
        return ""
    return logo_html(look, "") + Markup('<span class="shop-name">{}</span>').format(g.platform.name)
