"""Alembic revisions of the cart branch."""
