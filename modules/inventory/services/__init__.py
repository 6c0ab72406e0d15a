"""Services of the inventory module: the rules of stock."""
