"""Sitemaps (sitemaps.org) of a shop, from the URLs its modules contribute.

Core serves /storefront/<code>/sitemap.xml (and /sitemap.xml on a vendor's own domain);
each module enabled on the platform fills the hook `storefront.sitemap` with a list of
`SitemapSource`: a name, how many URLs it has, and its URLs from an offset. Up to
MAX_URLS URLs in all, sitemap.xml lists them; beyond, it is a sitemap index of pages
`sitemap-<source>-<n>.xml` of MAX_URLS each. The XML is streamed as it is written, so
no page holds its URLs in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from markupsafe import escape

#: The most URLs one sitemap file may list (sitemaps.org).
MAX_URLS = 50_000

Url = tuple[str, datetime | None]


@dataclass(frozen=True)
class SitemapSource:
    name: str  # letters, digits and "-": part of the page's file name
    count: Callable[[], int]
    urls: Callable[[int, int], Iterable[Url]]  # (offset, limit) -> (absolute URL, lastmod)


def lastmod(value: datetime | None) -> str:
    return f"<lastmod>{value.date().isoformat()}</lastmod>" if value else ""


def urlset(urls: Iterable[Url]) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    for loc, changed in urls:
        yield f"<url><loc>{escape(loc)}</loc>{lastmod(changed)}</url>\n"
    yield "</urlset>\n"


def sitemap_index(locations: Iterable[str]) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    for loc in locations:
        yield f"<sitemap><loc>{escape(loc)}</loc></sitemap>\n"
    yield "</sitemapindex>\n"


def pages(sources: list[SitemapSource], counts: dict[str, int]) -> list[tuple[str, int]]:
    """(source name, page number from 1) of every page an index lists."""
    return [
        (source.name, number)
        for source in sources
        for number in range(1, -(-counts[source.name] // MAX_URLS) + 1)
    ]


def all_urls(sources: list[SitemapSource]) -> Iterator[Url]:
    for source in sources:
        yield from source.urls(0, MAX_URLS)


def page_urls(source: SitemapSource, number: int) -> Iterable[Url]:
    return source.urls((number - 1) * MAX_URLS, MAX_URLS)
