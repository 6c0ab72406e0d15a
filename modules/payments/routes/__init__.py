"""Routes of the payments module."""
