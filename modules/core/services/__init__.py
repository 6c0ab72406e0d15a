"""Core services: dashboard figures."""
