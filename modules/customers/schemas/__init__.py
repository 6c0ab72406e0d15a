"""Forms of the customers module (schemas/forms.py)."""
