"""Pages of the customers module."""
