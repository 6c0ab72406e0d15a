"""Items: inventory's read model of catalog variants, and the vendor's locations.

Items are filled from catalog's events (subscribers.py); nothing else creates them
except a stock count that arrives before its variant (then sku and title follow).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from modules.inventory.exceptions import InvalidInput
from modules.inventory.models import Item, Location
from modules.inventory.services.sql import insert_if_missing, lock_rows
from wizamart.extensions import db

DEFAULT_LOCATION_CODE = "main"
MAX_THRESHOLD = 1_000_000_000


def record_variant(
    *,
    platform_id: int,
    vendor_id: int,
    product_id: int,
    variant_id: int,
    sku: str,
    title: str,
    status: str,
) -> Item:
    """Create or update the item of a catalog variant (idempotent: a replay changes nothing)."""
    insert_if_missing(
        Item,
        platform_id=platform_id,
        vendor_id=vendor_id,
        variant_id=variant_id,
        product_id=product_id,
        sku=sku[:64],
        title=title[:300],
        status=status[:16],
        created_at=datetime.now(UTC),
    )
    db.session.execute(
        sa.update(Item)
        .where(Item.vendor_id == vendor_id, Item.variant_id == variant_id)
        .values(
            platform_id=platform_id,
            product_id=product_id,
            sku=sku[:64],
            title=title[:300],
            status=status[:16],
            gone_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return item_for_variant(vendor_id, variant_id)


def mark_variant_gone(vendor_id: int, variant_id: int) -> None:
    """A deleted variant's item stays (with its history), marked gone."""
    db.session.execute(
        sa.update(Item)
        .where(Item.vendor_id == vendor_id, Item.variant_id == variant_id, Item.gone_at.is_(None))
        .values(gone_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )


def item_for_variant(vendor_id: int, variant_id: int) -> Item | None:
    return db.session.scalars(
        sa.select(Item)
        .where(Item.vendor_id == vendor_id, Item.variant_id == variant_id)
        .execution_options(populate_existing=True)
    ).one_or_none()


def set_threshold(item: Item, threshold: int | None) -> None:
    """The low-stock threshold of an item (None: no alert)."""
    if threshold is not None and not 0 <= threshold <= MAX_THRESHOLD:
        raise InvalidInput(
            {"threshold": [_("Enter a whole number from 0 to %(max)d.", max=MAX_THRESHOLD)]}
        )
    item.low_stock_threshold = threshold
    db.session.flush()


# ---------------------------------------------------------------------------- locations


def locations(vendor_id: int) -> list[Location]:
    """The vendor's locations, the default first (created on first use)."""
    default_location(vendor_id)
    return list(
        db.session.scalars(
            sa.select(Location)
            .where(Location.vendor_id == vendor_id)
            .order_by(Location.is_default.desc(), Location.name, Location.id)
        )
    )


def default_location(vendor_id: int) -> Location:
    """The vendor's default location; made on first use, safely under concurrency."""
    found = _default(vendor_id)
    if found is not None:
        return found
    insert_if_missing(
        Location,
        vendor_id=vendor_id,
        code=DEFAULT_LOCATION_CODE,
        name=_("Main location"),
        is_default=True,
        created_at=datetime.now(UTC),
    )
    found = _default(vendor_id)
    if found is None:  # a location named "main" exists without being the default
        first = db.session.scalars(
            sa.select(Location).where(Location.vendor_id == vendor_id).order_by(Location.id)
        ).first()
        set_default(first)
        found = first
    return found


def _default(vendor_id: int) -> Location | None:
    return db.session.scalars(
        sa.select(Location).where(Location.vendor_id == vendor_id, Location.is_default)
    ).one_or_none()


def _check_location(vendor_id: int, name: str, code: str, location_id: int | None = None):
    errors: dict[str, list] = {}
    name, code = (name or "").strip(), (code or "").strip().lower()
    if not name:
        errors.setdefault("name", []).append(_("Enter a name."))
    elif len(name) > 120 or any(ord(c) < 32 for c in name):
        errors.setdefault("name", []).append(_("Use at most 120 characters, on one line."))
    if not code:
        errors.setdefault("code", []).append(_("Enter a code."))
    elif len(code) > 32 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
        errors.setdefault("code", []).append(
            _("Use up to 32 letters, digits, dashes or underscores.")
        )
    else:
        clash = db.session.scalar(
            sa.select(Location.id).where(
                Location.vendor_id == vendor_id,
                Location.code == code,
                Location.id != (location_id or 0),
            )
        )
        if clash:
            errors.setdefault("code", []).append(_("Another location has this code."))
    if errors:
        raise InvalidInput(errors)
    return name, code


def add_location(vendor_id: int, name: str, code: str) -> Location:
    """A new (non-default) location of the vendor."""
    default_location(vendor_id)
    name, code = _check_location(vendor_id, name, code)
    location = Location(vendor_id=vendor_id, name=name, code=code, is_default=False)
    db.session.add(location)
    db.session.flush()
    return location


def rename_location(location: Location, name: str, code: str) -> None:
    location.name, location.code = _check_location(
        location.vendor_id, name, code, location_id=location.id
    )
    db.session.flush()


def set_default(location: Location) -> None:
    """Make `location` the vendor's default. The vendor's locations are locked first (in
    id order), so two requests cannot both leave a default; the database keeps one
    default per vendor (a partial unique index)."""
    db.session.execute(
        lock_rows(
            sa.select(Location.id)
            .where(Location.vendor_id == location.vendor_id)
            .order_by(Location.id)
        )
    ).all()
    db.session.execute(
        sa.update(Location)
        .where(Location.vendor_id == location.vendor_id, Location.is_default)
        .values(is_default=False)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.update(Location)
        .where(Location.id == location.id)
        .values(is_default=True)
        .execution_options(synchronize_session=False)
    )
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Location):
            db.session.expire(obj)
