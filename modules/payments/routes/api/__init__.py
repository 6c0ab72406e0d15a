"""JSON API (the providers' webhooks)."""
