"""Header and footer menus of a shop, and of the platform's public site.

An owner is a shop (`Owner(platform_id, vendor_id)`) or the platform itself
(`vendor_id=None`). Each owner has two menus, `header` and `footer`, of items ordered by
`position` (1, 2, 3 ...). An item links to

- a content page of the same owner (`kind="page"`, `page_id`),
- a page of a module (`kind="module"`, `module_code` + `target`, the key of one of the
  `LinkTarget`s the module offers through the hook `cms.link_targets`, wizamart/links.py),
- an outside link (`kind="url"`, `target` an http or https URL).

Labels are per language (`labels`, {"en": "About", "de": "Über uns"}); shown in the
request's language, else the platform's default language, else the page's title (or the
module target's label). A URL item needs a label of its own.

What shoppers see (`shown_menus`): an item whose page is not published, whose module is
off on the platform or no longer offers the target, is left out instead of leading to a
404. Both menus, with their pages' titles in the two languages, and (for a shop) the
published legal pages the footer links while it has no items of its own, come from ONE
statement, made once a request (`g`), whichever slot asks first.

Positions are rewritten whole on every change (`reorder`, `move`): the caller commits
once, so a menu is never seen half-ordered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from modules.cms.exceptions import CmsError, ValidationFailed
from modules.cms.models import (
    MenuItem,
    MenuItemKind,
    MenuLocation,
    Page,
    PageRole,
    PageStatus,
    PageText,
    PageVersion,
)
from modules.cms.services.owners import Owner
from modules.tenancy.models import Platform
from wizamart.extensions import db
from wizamart.hooks import hook_results
from wizamart.links import LinkTarget
from wizamart.modules.service import module_service

#: The most items one menu holds (a header of a hundred links helps nobody).
MAX_ITEMS = 100
MAX_LABEL = 100
MAX_URL = 500
#: The pages a shop's footer links while it has no footer items, in this order.
LEGAL_ROLES = (PageRole.IMPRINT, PageRole.TERMS, PageRole.PRIVACY, PageRole.SHIPPING)

LOCATION_LABELS = {MenuLocation.HEADER: _l("Header menu"), MenuLocation.FOOTER: _l("Footer menu")}
KIND_LABELS = {
    MenuItemKind.PAGE: _l("Content page"),
    MenuItemKind.MODULE: _l("Page of the shop"),
    MenuItemKind.URL: _l("Outside link"),
}
#: The same for the platform's public site.
SITE_KIND_LABELS = {**KIND_LABELS, MenuItemKind.MODULE: _l("Page of the site")}
LOCATIONS = tuple(location.value for location in MenuLocation)
KINDS = tuple(kind.value for kind in MenuItemKind)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# Whose menus: a shop's or the platform's public site (services/owners.py).


# -- languages ---------------------------------------------------------------------------
def languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def default_language(owner: Owner) -> str:
    """The platform's default language (the request's platform costs no statement)."""
    platform = g.get("platform") if has_request_context() else None
    if platform is not None and platform.id == owner.platform_id:
        language = platform.default_language
    else:
        language = db.session.scalar(
            sa.select(Platform.default_language).where(Platform.id == owner.platform_id)
        )
    return language if language in languages() else languages()[0]


def request_language() -> str:
    return str(get_locale() or languages()[0])


def pick_label(labels: dict | None, language: str, default: str) -> str:
    """The item's own label in `language`, else in `default` ("" when it has neither)."""
    labels = labels or {}
    return labels.get(language) or labels.get(default) or ""


def any_label(labels: dict | None) -> str:
    """The item's label in whichever language it has one (languages in their order)."""
    labels = labels or {}
    return next((labels[lang] for lang in languages() if labels.get(lang)), "")


# -- link targets of the modules -----------------------------------------------------------
def link_targets(owner: Owner) -> dict[str, dict[str, LinkTarget]]:
    """{module code: {key: target}} the modules enabled on the platform offer to this
    owner's menus (the hook's fillers run in the request: `g.vendor` is the shop);
    asked once a request."""
    cache = g.setdefault("cms_link_targets", {})
    if owner not in cache:
        found: dict[str, dict[str, LinkTarget]] = {}
        for code, targets in hook_results("cms.link_targets", frontend=owner.frontend):
            for target in targets or ():
                found.setdefault(code, {})[target.key] = target
        cache[owner] = found
    return cache[owner]


