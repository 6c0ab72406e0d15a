"""Full-text search of a shop's active products, ranked, in the shopper's language.

The index is made by migrations catalog_002 and catalog_003 (docs/catalog.md, "Search"):

- PostgreSQL: `catalog_product_text.search_document`, a stored generated column
  `catalog_search_document(language, title, description)` (title weight A, description
  B, the text search configuration of the text's language: german, french, english,
  `simple` for lb; catalog_003) under a GIN index; matches ranked with `ts_rank` on the
  stored document. Each word is a prefix (`brot` finds "Brote", "Brotkorb") after the
  language's stemming. The ranking work is bounded: two tiers of MAX_RANKED texts
  each (more for a deep page of a two-language reader: `candidates`) are ranked, the
  texts whose *titles* have every word (weight A, the cheap pre-order: such a text
  ranks above one that has a word in its description only) and the matches in any
  field; both tiers are the first found in the table.
  So a word in fewer than MAX_RANKED texts is ranked exactly, and a common word's
  pages show title hits first, ranked, as before; among equal ranks the first found
  come first (not the lowest ids, as ranking every match would give). When nothing
  matches and pg_trgm is installed, titles similar to the words are found instead
  (typos: "Sauerteg" finds "Sauerteig").
- SQLite: the FTS5 table `catalog_search`, kept in step by triggers, ranked with bm25
  (a title hit weighs ten times a description hit); words are prefixes; no typo
  tolerance. The compound look-up below (a scan of the shop's titles) runs only when
  the full-text hits do not fill the page asked for: they rank above it anyway.
- Both: a title containing every word inside a longer word (German compounds: "brot"
  finds "Sauerteigbrot") is found too, after the full-text hits.

The shopper's texts are searched and, when the shopper reads another language than the
shop's default, the default language's texts too (what the pages fall back to).
Results are ranked, not keyed: a page is LIMIT/OFFSET over the ranking, at most
MAX_PAGE pages deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from modules.catalog.models import Product
from modules.catalog.services.settings import ShopSettings
from modules.catalog.services.storefront import CARD_COLUMNS, reading_languages
from modules.tenancy.services.access import run_core
from wizamart.dbschema import unmanaged
from wizamart.extensions import db

# Made by catalog_002 and catalog_003, not by the models: autogenerate leaves them alone.
unmanaged(
    fts5=["catalog_search"],
    columns=["catalog_product_text.search_document"],
    indexes=[
        "ix_catalog_product_text_document",
        "ix_catalog_product_text_search",  # catalog_002's, until catalog_003
        "ix_catalog_product_text_title_trgm",
        "ix_catalog_product_vendor_created",
    ],
)

MAX_QUERY = 200
MAX_WORDS = 8
MAX_PAGE = 50
#: PostgreSQL ranks at most this many texts whose titles have the words and as many of
#: all matches (module docstring): 50 pages of 24 and one more.
MAX_RANKED = 1201
WORD_RE = re.compile(r"[^\W_]+")

PG_CONFIGS = {"de": "german", "fr": "french", "en": "english"}


@dataclass
class SearchResult:
    product_ids: list[int]  # ranked, best first
    more: bool
    similar: bool = False  # found by similarity (a typo), not by the words themselves


def words(text) -> list[str]:
    """The words of a search box's text (letters and digits), lower-case, at most
    MAX_WORDS: punctuation, quotes and operators never reach the database's parser."""
    if not isinstance(text, str):
        return []
    found = [w.lower() for w in WORD_RE.findall(text[:MAX_QUERY])]
    return found[:MAX_WORDS]


def search_products(
    settings: ShopSettings, text: str, locale: str, page: int = 1, per_page: int = 24
) -> SearchResult:
    """Product ids of the shop's active products matching `text`, best first."""
    terms = words(text)
    if not terms:
        return SearchResult([], False)
    page = min(max(page, 1), MAX_PAGE)
    languages = reading_languages(settings, locale)
    offset = (page - 1) * per_page
    if db.engine.dialect.name == "postgresql":
        ids = _postgres(settings.vendor_id, terms, languages, per_page + 1, offset)
        if not ids and page == 1 and has_trigrams():
            ids = _similar_titles(settings.vendor_id, terms, languages, per_page + 1)
            return SearchResult(ids[:per_page], False, similar=bool(ids))
    else:
        ids = _sqlite(settings.vendor_id, terms, languages, per_page + 1, offset)
    return SearchResult(ids[:per_page], len(ids) > per_page and page < MAX_PAGE)


