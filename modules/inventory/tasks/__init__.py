"""Jobs of the inventory module."""

from __future__ import annotations


def expire_reservations() -> int:
    """Release the reservations past their expiry (periodic, once per platform with the
    module on); how many expired."""
    from rq import get_current_job

    from modules.inventory.services.reservations import expire

    job = get_current_job()
    platform_id = job.meta.get("platform_id") if job is not None else None
    return expire(platform_id)
