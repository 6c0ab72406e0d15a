"""Input validation for core forms."""
