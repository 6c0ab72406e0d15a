"""Companies: the legal entities behind vendors, one platform each."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.tenancy.exceptions import Problems
from modules.tenancy.models import Company, Platform, Vendor
from modules.tenancy.services.directory import managed_query
from modules.tenancy.services.platforms import check_name
from wizamart.extensions import db

# EU-style VAT numbers, checked loosely: a 2-letter country prefix and 2..13 letters or digits.
VAT_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{2,13}$")


def normalise_vat(vat: str | None) -> str | None:
    """Upper case without blanks, dots or dashes; None when empty."""
    return re.sub(r"[\s.\-]", "", vat or "").upper() or None


def managed_platform(problems: Problems, actor, platform_id, field="platform_id"):
    """The platform with this id if `actor` manages it; otherwise a problem on `field`."""
    platform = None
    if platform_id:
        platform = db.session.scalar(
            managed_query(Platform, actor).where(Platform.id == platform_id)
        )
    if platform is None:
        problems.add(field, _l("Pick a platform you manage."))
    return platform


def _check_company(problems, actor, *, platform_id, legal_name, vat_number):
    check_name(problems, "legal_name", legal_name, max_length=200)
    if vat_number and not VAT_RE.match(vat_number):
        problems.add(
            "vat_number",
            _l(
                "A VAT number starts with the 2-letter country code, then 2 to 13 letters "
                "or digits, like LU12345678."
            ),
        )
    return managed_platform(problems, actor, platform_id)


def create_company(actor, *, platform_id, legal_name: str, vat_number: str | None) -> Company:
    """Add a company to a platform the actor manages."""
    legal_name, vat_number = (legal_name or "").strip(), normalise_vat(vat_number)
    problems = Problems()
    platform = _check_company(
        problems, actor, platform_id=platform_id, legal_name=legal_name, vat_number=vat_number
    )
    problems.raise_if_any()
    company = Company(platform_id=platform.id, legal_name=legal_name, vat_number=vat_number)
    db.session.add(company)
    db.session.commit()
    return company


def update_company(
    actor, company: Company, *, platform_id, legal_name: str, vat_number: str | None
) -> Company:
    """Edit a company; it moves to another platform only while it has no vendors."""
    legal_name, vat_number = (legal_name or "").strip(), normalise_vat(vat_number)
    problems = Problems()
    platform = _check_company(
        problems, actor, platform_id=platform_id, legal_name=legal_name, vat_number=vat_number
    )
    if platform is not None and platform.id != company.platform_id and has_vendors(company):
        problems.add(
            "platform_id",
            _l("This company has vendors on its platform, so it cannot move to another one."),
        )
    problems.raise_if_any()
    company.platform_id, company.legal_name, company.vat_number = (
        platform.id,
        legal_name,
        vat_number,
    )
    db.session.commit()
    return company


def has_vendors(company: Company) -> bool:
    return bool(db.session.scalar(sa.select(Vendor.id).where(Vendor.company_id == company.id)))
