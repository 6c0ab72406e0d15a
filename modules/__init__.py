"""Wizamart's modules: each folder with a definition.py is one, discovered at start-up."""
