"""Customers: shopper accounts of a vendor's storefront (core)."""
