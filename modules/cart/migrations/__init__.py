"""Migrations of the cart module."""
