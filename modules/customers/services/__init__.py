"""Rules of the customers module: accounts, sessions, addresses, the vendor's list."""
