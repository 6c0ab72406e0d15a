"""Whose content: a shop's, or the platform's own. Every cms table (pages, menus, media,
themes) has `platform_id` always set and `vendor_id` set for a shop's rows, NULL for the
platform's own (models/__init__.py); `Owner` names one of those two kinds of owner, and
every area of cms works on an `Owner`:

    owner = request_owner()                  # the request's shop, else its platform
    rows = sa.select(Media).where(owner.where(Media))
    page = owned_row_or_404(owner, Page, page_id)

- `Owner.of_vendor(vendor)` / `Owner.of_platform(platform)` from what the request holds
  (no statement); `Owner.of_vendor_id(vendor_id)` where only the id is known (one).
- `owner.where(model)`: the SQL condition "this owner's rows" (both columns, so the
  `(platform_id, vendor_id, ...)` indexes serve it, and a platform's rows never match a
  shop's).
- `owner.languages`: the platform's languages, its default language first (pages and
  menus are written in them); no statement when the request's platform is the owner's.
- `request_owner()`: the shop of a storefront, vendor back office or vendor API
  request, else the platform of the host (admin pages, the public site); made once a
  request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa
from flask import abort, current_app, g, has_request_context

from modules.tenancy.models import Platform, Vendor
from wizamart.extensions import db
from wizamart.lists import positive_int
from wizamart.paging import MAX_ID


@dataclass(frozen=True)
class Owner:
    """A shop (`vendor_id` set) or the platform itself (`vendor_id` None)."""

    platform_id: int
    vendor_id: int | None = None

    @classmethod
    def of_vendor(cls, vendor) -> Owner:
        """The shop `vendor` (a Vendor row or the request's VendorRef)."""
        return cls(vendor.platform_id, vendor.id)

    @classmethod
    def of_platform(cls, platform) -> Owner:
        return cls(platform.id)

    @classmethod
    def of_vendor_id(cls, vendor_id: int) -> Owner:
        """The shop with this id (one statement: its platform)."""
        platform_id = db.session.scalar(sa.select(Vendor.platform_id).where(Vendor.id == vendor_id))
        if platform_id is None:
            raise LookupError(f"no vendor {vendor_id}")
        return cls(platform_id, vendor_id)

    @property
    def is_platform(self) -> bool:
        return self.vendor_id is None

    @property
    def frontend(self) -> str:
        """Where visitors see its content: a shop's storefront or the public site."""
        return "public" if self.vendor_id is None else "storefront"

    @property
    def folder(self) -> str:
        """Its folder in the media storage: `v<vendor id>` or `p<platform id>`."""
        return f"p{self.platform_id}" if self.vendor_id is None else f"v{self.vendor_id}"

    def where(self, model) -> sa.ColumnElement[bool]:
        """The SQL condition: a row of `model` (a cms table) belongs to this owner."""
        if self.vendor_id is None:
            vendor = model.vendor_id.is_(None)
        else:
            vendor = model.vendor_id == self.vendor_id
        return sa.and_(model.platform_id == self.platform_id, vendor)

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """The languages of the platform (settings LANGUAGES), its default language first."""
        configured = list(current_app.config["LANGUAGES"])
        default = platform_language(self.platform_id)
        if default not in configured:
            default = configured[0]
        return (default, *[code for code in configured if code != default])

    @property
    def default_language(self) -> str:
        return self.languages[0]


def platform_language(platform_id: int) -> str | None:
    """The platform's default language: the request's platform costs no statement."""
    platform = g.get("platform") if has_request_context() else None
    if platform is not None and platform.id == platform_id:
        return platform.default_language
    return db.session.scalar(sa.select(Platform.default_language).where(Platform.id == platform_id))


def request_owner() -> Owner | None:
    """The owner whose content the request is about: its shop (storefront, vendor back
    office, vendor API), else the platform of the host (admin, public site); None
    outside both. Kept for the request, so `languages` is looked up once."""
    vendor, platform = g.get("vendor"), g.get("platform")
    if vendor is not None:
        owner = Owner.of_vendor(vendor)
    elif platform is not None:
        owner = Owner.of_platform(platform)
    else:
        return None
    known = g.get("cms_owner")
    if known == owner:  # the same owner (equal by ids): keep its languages
        return known
    g.cms_owner = owner
    return owner


def owner_or_404() -> Owner:
    owner = request_owner()
    if owner is None:
        abort(404)
    return owner


def as_id(value) -> int | None:
    """`value` (from a URL or a form) as a positive id a column holds, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    return positive_int(str(value or "").strip(), MAX_ID)


def owned_row(owner: Owner, model, ident, *, options=()):
    """The row `ident` of `model` if `owner` owns it, else None: another owner's id, an
    unknown one, or anything that is not a positive id a column holds (from a URL or a
    form: never an overflow in the driver)."""
    number = as_id(ident)
    if number is None:
        return None
    statement = sa.select(model).where(model.id == number, owner.where(model))
    if options:
        statement = statement.options(*options)
    return db.session.scalar(statement)


def owned_row_or_404(owner: Owner, model, ident, *, options=()):
    row = owned_row(owner, model, ident, options=options)
    if row is None:
        abort(404)
    return row
