"""Platforms as an admin sees them: which ones the current user may manage, and the rules
for creating and editing them.

Only super admins create or delete platforms or pick the default one; a platform admin
may edit the name, language and domains of their own platform. The code never changes:
it is part of URLs and of every module's per-platform state.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from modules.tenancy.exceptions import NotAllowed, Problems
from modules.tenancy.models import Company, Platform, PlatformDomain, User
from modules.tenancy.services.directory import is_super_admin, managed_query
from modules.tenancy.services.domains import check_domains, parse_domains
from modules.tenancy.services.transactions import commit_or_refuse
from wizamart.extensions import db
from wizamart.modules.service import module_service

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_MAX = 32


def managed_platforms_query(actor=None):
    """Platforms the signed-in admin manages (all for a super admin)."""
    return managed_query(Platform, actor).order_by(Platform.name)


def get_managed_platform_or_404(code: str, actor=None) -> Platform:
    """The platform with this code if the current admin manages it; 404 otherwise.

    404 rather than 403: an admin of one platform learns nothing about another.
    """
    platform = db.session.scalar(managed_platforms_query(actor).where(Platform.code == code))
    if platform is None:
        abort(404)
    return platform


def can_create_platforms(actor=None) -> bool:
    """Creating, deleting and choosing the default platform are for super admins."""
    return is_super_admin(actor if actor is not None else current_user)


def check_slug(problems: Problems, field: str, value: str) -> bool:
    """Lowercase letters, digits and inner hyphens, at most 32 characters."""
    if not value:
        problems.add(field, _l("Please enter a code."))
        return False
    if len(value) > SLUG_MAX or not SLUG_RE.match(value):
        problems.add(
            field,
            _l(
                "Use lowercase letters, digits and hyphens (at most %(n)d characters), "
                "like “my-shop”.",
                n=SLUG_MAX,
            ),
        )
        return False
    return True


def check_language(problems: Problems, field: str, language: str) -> None:
    if language not in current_app.config["LANGUAGES"]:
        problems.add(field, _l("Pick one of the offered languages."))


def check_name(problems: Problems, field: str, name: str, max_length: int = 120) -> None:
    if not name:
        problems.add(field, _l("Please enter a name."))
    elif len(name) > max_length:
        problems.add(field, _l("At most %(n)d characters, please.", n=max_length))


def _check_platform_input(problems, *, name, default_language, domains, platform_id=None):
    check_name(problems, "name", name)
    check_language(problems, "default_language", default_language)
    check_domains(problems, "domains", domains, platform_id=platform_id)


def _make_default(platform: Platform) -> None:
    db.session.execute(
        sa.update(Platform).where(Platform.id != platform.id).values(is_default=False)
    )
    platform.is_default = True


def create_platform(
    actor, *, code: str, name: str, default_language: str, domains, is_default: bool = False
) -> Platform:
    """Create a platform (super admins only). `domains` is text, one domain a line."""
    if not can_create_platforms(actor):
        raise NotAllowed(_l("Only super admins create platforms."))
    code, name = (code or "").strip().lower(), (name or "").strip()
    domain_list = parse_domains(domains) if isinstance(domains, str) else list(domains)
    problems = Problems()
    if check_slug(problems, "code", code) and db.session.scalar(
        sa.select(Platform.id).where(Platform.code == code)
    ):
        problems.add("code", _l("A platform with the code “%(code)s” exists.", code=code))
    _check_platform_input(
        problems, name=name, default_language=default_language, domains=domain_list
    )
    problems.raise_if_any()
    platform = Platform(code=code, name=name, default_language=default_language)
    platform.domains = [PlatformDomain(domain=d) for d in domain_list]
    db.session.add(platform)
    db.session.flush()
    # The first platform is the default whatever the form said: there is always one.
    if is_default or not db.session.scalar(sa.select(Platform.id).where(Platform.is_default)):
        _make_default(platform)
    commit_or_refuse("code", _l("This code or one of the domains was just taken."))
    return platform


def update_platform(
    actor,
    platform: Platform,
    *,
    name: str,
    default_language: str,
    domains,
    is_default=None,
    current_host: str | None = None,
) -> Platform:
    """Edit a managed platform. `is_default` is only heeded from super admins; unsetting
    it on the default platform is refused (make another one the default instead).

    `current_host` is the host the edit is made on: removing it from a platform that is
    not the default would lock its admins out mid-request, so that is refused.
    """
    name = (name or "").strip()
    domain_list = parse_domains(domains) if isinstance(domains, str) else list(domains)
    problems = Problems()
    if (
        current_host in platform.domain_names
        and current_host not in domain_list
        and not platform.is_default
    ):
        problems.add(
            "domains",
            _l(
                "You are working on “%(domain)s” now: removing it would lock you out. Remove "
                "it while working on another domain.",
                domain=current_host,
            ),
        )
    _check_platform_input(
        problems,
        name=name,
        default_language=default_language,
        domains=domain_list,
        platform_id=platform.id,
    )
    wants_default = platform.is_default if is_default is None else bool(is_default)
    if not can_create_platforms(actor):
        wants_default = platform.is_default
    if platform.is_default and not wants_default:
        problems.add(
            "is_default",
            _l("One platform is always the default: make another platform the default instead."),
        )
    problems.raise_if_any()
    platform.name, platform.default_language = name, default_language
    _replace_domains(platform, domain_list)
    if wants_default and not platform.is_default:
        _make_default(platform)
    commit_or_refuse("domains", _l("One of the domains was just taken."))
    return platform


def _replace_domains(platform: Platform, domains: list[str]) -> None:
    keep = {d.domain: d for d in platform.domains if d.domain in domains}
    # Rows are kept by name: an unchanged domain is never deleted and inserted again in
    # one flush, which its unique constraint would refuse.
    platform.domains = [keep.get(d) or PlatformDomain(domain=d) for d in domains]


def platform_in_use(platform: Platform) -> bool:
    """Whether companies, vendors or users still belong to the platform."""
    return any(
        db.session.scalar(sa.select(sa.func.count()).select_from(m).where(m.platform_id == pid))
        for m, pid in ((Company, platform.id), (User, platform.id))
    )


def delete_platform(actor, platform: Platform) -> None:
    """Delete an empty platform (super admins only; never the default one)."""
    if not can_create_platforms(actor):
        raise NotAllowed(_l("Only super admins delete platforms."))
    problems = Problems()
    if platform.is_default:
        problems.add("", _l("The default platform cannot be deleted."))
    elif platform_in_use(platform):
        problems.add(
            "", _l("This platform still has companies, vendors or users; move or delete them.")
        )
    problems.raise_if_any()
    module_service.forget_platform(platform.id)
    db.session.delete(platform)
    db.session.commit()
