"""Errors of the cms module: ValueError subclasses whose message is fit to show."""


class CmsError(ValueError):
    """Something the user asked for cannot be done; the message says why."""


class ValidationFailed(CmsError):
    """Field errors of a form: `errors` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