@dataclass(frozen=True)
class TargetGroup:
    label: str  # the module's name, or the group its targets give ("Categories")
    choices: list[tuple[str, str, int]]  # (form value, label, depth)


def target_choices(owner: Owner) -> list[TargetGroup]:
    """The link targets as the form's select shows them: grouped, in the modules' order."""
    groups: dict[str, TargetGroup] = {}
    for code, targets in link_targets(owner).items():
        for target in targets.values():
            label = target.group or module_name(code)
            group = groups.setdefault(label, TargetGroup(label, []))
            group.choices.append((target_value(code, target.key), target.label, target.depth))
    return list(groups.values())


def module_name(code: str) -> str:
    """A module's display name (its code when it is not installed)."""
    module = current_app.extensions["wizamart.registry"].get(code)
    return str(module.name) if module is not None else code


def target_value(code: str, key: str) -> str:
    """A target as one form value: "catalog:categories/12"."""
    return f"{code}:{key}"


# -- reading menus -------------------------------------------------------------------------
@dataclass
class Entry:
    """One menu item as shown: to shoppers (`shown_menus`) or in the back office."""

    id: int | None  # None: a legal page the footer links while it has no items
    location: str
    kind: str
    label: str
    url: str | None
    position: int = 0
    #: Why shoppers do not see it (back office only); None when they do.
    hidden: str | None = None
    #: What it points at, for the back office ("Page: About us", "https://...").
    points_to: str = ""
    labels: dict = field(default_factory=dict)

    @property
    def is_outside(self) -> bool:
        return self.kind == MenuItemKind.URL


@dataclass
class Menus:
    header: list[Entry] = field(default_factory=list)
    footer: list[Entry] = field(default_factory=list)

    def __getitem__(self, location: str) -> list[Entry]:
        return self.header if location == MenuLocation.HEADER else self.footer


LEGAL = "legal"  # the rows of the legal pages in the menus' statement


def menu_statement(owner: Owner, language: str, default: str, *, published: bool, legal: bool):
    """One statement: the owner's items with their page's slug, status and title in
    `language` and in `default` (the published version's, or the one being edited), and,
    with `legal`, the owner's published legal pages (location "legal")."""
    version_of = "published_version_id" if published else "current_version_id"
    own_text, own_version = aliased(PageText), aliased(PageVersion)
    default_text, default_version = aliased(PageText), aliased(PageVersion)

    def with_titles(statement):
        return (
            statement.outerjoin(
                own_text, sa.and_(own_text.page_id == Page.id, own_text.language == language)
            )
            .outerjoin(own_version, own_version.id == getattr(own_text, version_of))
            .outerjoin(
                default_text,
                sa.and_(default_text.page_id == Page.id, default_text.language == default),
            )
            .outerjoin(default_version, default_version.id == getattr(default_text, version_of))
        )

    items = with_titles(
        sa.select(
            MenuItem.id.label("id"),
            MenuItem.location.label("location"),
            MenuItem.position.label("position"),
            MenuItem.kind.label("kind"),
            MenuItem.page_id.label("page_id"),
            MenuItem.module_code.label("module_code"),
            MenuItem.target.label("target"),
            MenuItem.labels.label("labels"),
            Page.slug.label("slug"),
            Page.status.label("status"),
            own_version.title.label("title"),
            default_version.title.label("default_title"),
        )
        .select_from(MenuItem)
        .outerjoin(Page, sa.and_(Page.id == MenuItem.page_id, owner.where(Page)))
    ).where(owner.where(MenuItem))
    if not legal:
        return items.order_by(MenuItem.location, MenuItem.position, MenuItem.id)
    role_order = sa.case(
        {role.value: number for number, role in enumerate(LEGAL_ROLES)}, value=Page.role
    )
    pages = with_titles(
        sa.select(
            sa.cast(sa.null(), sa.Integer).label("id"),
            sa.literal(LEGAL).label("location"),
            role_order.label("position"),
            sa.literal(MenuItemKind.PAGE.value).label("kind"),
            Page.id.label("page_id"),
            sa.cast(sa.null(), sa.String).label("module_code"),
            sa.cast(sa.null(), sa.String).label("target"),
            sa.cast(sa.null(), MenuItem.labels.type).label("labels"),
            Page.slug.label("slug"),
            Page.status.label("status"),
            own_version.title.label("title"),
            default_version.title.label("default_title"),
        ).select_from(Page)
    ).where(
        owner.where(Page),
        Page.role.in_([role.value for role in LEGAL_ROLES]),
        Page.status == PageStatus.PUBLISHED.value,
    )
    union = sa.union_all(items, pages).subquery()
    return sa.select(union).order_by(union.c.location, union.c.position, union.c.id)


