"""What the storefront's faster statements must keep: search ranking with bounded work
(PostgreSQL ranks at most MAX_RANKED texts per tier) and product slugs found in any of
the shop's languages. Run it on SQLite and with WIZAMART_TEST_POSTGRES_URL set."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from modules.catalog.models import SlugHistory
from modules.catalog.services import search
from modules.catalog.services import storefront as shop
from modules.catalog.services.settings import shop_settings
from tests import storefront_data as data
from wizamart.extensions import db

SHOP = "/storefront/bakery/catalog"


@pytest.fixture
def ctx(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        yield demo


def titles(ids: list[int]) -> list[str]:
    rows = db.session.execute(
        sa.select(sa.column("id"), sa.column("title"))
        .select_from(sa.table("catalog_product"))
        .where(sa.column("id").in_(ids or [0]))
    ).all()
    by_id = dict(rows)
    return [by_id[i] for i in ids]


def test_title_hits_rank_first_when_more_texts_match_than_are_ranked(ctx, monkeypatch):
    # Eight products have the word in the description only, written first (first in the
    # table); then two have it in the title. Ranking only 3 texts per tier must still
    # put the two title hits on the first page, as ranking all of them does.
    for n in range(8):
        data.product("bakery", f"Plain loaf {n}", sku=f"PL-{n}", description="<p>Zimtig.</p>")
    data.product("bakery", "Zimtig roll", sku="ZR-1")
    data.product("bakery", "Zimtig star", sku="ZS-1")
    settings = shop_settings(data.vendor_id("bakery"))
    exact = search.search_products(settings, "zimtig", "en", per_page=2)
    monkeypatch.setattr(search, "MAX_RANKED", 3)
    bounded = search.search_products(settings, "zimtig", "en", per_page=2)
    assert sorted(titles(exact.product_ids)) == ["Zimtig roll", "Zimtig star"]
    assert titles(bounded.product_ids) == titles(exact.product_ids)
    assert bounded.more and exact.more
    # the next page: description hits, still
    second = search.search_products(settings, "zimtig", "en", page=2, per_page=2)
    assert all(title.startswith("Plain loaf") for title in titles(second.product_ids))


def test_a_search_word_in_fewer_texts_than_the_bound_is_ranked_completely(ctx, monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 3)
    for n in range(3):
        data.product("bakery", f"Loaf {n}", sku=f"L-{n}", description="<p>Mohnig.</p>")
    data.product("bakery", "Mohnig bun", sku="MB-1")
    settings = shop_settings(data.vendor_id("bakery"))
    result = search.search_products(settings, "mohnig", "en", per_page=3)
    assert titles(result.product_ids)[0] == "Mohnig bun"
    assert result.more
    rest = search.search_products(settings, "mohnig", "en", page=2, per_page=3)
    assert len(result.product_ids) + len(rest.product_ids) == 4  # nobody lost


def test_a_slug_of_another_language_than_the_shoppers_finds_the_product(ctx):
    data.product("bakery", "Apple pie", sku="PIE-1", texts={"de": ("Apfelkuchen", "")})
    client = ctx.test_client()
    html = client.get(f"{SHOP}/products/apfelkuchen", headers={"Accept-Language": "en"})
    assert html.status_code == 200
    assert "Apple pie" in html.get_data(as_text=True)  # the shopper's words


def test_a_slug_two_languages_share_gives_the_shoppers_text(ctx):
    # "Bretzel" is the slug in English and in French: the French reader's text wins.
    data.product("bakery", "Bretzel", sku="BR-1", texts={"fr": ("Bretzel", "")})
    data.product("bakery", "Bretzel roll", sku="BR-2")  # another slug, untouched
    settings = shop_settings(data.vendor_id("bakery"))
    assert shop.find_product(settings, "bretzel", "fr").language == "fr"
    assert shop.find_product(settings, "bretzel", "en").language == "en"
    assert shop.find_product(settings, "bretzel", "de").language == "en"  # the default


def test_an_old_slug_of_another_language_redirects_to_that_languages_slug(ctx):
    pie = data.product("bakery", "Apple pie", sku="PIE-1", texts={"de": ("Apfelkuchen", "")})
    db.session.add(
        SlugHistory(
            vendor_id=data.vendor_id("bakery"), product_id=pie.id, language="de", slug="apfeltorte"
        )
    )
    db.session.commit()
    response = ctx.test_client().get(f"{SHOP}/products/apfeltorte")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"{SHOP}/products/apfelkuchen")


def planner_rows(table: str) -> float | None:
    """The row count the database's planner believes `table` has (None: never analyzed)."""
    if db.engine.dialect.name == "postgresql":
        value = db.session.scalar(
            sa.text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}
        )
        return None if value is None or value < 0 else value
    if not db.session.scalar(
        sa.text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
    ):
        return None
    stat = db.session.scalar(
        sa.text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t LIMIT 1"), {"t": table}
    )
    return float(stat.split()[0]) if stat else None


def test_a_csv_import_too_large_for_the_request_refreshes_planner_statistics(ctx, tmp_path):
    from modules.catalog.services import importing
    from tests.integration.test_catalog_csv_job import big_file

    ctx.config["CATALOG_IMPORT_DIR"] = str(tmp_path)
    vendor = data.vendor_id("bakery")
    content = big_file(110)  # 550 rows: more than a request imports
    upload = importing.read_upload(content)
    assert len(upload.rows) > importing.INLINE_ROWS
    token = importing.save_upload(vendor, None, "shirts.csv", content)
    fields = importing.product_fields(shop_settings(vendor))
    importing.remember_mapping(token, importing.guess_mapping(upload.headers, fields))
    variants = "catalog_variant"
    count = lambda: db.session.scalar(sa.text(f"SELECT count(*) FROM {variants}"))  # noqa: E731
    before = count()
    assert planner_rows(variants) != before + 550  # stale or never counted
    report = importing.run_import(token, vendor)
    assert report.creates == 110
    assert count() == before + 550
    assert planner_rows(variants) == before + 550


def test_compound_titles_follow_the_full_text_hits_on_the_next_pages(ctx):
    # SQLite looks for words inside longer title words only when the full-text hits do
    # not fill the page asked for: page 1 is all full-text hits, the compound comes after.
    for name in ("Brot one", "Brot two", "Brot three"):
        data.product("bakery", name, sku=name.upper().replace(" ", "-"))
    data.product("bakery", "Sauerteigbrot", sku="STB-1")
    settings = shop_settings(data.vendor_id("bakery"))
    pages = [search.search_products(settings, "brot", "en", page=n, per_page=2) for n in (1, 2)]
    first, second = (titles(p.product_ids) for p in pages)
    assert sorted(first + second[:1]) == ["Brot one", "Brot three", "Brot two"]
    assert second[1:] == ["Sauerteigbrot"]
    assert pages[0].more and not pages[1].more


def test_the_bound_counts_a_text_per_reading_language(ctx, monkeypatch):
    # A German reader searches German and English texts: each product matches twice, so
    # the bound must hold that many texts for every page to be reachable.
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    for n in range(3):
        data.product(
            "bakery", f"Kirschig tart {n}", sku=f"KT-{n}", texts={"de": (f"Kirschig {n}", "")}
        )
    settings = shop_settings(data.vendor_id("bakery"))
    pages = [
        search.search_products(settings, "kirschig", "de", page=n, per_page=1) for n in (1, 2, 3)
    ]
    assert sorted(t for p in pages for t in titles(p.product_ids)) == [
        "Kirschig tart 0",
        "Kirschig tart 1",
        "Kirschig tart 2",
    ]
    assert pages[1].more and not pages[2].more
