"""Routes of the cart module."""
