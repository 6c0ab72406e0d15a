"""The inventory module: stock per variant and location, adjustments, reservations."""
