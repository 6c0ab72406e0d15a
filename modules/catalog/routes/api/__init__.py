"""JSON API of the catalog."""
