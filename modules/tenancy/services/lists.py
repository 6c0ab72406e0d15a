"""The tenancy lists: platforms, companies, vendors and users in the admin, and the
shops on a platform's home page, declared on the framework's list component
(wizamart/lists.py), with the statements that scope and load their rows.

Each `*_rows()` statement is what the current admin manages (directory.managed_query)
with every relation a row shows loaded in the same statement, so a page costs the same
number of statements with ten rows or a hundred thousand.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from modules.tenancy.models import (
    ROLE_LABELS,
    Company,
    Platform,
    PlatformDomain,
    Role,
    User,
    Vendor,
    VendorMembership,
)
from modules.tenancy.services.directory import managed_query
from wizamart.extensions import db
from wizamart.lists import BulkAction, Column, Filter, ListSpec, contains


def platform_choices() -> list[tuple[int, str]]:
    """(id, name) of the platforms the current admin manages, for a filter."""
    query = managed_query(Platform).with_only_columns(Platform.id, Platform.name)
    return [tuple(row) for row in db.session.execute(query.order_by(Platform.name))]


ACTIVE_CHOICES = [("active", _l("Active")), ("inactive", _l("Inactive"))]

# --- platforms -----------------------------------------------------------------------

PLATFORMS = ListSpec(
    name="platforms",
    id_column=Platform.id,
    columns=[
        Column("name", _l("Name"), sort=sa.func.lower(Platform.name)),
        Column("code", _l("Code"), sort=Platform.code),
        Column("domains", _l("Domains"), class_="d-none d-md-table-cell"),
        Column(
            "language",
            _l("Language"),
            sort=Platform.default_language,
            class_="d-none d-sm-table-cell",
        ),
        Column("actions", None),
    ],
    search=lambda query, term: query.where(
        sa.or_(
            contains(term, Platform.name, Platform.code),
            Platform.id.in_(
                sa.select(PlatformDomain.platform_id).where(contains(term, PlatformDomain.domain))
            ),
        )
    ),
    search_label=_l("Search by name, code or domain"),
    default_sort="name",
    describe=lambda p: p.name,
    empty=_l("No platforms yet."),
    row_data=("platform", "code"),
)


def platform_rows():
    """Managed platforms with their domains joined in (one statement for the rows)."""
    return managed_query(Platform).options(joinedload(Platform.domains))


# --- companies -----------------------------------------------------------------------

COMPANIES = ListSpec(
    name="companies",
    id_column=Company.id,
    columns=[
        Column("name", _l("Legal name"), sort=sa.func.lower(Company.legal_name)),
        Column("vat", _l("VAT number"), sort=Company.vat_number),
        Column("platform", _l("Platform"), sort=Platform.name, class_="d-none d-sm-table-cell"),
        Column("actions", None),
    ],
    filters=[
        Filter(
            "platform",
            _l("Platform"),
            platform_choices,
            lambda query, value: query.where(Company.platform_id == int(value)),
            any_label=_l("All platforms"),
        )
    ],
    search=lambda query, term: query.where(contains(term, Company.legal_name, Company.vat_number)),
    search_label=_l("Search by name or VAT number"),
    default_sort="name",
    describe=lambda c: c.legal_name,
    empty=_l("No companies yet."),
    row_data=("company", "id"),
)


def company_rows():
    """Managed companies with their platform, in one statement."""
    return managed_query(Company).join(Company.platform).options(contains_eager(Company.platform))


# --- vendors -------------------------------------------------------------------------


VENDORS = ListSpec(
    name="vendors",
    id_column=Vendor.id,
    keyset=True,  # every shop of every platform: this one grows
    columns=[
        Column("name", _l("Name"), sort=sa.func.lower(Vendor.name)),
        Column("code", _l("Code"), sort=Vendor.vendor_code, class_="d-none d-sm-table-cell"),
        Column(
            "company",
            _l("Company"),
            sort=sa.func.lower(Company.legal_name),
            class_="d-none d-lg-table-cell",
        ),
        Column("platform", _l("Platform"), sort=Platform.name, class_="d-none d-md-table-cell"),
        Column("status", _l("Status"), sort=Vendor.is_active),
        Column("created", _l("Created"), sort=Vendor.created_at, class_="d-none d-xl-table-cell"),
        Column("actions", None),
    ],
    filters=[
        Filter(
            "platform",
            _l("Platform"),
            platform_choices,
            lambda query, value: query.where(Vendor.platform_id == int(value)),
            any_label=_l("All platforms"),
        ),
        Filter(
            "status",
            _l("Status"),
            [("active", _l("Active")), ("suspended", _l("Suspended"))],
            lambda query, value: query.where(Vendor.is_active.is_(value == "active")),
            any_label=_l("Any status"),
        ),
    ],
    search=lambda query, term: query.where(
        contains(term, Vendor.name, Vendor.vendor_code, Vendor.custom_domain, Company.legal_name)
    ),
    search_label=_l("Search by name, code, domain or company"),
    default_sort="name",
    bulk_actions=[
        BulkAction(
            "suspend",
            _l("Suspend"),
            title=lambda n: ngettext("Suspend %(num)d vendor?", "Suspend %(num)d vendors?", n),
            confirm_label=_l("Yes, suspend"),
            confirm_text=_l(
                "Their shops close to visitors and their teams see a notice; "
                "nothing is deleted, and you can reactivate them at any time."
            ),
            permission="tenancy.manage_vendors",
            applies=lambda v: v.is_active,
            danger=True,
            icon="pause-circle",
        ),
        BulkAction(
            "reactivate",
            _l("Reactivate"),
            title=lambda n: ngettext(
                "Reactivate %(num)d vendor?", "Reactivate %(num)d vendors?", n
            ),
            confirm_label=_l("Yes, reactivate"),
            confirm_text=_l("Their shops open to visitors again."),
            permission="tenancy.manage_vendors",
            applies=lambda v: not v.is_active,
            icon="play-circle",
        ),
    ],
    describe=lambda v: f"{v.name} ({v.vendor_code})",
    empty=_l("No vendors yet."),
    row_data=("vendor", "vendor_code"),
)


def vendor_rows():
    """Managed vendors with their company and platform joined in: one statement for
    the page, and the joins the company and platform columns sort and search on."""
    return (
        managed_query(Vendor)
        .join(Vendor.company)
        .join(Vendor.platform)
        .options(contains_eager(Vendor.company), contains_eager(Vendor.platform))
    )


# --- users ---------------------------------------------------------------------------

USERS = ListSpec(
    name="users",
    id_column=User.id,
    keyset=True,  # every shop's team: this one grows with the vendors
    columns=[
        Column("email", _l("Email"), sort=User.email),
        Column("role", _l("Role"), sort=User.role, class_="d-none d-sm-table-cell"),
        Column("where", _l("Where"), class_="d-none d-md-table-cell"),
        Column("language", _l("Language"), sort=User.language, class_="d-none d-sm-table-cell"),
        Column("status", _l("Status"), sort=User.is_active),
        Column("actions", None),
    ],
    filters=[
        Filter(
            "role",
            _l("Role"),
            lambda: [(role.value, ROLE_LABELS[role]) for role in Role],
            lambda query, value: query.where(User.role == value),
            any_label=_l("Any role"),
        ),
        Filter(
            "status",
            _l("Status"),
            ACTIVE_CHOICES,
            lambda query, value: query.where(User.is_active.is_(value == "active")),
            any_label=_l("Any status"),
        ),
    ],
    search=lambda query, term: query.where(contains(term, User.email)),
    search_label=_l("Search by email"),
    default_sort="email",
    describe=lambda u: u.email,
    empty=_l("No users yet."),
    row_data=("user", "email"),
)


def user_rows():
    """Managed users with their platform, teams and team vendors: the platform joined
    in, the teams with their vendors in one more statement per page."""
    return managed_query(User).options(
        joinedload(User.platform),
        selectinload(User.memberships).joinedload(VendorMembership.vendor),
    )


# --- the shops on a platform's home page ----------------------------------------------

SHOPS = ListSpec(
    name="shops",
    id_column=Vendor.id,
    keyset=True,
    columns=[Column("name", _l("Name"), sort=sa.func.lower(Vendor.name))],
    search=lambda query, term: query.where(contains(term, Vendor.name)),
    search_label=_l("Find a shop"),
    default_sort="name",
    page_sizes=(20,),
    describe=lambda v: v.name,
    empty=_l("No shop is open yet."),
    row_data=("shop", "vendor_code"),
)


def open_shop_rows(platform_id: int):
    """The active vendors of a platform: what a visitor of the platform may browse."""
    return sa.select(Vendor).where(Vendor.platform_id == platform_id, Vendor.is_active.is_(True))
