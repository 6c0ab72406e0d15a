"""Demo menus: each demo shop's header links its about page, its footer its legal pages.

Runs after the pages' demo seed and finds the pages by role; a shop without such pages
gets no items (nothing to link yet). Idempotent: a page already in a shop's menus is
not added again.
"""

from __future__ import annotations

import sqlalchemy as sa

from modules.cms.models import MenuItem, MenuItemKind, MenuLocation, Page, PageRole
from modules.cms.services.menus import MenuInput, Owner, add_item
from modules.tenancy.models import Vendor
from wizamart.extensions import db

DEMO_SHOPS = ("bakery", "bikes", "books")
PLAN = (
    (MenuLocation.HEADER, (PageRole.ABOUT,)),
    (MenuLocation.FOOTER, (PageRole.SHIPPING, PageRole.TERMS, PageRole.PRIVACY, PageRole.IMPRINT)),
)


def seed() -> list[str]:
    vendors = db.session.execute(
        sa.select(Vendor.id, Vendor.platform_id).where(Vendor.vendor_code.in_(DEMO_SHOPS))
    ).all()
    for vendor_id, platform_id in vendors:
        owner = Owner(platform_id, vendor_id)
        pages = dict(
            db.session.execute(
                sa.select(Page.role, Page.id).where(owner.where(Page), Page.role.is_not(None))
            ).all()
        )
        linked = set(
            db.session.scalars(
                sa.select(MenuItem.page_id).where(
                    owner.where(MenuItem), MenuItem.page_id.is_not(None)
                )
            )
        )
        for location, roles in PLAN:
            for role in roles:
                page_id = pages.get(role.value)
                if page_id is not None and page_id not in linked:
                    data = MenuInput(location.value, MenuItemKind.PAGE.value, str(page_id))
                    add_item(owner, data)
                    linked.add(page_id)
    db.session.flush()
    return []
