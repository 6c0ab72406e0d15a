"""Monitoring has no tables: it reads RQ's state in Redis."""
