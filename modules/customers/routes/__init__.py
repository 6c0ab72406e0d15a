"""Routes of the customers module."""
