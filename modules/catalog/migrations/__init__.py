"""Catalog module."""
