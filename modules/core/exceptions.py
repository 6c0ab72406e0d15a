"""Errors of the core module."""


class CoreError(ValueError):
    """A core rule was broken; the message is fit to show the user."""
