"""Tenancy: platforms, companies, vendors, staff users, roles and sign-in."""
