"""Products, variants, categories and images of a vendor\x27s catalog."""
