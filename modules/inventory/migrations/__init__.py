"""Alembic branch "inventory"."""
