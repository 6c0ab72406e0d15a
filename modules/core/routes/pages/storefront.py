"""The storefront home page, the shop's sitemap and robots.txt.

Other modules add to them through hooks (wizamart.hooks), never by being named here:
`storefront.home` (sections of the home page) and `storefront.sitemap` (URL sources).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, stream_with_context, url_for

from wizamart.hooks import hook_results
from wizamart.htmx import render
from wizamart.sitemap import MAX_URLS, all_urls, page_urls, pages, sitemap_index, urlset
from wizamart.tenancy import current_vendor

router = Blueprint("core_storefront", __name__)

XML = "application/xml; charset=utf-8"


@router.route("/")
def home():
    return render("core/storefront/home.html", page_title=current_vendor().name)


def sitemap_sources():
    """The URL sources of the modules enabled on the platform."""
    return [source for _code, found in hook_results("storefront.sitemap") for source in found]


def home_url() -> tuple[str, None]:
    return url_for(".home", _external=True), None


@router.route("/sitemap.xml")
def sitemap():
    sources = sitemap_sources()
    counts = {source.name: source.count() for source in sources}
    if sum(counts.values()) + 1 <= MAX_URLS:

        def every_url():
            yield home_url()
            yield from all_urls(sources)

        body = urlset(every_url())
    else:
        locations = [
            url_for(".sitemap_page", name=name, number=number, _external=True)
            for name, number in pages(sources, counts)
        ]
        body = sitemap_index(locations)
    return Response(stream_with_context(body), mimetype=XML)


@router.route("/sitemap-<name>-<int:number>.xml")
def sitemap_page(name, number):
    source = next((s for s in sitemap_sources() if s.name == name), None)
    if source is None or number > -(-source.count() // MAX_URLS):
        abort(404)
    return Response(stream_with_context(urlset(page_urls(source, number))), mimetype=XML)


@router.route("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        "Disallow: /vendor/",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {url_for('.sitemap', _external=True)}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
