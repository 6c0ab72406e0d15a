"""Errors of the tenancy module; messages are fit to show the user."""


class TenancyError(ValueError):
    """A tenancy rule was broken (duplicate code, unknown platform...)."""


class InvitationError(TenancyError):
    """An invitation that is unknown, used or expired."""