def page_url(owner: Owner, slug: str) -> str:
    """Where a content page is shown: /storefront/<code>/pages/<slug>, /pages/<slug>."""
    endpoint = "cms_storefront.page" if owner.vendor_id is not None else "cms_public.page"
    if endpoint in current_app.view_functions:
        return url_for(endpoint, slug=slug)
    # the pages' views not registered (an app without them): their documented place
    vendor = g.get("vendor")
    prefix = f"/storefront/{vendor.code}" if owner.vendor_id is not None and vendor else ""
    return f"{request.script_root}{prefix}/pages/{slug}"


def _entries(owner: Owner, rows, language: str, default: str, back_office: bool) -> Menus:
    menus, legal = Menus(), []
    targets = None
    enabled = module_service.get_platform_modules(owner.platform_id)
    for row in rows:
        own = pick_label(row.labels, language, default)
        entry = Entry(row.id, row.location, row.kind, own, None, row.position, labels=row.labels)
        if row.kind == MenuItemKind.PAGE:
            if row.slug is None:  # the page is gone (it cascades: only between statements)
                continue
            title = row.title or row.default_title or row.slug
            entry.label = own or title
            entry.url = page_url(owner, row.slug)
            entry.points_to = _("Page: %(title)s", title=title)
            if row.status != PageStatus.PUBLISHED:
                entry.hidden = _("Hidden: the page is not published.")
        elif row.kind == MenuItemKind.MODULE:
            target = None
            if row.module_code in enabled:
                if targets is None:  # asked once, and only when a menu links a module
                    targets = link_targets(owner)
                target = targets.get(row.module_code, {}).get(row.target)
            if target is None:  # the module is off, or no longer offers the page
                entry.points_to = f"{module_name(row.module_code)}: {row.target}"
                entry.label = own or any_label(row.labels) or entry.points_to
                entry.hidden = (
                    _("Hidden: the page it links to is gone.")
                    if row.module_code in enabled
                    else _("Hidden: the module %(module)s is off.", module=row.module_code)
                )
            else:
                entry.points_to = f"{target.group or module_name(row.module_code)}: {target.label}"
                entry.label = own or target.label
                entry.url = target.href()
        else:
            entry.url = row.target
            entry.label = own or any_label(row.labels) or row.target
            entry.points_to = row.target
        if row.location == LEGAL:
            entry.id = None
            legal.append(entry)
        elif back_office or entry.hidden is None:
            (menus.header if row.location == MenuLocation.HEADER else menus.footer).append(entry)
    if not menus.footer and not back_office:
        menus.footer = legal
    return menus


def shown_menus(owner: Owner) -> Menus:
    """Both menus as shoppers (or visitors of the public site) see them, in the request's
    language; made once a request, whichever slot asks first."""
    language = request_language()
    cache = g.setdefault("cms_shown_menus", {})
    key = (owner, language)
    if key not in cache:
        default = default_language(owner)
        statement = menu_statement(
            owner, language, default, published=True, legal=owner.vendor_id is not None
        )
        rows = db.session.execute(statement).all()
        cache[key] = _entries(owner, rows, language, default, back_office=False)
    return cache[key]


