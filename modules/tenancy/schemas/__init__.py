"""Input validation for tenancy forms (Flask-WTF / WTForms)."""
