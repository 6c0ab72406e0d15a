"""Core: dashboards, profile and settings, and the storefront home other modules fill."""
