"""Pages of the inventory module."""