def _postgres(vendor_id, terms, languages, limit, offset) -> list[int]:
    """Ranked matches, ranking at most 2 x `candidates(...)` texts per reading language
    (see MAX_RANKED)."""
    # One tsquery per language (stemmed by its configuration); each word a prefix. The
    # title tier asks for the words with weight A (in the title).
    prefix_query = " & ".join(f"{term}:*" for term in terms)
    title_query = " & ".join(f"{term}:*A" for term in terms)
    params = {
        "vendor_id": vendor_id,
        "q": prefix_query,
        "qa": title_query,
        "limit": limit,
        "offset": offset,
        # a product has a text per reading language: as many texts per product shown
        "candidates": candidates((limit + offset) * len(languages)),
    }
    matches, in_titles = [], []
    for index, language in enumerate(languages):
        config = PG_CONFIGS.get(language, "simple")
        params[f"lang{index}"] = language
        for found, query in ((matches, "q"), (in_titles, "qa")):
            found.append(
                f"(t.language = :lang{index} AND t.search_document "
                f"@@ to_tsquery('{config}', :{query}))"
            )
    # A title that contains every word (German compounds: "brot" in "Sauerteigbrot"),
    # ranked after the full-text hits (ts_rank is 0 for them).
    params.update({f"pat{i}": f"%{term}%" for i, term in enumerate(terms)})
    languages_in = ", ".join(f":lang{i}" for i in range(len(languages)))
    contains = " AND ".join(f"lower(t.title) LIKE :pat{i}" for i in range(len(terms)))
    matches.append(f"(t.language IN ({languages_in}) AND {contains})")
    rank_cases = " ".join(
        f"WHEN :lang{index} THEN to_tsquery('{PG_CONFIGS.get(language, 'simple')}', :q)"
        for index, language in enumerate(languages)
    )
    shop = """
        FROM catalog_product_text t
        JOIN catalog_product p ON p.id = t.product_id
        WHERE t.vendor_id = :vendor_id AND p.vendor_id = :vendor_id
          AND p.status = 'active' AND p.price IS NOT NULL"""
    sql = f"""
        WITH hit AS MATERIALIZED (
            (SELECT t.product_id, t.language, t.search_document {shop}
               AND ({" OR ".join(in_titles)}) LIMIT :candidates)
            UNION ALL
            (SELECT t.product_id, t.language, t.search_document {shop}
               AND ({" OR ".join(matches)}) LIMIT :candidates)
        )
        SELECT product_id, max(ts_rank(search_document, CASE language {rank_cases} END)) AS rank
        FROM hit
        GROUP BY product_id
        ORDER BY rank DESC, product_id
        LIMIT :limit OFFSET :offset
    """
    return list(db.session.scalars(sa.text(sql), params))


def candidates(needed: int) -> int:
    """How many texts each tier of a PostgreSQL search ranks: MAX_RANKED (the same set
    for every page of a one-language reader), more for a page that needs more texts (a
    reader of two languages past page 24: a larger set than the first pages')."""
    return max(MAX_RANKED, needed)


def _similar_titles(vendor_id, terms, languages, limit) -> list[int]:
    """Titles like the words (pg_trgm's word similarity), for a query with a typo."""
    sql = """
        SELECT t.product_id, max(word_similarity(:q, lower(t.title))) AS rank
        FROM catalog_product_text t
        JOIN catalog_product p ON p.id = t.product_id
        WHERE t.vendor_id = :vendor_id AND p.vendor_id = :vendor_id
          AND p.status = 'active' AND p.price IS NOT NULL
          AND t.language IN :languages
          AND :q <% lower(t.title)
        GROUP BY t.product_id
        ORDER BY rank DESC, t.product_id
        LIMIT :limit
    """
    statement = sa.text(sql).bindparams(sa.bindparam("languages", expanding=True))
    params = {
        "vendor_id": vendor_id,
        "q": " ".join(terms),
        "languages": list(languages),
        "limit": limit,
    }
    return list(db.session.scalars(statement, params))


def has_trigrams() -> bool:
    """Whether pg_trgm is installed in this database (asked once per app)."""
    cache = current_app.extensions.setdefault("catalog.has_trigrams", {})
    url = str(db.engine.url)
    if url not in cache:
        cache[url] = bool(
            db.session.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))
        )
    return cache[url]


def _sqlite(vendor_id, terms, languages, limit, offset) -> list[int]:
    # FTS5 query: each word a quoted prefix ("brot"*), all words required.
    match = " ".join(f'"{term}"*' for term in terms)
    # bm25() only works in the full-text query itself: a MATERIALIZED CTE keeps SQLite
    # from folding that query into the grouping one. Titles that contain every word
    # (German compounds: "brot" in "Sauerteigbrot") come after them (bm25 is < 0, they
    # get 0), so they are looked for only when the full-text hits do not fill the page
    # asked for: that look-up reads every title of the shop (150 ms at 100,000).
    contains = " AND ".join(f"lower(t.title) LIKE :pat{i}" for i in range(len(terms)))
    sql = f"""
        WITH hit AS MATERIALIZED (
            SELECT product_id, bm25(catalog_search, 10.0, 1.0) AS rank
            FROM catalog_search
            WHERE catalog_search MATCH :match
              AND vendor_id = :vendor_id AND language IN :languages
        ), shown AS MATERIALIZED (
            SELECT hit.product_id, min(hit.rank) AS rank FROM hit
            JOIN catalog_product p ON p.id = hit.product_id
            WHERE p.vendor_id = :vendor_id AND p.status = 'active' AND p.price IS NOT NULL
            GROUP BY hit.product_id
        ), inside AS (
            SELECT t.product_id, 0.0 AS rank FROM catalog_product_text t
            JOIN catalog_product p ON p.id = t.product_id
            WHERE (SELECT count(*) FROM shown) < :needed
              AND t.vendor_id = :vendor_id AND t.language IN :languages AND {contains}
              AND p.vendor_id = :vendor_id AND p.status = 'active' AND p.price IS NOT NULL
        )
        SELECT product_id FROM (SELECT * FROM shown UNION ALL SELECT * FROM inside)
        GROUP BY product_id
        ORDER BY min(rank), product_id
        LIMIT :limit OFFSET :offset
    """
    statement = sa.text(sql).bindparams(sa.bindparam("languages", expanding=True))
    params = {
        "match": match,
        "vendor_id": vendor_id,
        "languages": list(languages),
        "limit": limit,
        "offset": offset,
        "needed": offset + limit,
        **{f"pat{i}": f"%{term}%" for i, term in enumerate(terms)},
    }
    return list(db.session.scalars(statement, params))


def products_in_order(vendor_id: int, ids: list[int]) -> list[sa.Row]:
    """What the cards show of the products of `ids`, in that order (one statement; plain
    rows, as the product list reads them)."""
    if not ids:
        return []
    rows = run_core(
        sa.select(*CARD_COLUMNS).where(Product.vendor_id == vendor_id, Product.id.in_(ids))
    ).all()
    by_id = {p.id: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]
