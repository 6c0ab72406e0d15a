"""Monitoring: the RQ queues, workers and jobs, for platform admins (internal module)."""
