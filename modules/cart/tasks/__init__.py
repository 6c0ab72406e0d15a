"""Jobs of the cart module."""

from __future__ import annotations


def expire_carts() -> int:
    """Delete the carts past their expiry (periodic, once per platform with the module
    on; without a platform, every platform's); how many were deleted."""
    from rq import get_current_job

    from modules.cart.services.carts import expire

    job = get_current_job()
    platform_id = job.meta.get("platform_id") if job is not None else None
    return expire(platform_id)
