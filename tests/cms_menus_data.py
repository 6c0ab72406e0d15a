"""Content pages and menu items for the menus tests, written straight into the cms tables
(the pages' own services are another area's; these rows are what they write)."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa
from flask import g

from modules.cms.models import MenuItem, Page, PageText, PageVersion
from modules.cms.services.menus import MenuInput, Owner, add_item
from modules.tenancy.models import Platform, Vendor
from modules.tenancy.services.access import access
from wizamart.extensions import db


def clear_content(app) -> None:
    """No pages and no menu items anywhere: the demo's own (its about and legal pages,
    the menus linking them) would collide with the slugs and roles a test makes."""
    with app.app_context():
        for model in (MenuItem, PageText, PageVersion, Page):
            db.session.execute(sa.delete(model).execution_options(all_vendors=True))
        db.session.commit()


@contextmanager
def in_shop(app, code: str = "bakery", language: str = "en"):
    """A storefront request of the shop in `language`, with what the gate would set on
    g (the modules' link targets are asked in a request); yields the shop's Owner."""
    with app.test_request_context(f"/storefront/{code}/", headers={"Accept-Language": language}):
        g.platform = access.platform_by_code("oms" if code == "books" else "main")
        g.vendor = access.vendor_by_code(g.platform.id, code)
        g.vendor_code = code
        g.frontend = "storefront"
        yield shop(code)


@contextmanager
def on_platform(app, code: str = "main"):
    """A request of the platform's public site; yields the platform's Owner."""
    with app.test_request_context("/"):
        g.platform = access.platform_by_code(code)
        yield platform(code)


def shop(code: str) -> Owner:
    """The menus' owner for a demo shop."""
    vendor_id, platform_id = db.session.execute(
        sa.select(Vendor.id, Vendor.platform_id).where(Vendor.vendor_code == code)
    ).one()
    return Owner(platform_id, vendor_id)


def platform(code: str = "main") -> Owner:
    return Owner(db.session.scalar(sa.select(Platform.id).where(Platform.code == code)))


def page(
    owner: Owner,
    slug: str,
    titles: dict[str, str],
    *,
    role: str | None = None,
    published: bool = True,
    draft_titles: dict[str, str] | None = None,
) -> Page:
    """A page with a first version per language (`titles`), published or a draft; with
    `draft_titles`, a newer unpublished version of those languages on top."""
    row = Page(
        platform_id=owner.platform_id,
        vendor_id=owner.vendor_id,
        slug=slug,
        role=role,
        status="published" if published else "draft",
    )
    db.session.add(row)
    db.session.flush()
    for language, title in titles.items():
        version = PageVersion(
            page_id=row.id,
            vendor_id=owner.vendor_id,
            language=language,
            number=1,
            title=title,
            body=f"<p>{title}</p>",
        )
        db.session.add(version)
        db.session.flush()
        text = PageText(
            page_id=row.id,
            vendor_id=owner.vendor_id,
            language=language,
            current_version_id=version.id,
            published_version_id=version.id if published else None,
        )
        db.session.add(text)
        db.session.flush()
        if draft_titles and language in draft_titles:
            newer = PageVersion(
                page_id=row.id,
                vendor_id=owner.vendor_id,
                language=language,
                number=2,
                title=draft_titles[language],
                body="",
            )
            db.session.add(newer)
            db.session.flush()
            text.current_version_id = newer.id
    db.session.flush()
    return row


def item(owner: Owner, location: str = "header", **values) -> MenuItem:
    """An item through the service (checked as a form's would be)."""
    labels = values.pop("labels", {})
    data = MenuInput(location=location, labels=labels, **values)
    if "page_id" in values:
        data.page_id = str(values["page_id"])
    return add_item(owner, data)


def positions(owner: Owner, location: str) -> list[int]:
    """The ids of the menu's items in their order."""
    return list(
        db.session.scalars(
            sa.select(MenuItem.id)
            .where(owner.where(MenuItem), MenuItem.location == location)
            .order_by(MenuItem.position)
        )
    )
