"""Default-page templates: the texts a new shop's imprint, terms and privacy pages start
from, per platform, role and language, with placeholders for the shop's data.

The platform admin writes them (/admin/content/templates); where they have not, the
built-in texts of `pages_defaults.py` are used. A template may use only the placeholders
of PLACEHOLDERS (an unknown `{name}` is refused with the list of known ones). When a
vendor is created (event `tenancy.vendor_created`), `create_default_pages` makes the
three pages as drafts, filled with the shop's data, in every language there is a text
for; a role the shop already has is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from modules.cms.exceptions import ValidationFailed
from modules.cms.models import DEFAULT_ROLES, Page, PageTemplate
from modules.cms.services.owners import Owner
from modules.cms.services.pages import (
    MAX_BODY,
    MAX_TITLE,
    PageInput,
    TextInput,
    save_page,
)
from modules.cms.services.pages_defaults import BUILT_IN
from modules.tenancy.models import Company, Platform, Vendor
from wizamart.extensions import db
from wizamart.richtext import clean_html

#: What a template may say in braces, and what it stands for (shown in the form).
PLACEHOLDERS = {
    "shop_name": _l("The shop's name"),
    "company_name": _l("The legal name of the company running the shop"),
    "vat_number": _l("The company's VAT number"),
    "vendor_code": _l("The shop's code, as in its addresses"),
    "platform_name": _l("The platform's name"),
}
PLACEHOLDER_RE = re.compile(r"\{([^{}]{0,40})\}")
#: What an empty value (a company without a VAT number) is shown as.
MISSING = "—"


def unknown_placeholders(text: str) -> list[str]:
    return sorted({m.group(1) for m in PLACEHOLDER_RE.finditer(text or "")} - set(PLACEHOLDERS))


def fill(text: str, values: dict[str, str], html: bool) -> str:
    """`text` with each known placeholder replaced (HTML-escaped in a body)."""

    def value(match):
        name = match.group(1)
        if name not in values:
            return match.group(0)
        found = values[name] or MISSING
        return str(escape(found)) if html else found

    return PLACEHOLDER_RE.sub(value, text or "")


# -- the admin's templates -------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateText:
    role: str
    language: str
    title: str
    body: str
    custom: bool  # written by the platform admin (else built in)


def template_text(platform_id: int, role: str, language: str) -> TemplateText | None:
    """The admin's template, else the built-in text; None when neither exists."""
    row = db.session.scalar(
        sa.select(PageTemplate).where(
            PageTemplate.platform_id == platform_id,
            PageTemplate.role == role,
            PageTemplate.language == language,
        )
    )
    if row is not None:
        return TemplateText(role, language, row.title, row.body, True)
    if (role, language) in BUILT_IN:
        title, body = BUILT_IN[(role, language)]
        return TemplateText(role, language, title, body, False)
    return None


def all_templates(platform_id: int, languages) -> list[TemplateText]:
    """Every default role in every language, the admin's or the built-in (one statement)."""
    rows = db.session.scalars(
        sa.select(PageTemplate).where(PageTemplate.platform_id == platform_id)
    ).all()
    custom = {(r.role, r.language): r for r in rows}
    found = []
    for role in DEFAULT_ROLES:
        for language in languages:
            row = custom.get((role.value, language))
            if row is not None:
                found.append(TemplateText(role.value, language, row.title, row.body, True))
            elif (role.value, language) in BUILT_IN:
                title, body = BUILT_IN[(role.value, language)]
                found.append(TemplateText(role.value, language, title, body, False))
            else:
                found.append(TemplateText(role.value, language, "", "", False))
    return found


def _check_placeholders(errors: dict, name: str, text: str) -> None:
    unknown = unknown_placeholders(text)
    if unknown:
        errors[name] = str(
            _l(
                "Unknown placeholder %(found)s. Use only %(known)s.",
                found=", ".join("{" + u + "}" for u in unknown),
                known=", ".join("{" + k + "}" for k in PLACEHOLDERS),
            )
        )


def save_template(platform_id: int, role: str, language: str, title: str, body: str):
    """Write the platform's template of `role` in `language` (checked: title, length,
    placeholders; the body cleaned like a page's). Flushes; the caller commits."""
    title = (title or "").strip()
    body = clean_html(body or "")
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = str(_l("Give the page a title."))
    elif len(title) > MAX_TITLE:
        errors["title"] = str(_l("At most %(count)d characters.", count=MAX_TITLE))
    else:
        _check_placeholders(errors, "title", title)
    if len(body) > MAX_BODY:
        errors["body"] = str(
            _l("The text is too long: at most %(count)d characters.", count=MAX_BODY)
        )
    else:
        _check_placeholders(errors, "body", body)
    if errors:
        raise ValidationFailed(errors)
    row = db.session.scalar(
        sa.select(PageTemplate).where(
            PageTemplate.platform_id == platform_id,
            PageTemplate.role == role,
            PageTemplate.language == language,
        )
    )
    if row is None:
        row = PageTemplate(platform_id=platform_id, role=role, language=language)
        db.session.add(row)
    row.title, row.body = title, body
    db.session.flush()
    return row


def reset_template(platform_id: int, role: str, language: str) -> bool:
    """Back to the built-in text: the admin's template is deleted. True if there was one."""
    result = db.session.execute(
        sa.delete(PageTemplate).where(
            PageTemplate.platform_id == platform_id,
            PageTemplate.role == role,
            PageTemplate.language == language,
        )
    )
    return bool(result.rowcount)


# -- a new shop's pages ----------------------------------------------------------------------
def placeholder_values(vendor_id: int) -> dict[str, str]:
    vendor_code, shop_name, company_name, vat_number, platform_name = db.session.execute(
        sa.select(
            Vendor.vendor_code, Vendor.name, Company.legal_name, Company.vat_number, Platform.name
        )
        .join(Company, Company.id == Vendor.company_id)
        .join(Platform, Platform.id == Vendor.platform_id)
        .where(Vendor.id == vendor_id)
    ).one()
    return {
        "shop_name": shop_name,
        "company_name": company_name,
        "vat_number": vat_number or "",
        "vendor_code": vendor_code,
        "platform_name": platform_name,
    }


def create_default_pages(vendor_id: int) -> list[Page]:
    """The shop's imprint, terms and privacy pages as drafts from the templates, for each
    role it has no page of yet (so running it again changes nothing). Flushes."""
    owner = Owner.of_vendor_id(vendor_id)
    have = set(
        db.session.scalars(
            sa.select(Page.role)
            .where(Page.vendor_id == vendor_id, Page.role.is_not(None))
            .execution_options(all_vendors=True)
        )
    )
    values = placeholder_values(vendor_id)
    created = []
    for role in DEFAULT_ROLES:
        if role.value in have:
            continue
        texts = {}
        for language in owner.languages:
            template = template_text(owner.platform_id, role.value, language)
            if template is not None and template.title:
                texts[language] = TextInput(
                    title=fill(template.title, values, html=False)[:MAX_TITLE],
                    body=fill(template.body, values, html=True),
                )
        if owner.default_language not in texts:
            continue  # nothing to start from in the shop's default language
        created.append(save_page(owner, None, PageInput(texts=texts, role=role.value)))
    return created
