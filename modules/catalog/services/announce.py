"""Announce every variant of a platform again (catalog.variant_changed), in batches."""

from __future__ import annotations

import sqlalchemy as sa

from modules.catalog.models import Product, Variant
from modules.catalog.services.products import variant_title
from modules.tenancy.models import Vendor
from wizamart.events import publish
from wizamart.extensions import db
from wizamart.jobs import report_progress

BATCH = 1000


def announce_all_variants(platform_id: int, batch: int = BATCH, vendor_id: int | None = None):
    """Publish catalog.variant_changed for every variant of every vendor of the platform
    (or of one vendor), `batch` variants per transaction (keyset on the variant id);
    returns how many."""
    vendors = sa.select(Vendor.id).where(Vendor.platform_id == platform_id)
    if vendor_id is not None:
        vendors = vendors.where(Vendor.id == vendor_id)
    vendor_ids = list(db.session.scalars(vendors))
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(Variant).where(Variant.vendor_id.in_(vendor_ids))
    )
    done = 0
    last_id = 0
    while vendor_ids:
        rows = db.session.execute(
            sa.select(Variant, Product.title, Product.status)
            .join(Product, Product.id == Variant.product_id)
            .where(Variant.vendor_id.in_(vendor_ids), Variant.id > last_id)
            .order_by(Variant.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        for variant, title, status in rows:
            publish(
                "catalog.variant_changed",
                platform_id=platform_id,
                vendor_id=variant.vendor_id,
                product_id=variant.product_id,
                variant_id=variant.id,
                sku=variant.sku,
                title=variant_title(title, variant)[:255],
                status=status,
            )
        last_id = rows[-1][0].id
        done += len(rows)
        db.session.commit()  # delivers this batch's events
        db.session.expunge_all()
        report_progress(done, total, "variants announced")
    return done
