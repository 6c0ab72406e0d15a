"""Search in the shopper's language, ranked, on SQLite (FTS5) and PostgreSQL (tsvector):
run it with WIZAMART_TEST_POSTGRES_URL set for the second."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from modules.catalog.services import search
from modules.catalog.services.settings import shop_settings
from tests import storefront_data as data
from wizamart.extensions import db

SHOP = "/storefront/bakery/catalog"


@pytest.fixture
def ctx(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        yield demo


def found(text: str, locale: str = "de", vendor: str = "bakery") -> list[str]:
    settings = shop_settings(data.vendor_id(vendor))
    result = search.search_products(settings, text, locale)
    titles = dict(
        db.session.execute(
            sa.text("SELECT id, title FROM catalog_product WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": result.product_ids or [0]},
        ).all()
    )
    return [titles[i] for i in result.product_ids]


def test_a_german_word_finds_the_product_by_its_german_text(ctx):
    data.product(
        "bakery",
        "Sourdough loaf",
        sku="LOAF-1",
        texts={"de": ("Sauerteigbrot", "<p>Mit Roggenmehl gebacken.</p>")},
    )
    data.product("bakery", "Baguette", sku="BAG-1")
    assert found("Sauerteigbrot") == ["Sourdough loaf"]
    assert found("roggenmehl") == ["Sourdough loaf"]  # a description word
    assert found("sauerteig") == ["Sourdough loaf"]  # a prefix of the word
    assert found("Baguette") == ["Baguette"]  # the default language too (fallback)


def test_a_title_hit_ranks_above_a_description_hit(ctx):
    data.product(
        "bakery",
        "Apple pie",
        sku="PIE-1",
        texts={"de": ("Apfelkuchen", "<p>Mit Zimt und Streuseln.</p>")},
    )
    data.product(
        "bakery",
        "Cinnamon roll",
        sku="ROLL-1",
        texts={"de": ("Zimtschnecke", "<p>Ein Teig wie für Apfelkuchen, gerollt.</p>")},
    )
    assert found("Apfelkuchen") == ["Apple pie", "Cinnamon roll"]
    assert found("Zimtschnecke") == ["Cinnamon roll"]


def test_only_this_shops_active_products_are_found(ctx):
    data.product("bakery", "Rye bread", sku="RYE-1", texts={"de": ("Roggenbrot", "")})
    data.product(
        "bakery", "Rye draft", sku="RYE-2", status="draft", texts={"de": ("Roggenbrot Entwurf", "")}
    )
    data.product("bikes", "Rye bike", sku="RYE-3", texts={"de": ("Roggenbrot Rad", "")})
    assert found("roggenbrot") == ["Rye bread"]


def test_changed_words_are_found_at_once(ctx):
    from modules.catalog.services import products as product_service

    loaf = data.product("bakery", "Plain loaf", sku="LOAF-9")
    form = product_service.input_from_product(loaf)
    form.texts["en"].title = "Spelt loaf"
    product_service.update_product(loaf, form)
    db.session.commit()
    assert found("spelt", "en") == ["Spelt loaf"]
    assert found("plain", "en") == []


@pytest.mark.parametrize(
    "text", ["", "   ", '"', "*", "AND OR NOT", "NEAR(", "a:*", "'); DROP", "<script>", "😀"]
)
def test_odd_input_finds_nothing_or_something_but_never_fails(ctx, text):
    data.product("bakery", "Rye bread", sku="RYE-1")
    assert isinstance(found(text), list)


def test_typos_find_similar_titles_where_the_database_allows(ctx):
    """PostgreSQL with pg_trgm: a misspelt word finds the title; SQLite (and PostgreSQL
    without the extension) has no typo tolerance: nothing, and no error."""
    data.product("bakery", "Sourdough loaf", sku="LOAF-1", texts={"de": ("Sauerteigbrot", "")})
    data.product("bakery", "Baguette", sku="BAG-1", texts={"de": ("Stangenweißbrot", "")})
    settings = shop_settings(data.vendor_id("bakery"))
    result = search.search_products(settings, "Sauerteigbrott", "de")
    tolerant = db.engine.dialect.name == "postgresql" and search.has_trigrams()
    assert found("Sauerteigbrott") == (["Sourdough loaf"] if tolerant else [])
    assert result.similar is tolerant


def test_search_page_shows_ranked_results_and_escapes_the_query(ctx):
    data.product("bakery", "Sourdough loaf", sku="LOAF-1", texts={"de": ("Sauerteigbrot", "")})
    client = ctx.test_client()
    html = client.get(
        f"{SHOP}/search", query_string={"q": "sauerteigbrot"}, headers={"Accept-Language": "de"}
    ).get_data(as_text=True)
    assert "Sauerteigbrot" in html and 'content="noindex, follow"' in html
    html = client.get(f"{SHOP}/search", query_string={"q": "<script>x</script>"}).get_data(
        as_text=True
    )
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert (
        client.get(f"{SHOP}/search", query_string={"q": "x", "page": "9" * 23}).status_code == 200
    )


def test_a_word_inside_a_german_compound_finds_the_title_after_whole_word_hits(ctx):
    data.product("bakery", "Sourdough loaf", sku="LOAF-1", texts={"de": ("Sauerteigbrot", "")})
    data.product("bakery", "Plain bread", sku="BREAD-1", texts={"de": ("Brot", "")})
    data.product("bakery", "Croissant", sku="CRO-1", texts={"de": ("Croissant", "")})
    assert found("brot") == ["Plain bread", "Sourdough loaf"]
