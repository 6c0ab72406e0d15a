"""Jobs of the catalog module."""

from __future__ import annotations


def announce_vendor_variants(platform_id: int, vendor_id: int) -> int:
    """catalog.variant_changed for every variant of one vendor (its titles changed: a new
    default language), in batches."""
    from modules.catalog.services.announce import announce_all_variants

    return announce_all_variants(platform_id, vendor_id=vendor_id)
