"""Migrations of the customers module."""
