"""The templates new shops' default pages start from: imprint, terms and privacy per
language, with placeholders for the shop's data (services/pages_templates.py)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from modules.cms.exceptions import ValidationFailed
from modules.cms.models import DEFAULT_ROLES, ROLE_LABELS
from modules.cms.services import pages_templates as templates
from modules.cms.services.owners import request_owner
from wizamart.auth import permission_required
from wizamart.extensions import db
from wizamart.htmx import render
from wizamart.i18n.locale import LANGUAGE_NAMES

router = Blueprint("templates", __name__, url_prefix="/content/templates")


def languages() -> tuple[str, ...]:
    return request_owner().languages


@router.route("")
@permission_required("cms.platform_content")
def index():
    return render(
        "cms/admin/templates/list.html",
        rows=templates.all_templates(g.platform.id, languages()),
        role_labels=ROLE_LABELS,
        language_names=LANGUAGE_NAMES,
        placeholders=templates.PLACEHOLDERS,
        page_title=_("Default-page templates"),
    )


def checked(role: str, language: str) -> tuple[str, str]:
    if role not in {r.value for r in DEFAULT_ROLES}:
        abort(404)
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    return role, language


def form_page(role, language, current, values=None, errors=None, status=200, confirm=None):
    """The template's form: `values` as typed (a refused save), else the `current` text."""
    if values is None:
        values = {"title": current.title, "body": current.body} if current else {}
    return render(
        "cms/admin/templates/form.html",
        role=role,
        language=language,
        values=values,
        errors=errors or {},
        custom=bool(current and current.custom),
        confirm=confirm,
        placeholders=templates.PLACEHOLDERS,
        role_labels=ROLE_LABELS,
        language_names=LANGUAGE_NAMES,
        breadcrumbs=[(_("Default-page templates"), url_for(".index"))],
        page_title=_(
            "%(role)s in %(language)s",
            role=ROLE_LABELS[role],
            language=LANGUAGE_NAMES.get(language, language),
        ),
        status=status,
    )


@router.route("/<role>/<language>", methods=["GET", "POST"])
@permission_required("cms.platform_content")
def edit(role, language):
    role, language = checked(role, language)
    current = templates.template_text(g.platform.id, role, language)
    if request.method == "GET":
        return form_page(role, language, current)
    values = {"title": request.form.get("title", ""), "body": request.form.get("body", "")}
    try:
        templates.save_template(g.platform.id, role, language, values["title"], values["body"])
    except ValidationFailed as exc:
        db.session.rollback()
        return form_page(role, language, current, values, exc.errors, 422)
    db.session.commit()
    flash(_("The template is saved. New shops start from it."), "success")
    return redirect(url_for(".index"))


@router.route("/<role>/<language>/reset", methods=["GET", "POST"])
@permission_required("cms.platform_content")
def reset(role, language):
    """Go back to the built-in text (asks first)."""
    role, language = checked(role, language)
    current = templates.template_text(g.platform.id, role, language)
    if request.method == "GET":
        confirm = {
            "title": _("Go back to the built-in text?"),
            "message": _(
                "Your text of this template is deleted; new shops start from the built-in one."
            ),
            "action": url_for(".reset", role=role, language=language),
            "confirm_label": _("Yes, go back"),
            "cancel_url": url_for(".edit", role=role, language=language),
            "tone": "warning",
            "icon": "arrow-counterclockwise",
        }
        return form_page(role, language, current, confirm=confirm)
    templates.reset_template(g.platform.id, role, language)
    db.session.commit()
    flash(_("The template is back to the built-in text."), "success")
    return redirect(url_for(".index"))
