"""The customers branch."""
