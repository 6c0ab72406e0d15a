"""The cart module: one cart per shopper per shop (docs/cart.md)."""
