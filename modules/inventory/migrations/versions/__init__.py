"""Revisions of the inventory branch."""
