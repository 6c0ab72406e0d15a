"""The cart module's rules: carts, lines, the guest cookie, merging, expiry."""
