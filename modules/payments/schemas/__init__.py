"""Forms and API schemas of the payments module."""
