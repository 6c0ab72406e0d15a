"""Database objects that migrations create but no model describes.

A module's migration may add what SQLAlchemy models cannot express: an SQLite FTS5
virtual table (and the shadow tables SQLite keeps for it), a PostgreSQL expression or
trigram index, a column only one database has (a stored `tsvector`). Autogenerate
(`flask db check`, `flask db revision --autogenerate`) would want to drop them; the
module names them here, once, at import:

    from wizamart.dbschema import unmanaged
    unmanaged(tables=["catalog_search"], indexes=["ix_catalog_product_text_search"],
              columns=["catalog_product_text.search_document"])

`include_name` is given to Alembic (create_app) so they are left out of comparisons.
"""

from __future__ import annotations

from wizamart.extensions import db

#: SQLite's shadow tables of an FTS5 table `x`: x_data, x_idx, x_content, x_docsize, x_config.
FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")


def _names() -> dict[str, set[str]]:
    return db.metadata.info.setdefault(
        "unmanaged", {"table": set(), "index": set(), "column": set()}
    )


def unmanaged(tables=(), indexes=(), fts5=(), columns=()) -> None:
    """Leave these tables, indexes and columns ("table.column"), and FTS5 tables with
    their shadows, to migrations."""
    names = _names()
    names["column"].update(columns)
    names["table"].update(tables)
    for table in fts5:
        names["table"].add(table)
        names["table"].update(f"{table}_{shadow}" for shadow in FTS5_SHADOWS)
    names["index"].update(indexes)


def include_name(name, type_, parent_names) -> bool:
    """Alembic's `include_name`: False for the objects named through `unmanaged`."""
    if type_ == "column":
        name = f"{parent_names.get('table_name')}.{name}"
    return name not in _names().get(type_, ())
