"""Catalog: full-text search of product texts for the storefront; newest-first index.

PostgreSQL: `catalog_search_document(language, title, description)`, an IMMUTABLE SQL
function building the weighted tsvector (title A, description B) with the text search
configuration of the text's language (german, french, english; `simple` for lb and any
other), and a GIN index on it; pg_trgm (when the extension can be created) with a
trigram index on titles for typo tolerance.

SQLite: an FTS5 table `catalog_search` (rowid = catalog_product_text.id, unicode61 with
diacritics removed) kept in step by triggers on catalog_product_text, in the same
transaction as every write to it, whoever writes. A later migration that makes SQLite
recreate catalog_product_text (batch mode) drops its triggers: create them again there.

Revision ID: catalog_002
Revises: catalog_001
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_002"
down_revision = "catalog_001"
branch_labels = None
depends_on = None

PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION catalog_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE language
    WHEN 'de' THEN 'pg_catalog.german'::regconfig
    WHEN 'fr' THEN 'pg_catalog.french'::regconfig
    WHEN 'en' THEN 'pg_catalog.english'::regconfig
    ELSE 'pg_catalog.simple'::regconfig
  END
$$;
CREATE OR REPLACE FUNCTION catalog_search_document(language text, title text, description text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(catalog_search_config(language), coalesce(title, '')), 'A')
      || setweight(to_tsvector(catalog_search_config(language),
           regexp_replace(coalesce(description, ''), '<[^>]*>', ' ', 'g')), 'B')
$$;
"""

SQLITE_TRIGGERS = [
    """CREATE TRIGGER catalog_search_ai AFTER INSERT ON catalog_product_text BEGIN
      INSERT INTO catalog_search(rowid, title, body, product_id, vendor_id, language)
      VALUES (new.id, new.title, new.description, new.product_id, new.vendor_id, new.language);
    END""",
    """CREATE TRIGGER catalog_search_ad AFTER DELETE ON catalog_product_text BEGIN
      DELETE FROM catalog_search WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER catalog_search_au AFTER UPDATE ON catalog_product_text BEGIN
      DELETE FROM catalog_search WHERE rowid = old.id;
      INSERT INTO catalog_search(rowid, title, body, product_id, vendor_id, language)
      VALUES (new.id, new.title, new.description, new.product_id, new.vendor_id, new.language);
    END""",
]


def upgrade():
    op.create_index(
        "ix_catalog_product_vendor_created", "catalog_product", ["vendor_id", "created_at", "id"]
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(PG_FUNCTIONS)
        op.execute(
            "CREATE INDEX ix_catalog_product_text_search ON catalog_product_text "
            "USING gin (catalog_search_document(language, title, description))"
        )
        # pg_trgm may not be installable (a managed server, no superuser): search then
        # works without typo tolerance. A savepoint keeps the migration's transaction.
        try:
            with bind.begin_nested():
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError:
            return
        op.execute(
            "CREATE INDEX ix_catalog_product_text_title_trgm ON catalog_product_text "
            "USING gin (lower(title) gin_trgm_ops)"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE catalog_search USING fts5("
            "title, body, product_id UNINDEXED, vendor_id UNINDEXED, language UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute(
            "INSERT INTO catalog_search(rowid, title, body, product_id, vendor_id, language) "
            "SELECT id, title, description, product_id, vendor_id, language "
            "FROM catalog_product_text"
        )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_catalog_product_text_title_trgm")
        op.execute("DROP INDEX IF EXISTS ix_catalog_product_text_search")
        op.execute("DROP FUNCTION IF EXISTS catalog_search_document(text, text, text)")
        op.execute("DROP FUNCTION IF EXISTS catalog_search_config(text)")
    else:
        for name in ("catalog_search_ai", "catalog_search_ad", "catalog_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS catalog_search")
    op.drop_index("ix_catalog_product_vendor_created", table_name="catalog_product")
