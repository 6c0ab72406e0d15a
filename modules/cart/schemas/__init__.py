"""Forms of the cart module. The rules (quantities, stock) live in the services, so
the forms carry only the fields; CSRF comes from Flask-WTF's CSRFProtect, app-wide,
except for adding to the cart (see routes/pages/storefront.py)."""

from __future__ import annotations

from flask_wtf import FlaskForm


class CartForm(FlaskForm):
    """A cart page form: its CSRF token (quantities are read by the services)."""
