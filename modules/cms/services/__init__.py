"""The cms module's rules; routes stay thin."""
