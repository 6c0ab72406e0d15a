"""Vendors: shops on one platform, run by one company, active or suspended."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.tenancy.exceptions import Problems
from modules.tenancy.models import Company, Platform, Vendor
from modules.tenancy.services.companies import managed_platform
from modules.tenancy.services.directory import managed_query
from modules.tenancy.services.domains import (
    check_domain_format,
    check_domain_free,
    normalise_domain,
)
from modules.tenancy.services.platforms import check_name, check_slug
from modules.tenancy.services.transactions import commit_or_refuse, refusing_duplicates
from wizamart.events import publish
from wizamart.extensions import db


def _check_code(problems: Problems, platform: Platform | None, code: str, vendor_id=None):
    if not check_slug(problems, "vendor_code", code) or platform is None:
        return
    taken = db.session.scalar(
        sa.select(Vendor.id).where(
            Vendor.platform_id == platform.id, Vendor.vendor_code == code, Vendor.id != vendor_id
        )
    )
    if taken:
        problems.add(
            "vendor_code",
            _l("The code “%(code)s” is taken on %(platform)s.", code=code, platform=platform.name),
        )


def _check_company(problems: Problems, actor, platform: Platform | None, company_id):
    company = None
    if company_id:
        company = db.session.scalar(managed_query(Company, actor).where(Company.id == company_id))
    if company is None:
        problems.add("company_id", _l("Pick a company you manage."))
    elif platform is not None and company.platform_id != platform.id:
        problems.add("company_id", _l("This company belongs to another platform."))
    return company


def _check_custom_domain(problems: Problems, domain: str | None, vendor_id=None) -> None:
    if domain and check_domain_format(problems, "custom_domain", domain):
        check_domain_free(problems, "custom_domain", domain, vendor_id=vendor_id)


def _clean(vendor_code, name, custom_domain):
    return (
        (vendor_code or "").strip().lower(),
        (name or "").strip(),
        normalise_domain(custom_domain) or None,
    )


def create_vendor(
    actor,
    *,
    platform_id,
    company_id,
    vendor_code: str,
    name: str,
    is_active: bool = True,
    custom_domain: str | None = None,
) -> Vendor:
    """Add a vendor to a managed platform, run by a company of that same platform."""
    vendor_code, name, custom_domain = _clean(vendor_code, name, custom_domain)
    problems = Problems()
    platform = managed_platform(problems, actor, platform_id)
    _check_code(problems, platform, vendor_code)
    check_name(problems, "name", name)
    company = _check_company(problems, actor, platform, company_id)
    _check_custom_domain(problems, custom_domain)
    problems.raise_if_any()
    vendor = Vendor(
        platform_id=platform.id,
        company_id=company.id,
        vendor_code=vendor_code,
        name=name,
        is_active=bool(is_active),
        custom_domain=custom_domain,
    )
    db.session.add(vendor)
    taken = _l("This code or domain was just taken; try again.")
    with refusing_duplicates("vendor_code", taken):
        db.session.flush()  # the id, for the event
    announce_vendor_created(vendor)
    commit_or_refuse("vendor_code", taken)
    return vendor


def announce_vendor_created(vendor: Vendor) -> None:
    """Tell the other modules (cms gives the shop its default pages); delivered when the
    vendor's transaction commits."""
    publish(
        "tenancy.vendor_created",
        platform_id=vendor.platform_id,
        vendor_id=vendor.id,
        vendor_code=vendor.vendor_code,
    )


def update_vendor(
    actor,
    vendor: Vendor,
    *,
    company_id,
    vendor_code: str,
    name: str,
    is_active: bool,
    custom_domain: str | None = None,
) -> Vendor:
    """Edit a vendor. Its platform stays: staff, data and URLs all hang on it."""
    vendor_code, name, custom_domain = _clean(vendor_code, name, custom_domain)
    problems = Problems()
    _check_code(problems, vendor.platform, vendor_code, vendor_id=vendor.id)
    check_name(problems, "name", name)
    company = _check_company(problems, actor, vendor.platform, company_id)
    _check_custom_domain(problems, custom_domain, vendor_id=vendor.id)
    problems.raise_if_any()
    vendor.company_id, vendor.vendor_code, vendor.name = company.id, vendor_code, name
    vendor.is_active, vendor.custom_domain = bool(is_active), custom_domain
    commit_or_refuse("vendor_code", _l("This code or domain was just taken; try again."))
    return vendor


def rename_vendor(vendor_id: int, name: str) -> Vendor:
    """The shop's own team renames it (shop settings); code, platform and status stay."""
    name = (name or "").strip()
    problems = Problems()
    check_name(problems, "name", name)
    problems.raise_if_any()
    vendor = db.session.get(Vendor, vendor_id)
    vendor.name = name
    db.session.commit()
    return vendor


def set_active(actor, vendor_ids, active: bool) -> int:
    """Suspend (`active=False`) or reactivate the vendors with these ids that `actor`
    manages, in one statement; ids of other platforms are left alone. Returns how
    many vendors changed."""
    ids = list(vendor_ids)
    if not ids:
        return 0
    managed = managed_query(Vendor, actor).where(Vendor.id.in_(ids)).with_only_columns(Vendor.id)
    result = db.session.execute(
        sa.update(Vendor)
        .where(Vendor.id.in_(managed), Vendor.is_active.is_not(bool(active)))
        .values(is_active=bool(active))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount
