"""The cms module's pages and API."""
