"""What content pages add to pages other modules own (imported by modules/cms/hooks.py):

- `platform.home`: the platform's published pages marked "show on the home page";
- `storefront.sitemap`: the shop's published pages;
- `cms.page_for_role`: a role's published page for modules that do not require cms
  (`hook_results("cms.page_for_role", role="terms")` -> `[("cms", PageLink | None)]`,
  the request's shop, else its platform; docs/cms.md).
"""

from __future__ import annotations

from flask import g, render_template

from wizamart.hooks import fill
from wizamart.sitemap import SitemapSource


@fill("platform.home", order=10)
def home_blocks():
    from modules.cms.services.pages import home_blocks as blocks

    platform = g.get("platform")
    if platform is None:
        return ""
    found = blocks(platform.id)
    if not found:
        return ""
    return render_template("cms/public/pages/_home_blocks.html", blocks=found)


@fill("storefront.sitemap", order=20)
def sitemap_sources():
    from modules.cms.services.pages import count_published, published_urls

    vendor = g.vendor
    return [
        SitemapSource(
            "pages",
            count=lambda: count_published(vendor.id),
            urls=lambda offset, limit: published_urls(vendor.id, vendor.code, offset, limit),
        )
    ]


@fill("cms.page_for_role")
def page_for_role(role: str, vendor_id: int | None = None, platform_id: int | None = None):
    """The URL and title of a published page by role: the given shop's or platform's,
    else the request's shop's, else the request's platform's (None: none published)."""
    from modules.cms.services.owners import request_owner
    from modules.cms.services.pages import page_for_role as lookup

    if vendor_id is None and platform_id is None:
        owner = request_owner()
        if owner is None:
            return None
        vendor_id, platform_id = owner.vendor_id, owner.platform_id
    return lookup(role, vendor_id=vendor_id, platform_id=platform_id)
