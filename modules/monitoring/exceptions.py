"""Errors of the monitoring module."""


class MonitoringError(ValueError):
    """A monitoring rule was broken; the message is fit to show the user."""


class JobNotFound(MonitoringError):
    """No job with this id (or not one of this platform's)."""


class ActionNotAllowed(MonitoringError):
    """The action does not fit the job's state (retry a job that has not failed...)."""
