"""Tenancy services: the rules about platforms, vendors, users and access."""