def edited_menus(owner: Owner, language: str) -> Menus:
    """Both menus as the back office shows them: every item, with why shoppers do not
    see it (one statement, plus the modules' link targets when a menu links one)."""
    default = default_language(owner)
    statement = menu_statement(owner, language, default, published=False, legal=False)
    return _entries(owner, db.session.execute(statement).all(), language, default, True)


# -- choices of the form ----------------------------------------------------------------------
@dataclass(frozen=True)
class PageChoice:
    id: int
    title: str
    published: bool


def page_choices(owner: Owner, language: str) -> list[PageChoice]:
    """The owner's pages with their title in `language` (else the default language's),
    for the form's page picker: one statement."""
    default = default_language(owner)
    own_text, own_version = aliased(PageText), aliased(PageVersion)
    default_text, default_version = aliased(PageText), aliased(PageVersion)
    rows = db.session.execute(
        sa.select(Page.id, Page.slug, Page.status, own_version.title, default_version.title)
        .outerjoin(own_text, sa.and_(own_text.page_id == Page.id, own_text.language == language))
        .outerjoin(own_version, own_version.id == own_text.current_version_id)
        .outerjoin(
            default_text, sa.and_(default_text.page_id == Page.id, default_text.language == default)
        )
        .outerjoin(default_version, default_version.id == default_text.current_version_id)
        .where(owner.where(Page))
        .order_by(Page.slug)
    ).all()
    return [
        PageChoice(id, own or fallback or slug, status == PageStatus.PUBLISHED)
        for id, slug, status, own, fallback in rows
    ]


# -- changing menus -----------------------------------------------------------------------------
@dataclass
class MenuInput:
    """What the item form sends (raw strings: the service checks them)."""

    location: str = MenuLocation.HEADER.value
    kind: str = MenuItemKind.PAGE.value
    page_id: str = ""
    target: str = ""  # "<module code>:<key>"
    url: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form) -> MenuInput:
        def text(name: str) -> str:
            value = form.get(name, "")
            return value if isinstance(value, str) else ""

        return cls(
            location=text("location"),
            kind=text("kind"),
            page_id=text("page_id"),
            target=text("target"),
            url=text("url"),
            labels={lang: text(f"label_{lang}") for lang in languages()},
        )

    @classmethod
    def from_item(cls, item: MenuItem) -> MenuInput:
        return cls(
            location=item.location,
            kind=item.kind,
            page_id=str(item.page_id or ""),
            target=target_value(item.module_code, item.target)
            if item.kind == MenuItemKind.MODULE
            else "",
            url=item.target if item.kind == MenuItemKind.URL else "",
            labels=dict(item.labels or {}),
        )


def check_url(raw: str) -> str | None:
    """An outside link: http or https, with a host; None when it is not one."""
    url = raw.strip()
    if not url or len(url) > MAX_URL or CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return url


def _check(owner: Owner, data: MenuInput) -> dict:
    """The item's columns from the form's values, or ValidationFailed naming each field."""
    errors: dict[str, str] = {}
    values: dict = {"page_id": None, "module_code": None, "target": ""}
    if data.location not in LOCATIONS:
        errors["location"] = _("Pick the header or the footer.")
    values["location"] = data.location
    default = default_language(owner)
    labels = {}
    for language in languages():
        label = " ".join(CONTROL.sub(" ", data.labels.get(language) or "").split())
        if len(label) > MAX_LABEL:
            errors[f"label_{language}"] = _(
                "A label has at most %(max)d characters.", max=MAX_LABEL
            )
        elif label:
            labels[language] = label
    values["labels"] = labels
    if data.kind == MenuItemKind.PAGE:
        page_id = int(data.page_id) if data.page_id.isdigit() and len(data.page_id) < 12 else 0
        found = page_id and db.session.scalar(
            sa.select(Page.id).where(Page.id == page_id, owner.where(Page))
        )
        if not found:
            errors["page_id"] = _("Pick a page from the list.")
        values["page_id"] = page_id or None
    elif data.kind == MenuItemKind.MODULE:
        code, _sep, key = data.target.partition(":")
        if not (code and key in link_targets(owner).get(code, {})):
            errors["target"] = _("Pick a page of the shop from the list.")
        values["module_code"], values["target"] = code, key
    elif data.kind == MenuItemKind.URL:
        url = check_url(data.url)
        if url is None:
            errors["url"] = _(
                "Enter a web address starting with https:// or http://, such as https://example.com."
            )
        values["target"] = url or ""
        if not labels and f"label_{default}" not in errors:
            errors[f"label_{default}"] = _("Give the link a label.")
    else:
        errors["kind"] = _("Pick what the item links to.")
    values["kind"] = data.kind
    if errors:
        raise ValidationFailed(errors)
    return values


