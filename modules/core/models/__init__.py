"""Core has no tables of its own yet; the folder keeps the module's shape."""
