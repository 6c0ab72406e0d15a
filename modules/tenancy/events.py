"""Events tenancy announces (docs/events.md): what other modules may want to follow."""

from __future__ import annotations

from wizamart.events import EventPayload, declare


class VendorCreated(EventPayload):
    """A shop was added to a platform (the event's vendor_id and platform_id say which)."""

    vendor_code: str


declare(
    "tenancy.vendor_created",
    VendorCreated,
    "A vendor (shop) was created; modules give it its starting data (cms: default pages).",
)
