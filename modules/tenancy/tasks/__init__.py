"""Background jobs of the tenancy module (RQ). None yet; the loader imports this package."""
