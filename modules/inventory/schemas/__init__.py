"""Input forms of the inventory module."""