def _siblings(owner: Owner, location: str) -> list[MenuItem]:
    return list(
        db.session.scalars(
            sa.select(MenuItem)
            .where(owner.where(MenuItem), MenuItem.location == location)
            .order_by(MenuItem.position, MenuItem.id)
        )
    )


def _renumber(items: list[MenuItem]) -> None:
    for position, item in enumerate(items, 1):
        item.position = position


def _full(owner: Owner, location: str) -> None:
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(MenuItem)
        .where(owner.where(MenuItem), MenuItem.location == location)
    )
    if count >= MAX_ITEMS:
        raise ValidationFailed(
            {"location": _("A menu holds at most %(max)d items.", max=MAX_ITEMS)}
        )


def get_item(owner: Owner, item_id) -> MenuItem | None:
    """The owner's item `item_id` (None for anyone else's, or no number)."""
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        return None
    if not 0 < item_id < 2**31:
        return None
    return db.session.scalar(
        sa.select(MenuItem).where(MenuItem.id == item_id, owner.where(MenuItem))
    )


def add_item(owner: Owner, data: MenuInput) -> MenuItem:
    """A new item at the end of its menu (checked first: nothing is written on a refusal)."""
    values = _check(owner, data)
    _full(owner, values["location"])
    last = db.session.scalar(
        sa.select(sa.func.max(MenuItem.position)).where(
            owner.where(MenuItem), MenuItem.location == values["location"]
        )
    )
    item = MenuItem(
        platform_id=owner.platform_id, vendor_id=owner.vendor_id, position=(last or 0) + 1, **values
    )
    db.session.add(item)
    db.session.flush()
    return item


def update_item(owner: Owner, item: MenuItem, data: MenuInput) -> MenuItem:
    """Change what the item links to and its labels; moved to another menu, it goes last."""
    values = _check(owner, data)
    old_location = item.location
    if values["location"] != old_location:
        _full(owner, values["location"])
        last = db.session.scalar(
            sa.select(sa.func.max(MenuItem.position)).where(
                owner.where(MenuItem), MenuItem.location == values["location"]
            )
        )
        item.position = (last or 0) + 1
    for name, value in values.items():
        setattr(item, name, value)
    db.session.flush()
    if values["location"] != old_location:
        _renumber(_siblings(owner, old_location))
    return item


def delete_item(owner: Owner, item: MenuItem) -> None:
    location = item.location
    db.session.delete(item)
    db.session.flush()
    _renumber(_siblings(owner, location))


def move(owner: Owner, item: MenuItem, direction: str) -> None:
    """One place up or down in its menu (nothing at either end)."""
    if direction not in ("up", "down"):
        raise CmsError(_("Move an item up or down."))
    items = _siblings(owner, item.location)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    _renumber(items)


def reorder(owner: Owner, location: str, ids) -> None:
    """Put the menu in the order of `ids` (the drag and drop's list): every item of the
    menu exactly once, else nothing changes (another tab changed the menu meanwhile)."""
    if location not in LOCATIONS:
        raise CmsError(_("Pick the header or the footer."))
    items = _siblings(owner, location)
    by_id = {str(item.id): item for item in items}
    wanted = [str(value).strip() for value in ids]
    if len(wanted) != len(by_id) or set(wanted) != set(by_id):
        raise CmsError(_("The menu changed since this page was loaded. Here it is as saved now."))
    _renumber([by_id[value] for value in wanted])
