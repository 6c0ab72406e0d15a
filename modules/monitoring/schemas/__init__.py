"""Monitoring has no forms: its actions are single buttons (CSRF-protected POSTs)."""
