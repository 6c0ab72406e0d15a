"""Demo products."""


def seed():
    return []
