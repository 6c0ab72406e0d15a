"""Routes of the inventory module."""
