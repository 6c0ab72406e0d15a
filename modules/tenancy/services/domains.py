"""Host names: platform domains and vendor custom domains share one name space.

A Host header must lead to exactly one place, so a name is used by one platform or one
vendor, never both and never twice.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.tenancy.exceptions import Problems
from modules.tenancy.models import PlatformDomain, Vendor
from wizamart.extensions import db

# Labels of letters, digits and inner hyphens, dot-separated (IPv4 addresses pass too).
LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN_RE = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*$")


def normalise_domain(domain: str | None) -> str:
    """Lower case, no surrounding blanks, no trailing dot."""
    return (domain or "").strip().lower().rstrip(".")


def parse_domains(text: str | None) -> list[str]:
    """One domain a line (commas and blanks also separate), normalised, blanks dropped."""
    return [normalise_domain(d) for d in re.split(r"[\s,]+", text or "") if d.strip()]


def check_domain_format(problems: Problems, field: str, domain: str) -> bool:
    if DOMAIN_RE.match(domain):
        return True
    problems.add(
        field,
        _l(
            "“%(domain)s” is not a domain name: write it like shop.example.com, "
            "without http://, a port or a path.",
            domain=domain,
        ),
    )
    return False


def domain_user(domain: str) -> tuple[str, int] | None:
    """("platform", id) or ("vendor", id) when `domain` is taken, else None."""
    platform_id = db.session.scalar(
        sa.select(PlatformDomain.platform_id).where(PlatformDomain.domain == domain)
    )
    if platform_id is not None:
        return ("platform", platform_id)
    vendor_id = db.session.scalar(sa.select(Vendor.id).where(Vendor.custom_domain == domain))
    if vendor_id is not None:
        return ("vendor", vendor_id)
    return None


def check_domain_free(
    problems: Problems, field: str, domain: str, *, platform_id=None, vendor_id=None
) -> None:
    """Add a problem when `domain` is used by anything but this platform or vendor."""
    user = domain_user(domain)
    if user is None or user in (("platform", platform_id), ("vendor", vendor_id)):
        return
    if user[0] == "platform":
        problems.add(field, _l("“%(domain)s” is already a domain of a platform.", domain=domain))
    else:
        problems.add(
            field, _l("“%(domain)s” is already the custom domain of a vendor.", domain=domain)
        )


def check_domains(problems: Problems, field: str, domains: list[str], *, platform_id=None):
    """Format, repeats within the list, and use elsewhere; every problem is reported."""
    seen: set[str] = set()
    for domain in domains:
        if not check_domain_format(problems, field, domain):
            continue
        if domain in seen:
            problems.add(field, _l("“%(domain)s” is listed twice.", domain=domain))
            continue
        seen.add(domain)
        check_domain_free(problems, field, domain, platform_id=platform_id)
