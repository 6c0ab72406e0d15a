"""HTML pages of the monitoring module."""
