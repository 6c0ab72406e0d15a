"""Jobs of the catalog module."""
