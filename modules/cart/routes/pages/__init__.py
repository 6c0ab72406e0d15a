"""Page routes of the cart module."""
