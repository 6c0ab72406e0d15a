"""What the vendor's and the admin's look pages share: the editor's context, the save
(PRG, or 422 with the typed values and inline errors) and the live preview."""

from __future__ import annotations

from flask import flash, redirect, request
from markupsafe import Markup

from modules.cms.exceptions import ValidationFailed
from modules.cms.services import themes
from modules.cms.services.owners import Owner, owner_or_404
from wizamart.extensions import db
from wizamart.htmx import render

PREVIEW_SCOPE = "#look-sample"


def editor_context(owner: Owner, values: dict, errors: dict | None = None) -> dict:
    """The editor's fields, the preview's look and CSS (with the chosen logo: one
    statement), the contrast checks of the colours typed (the defaults' while a typed
    one is wrong). The logo and favicon fields are the framework's media pickers."""
    look = themes.preview_look(values, themes.chosen_images(owner, values))
    return {
        "values": values,
        "errors": errors or {},
        "look": look,
        "preview_css": Markup(themes.look_css(look, PREVIEW_SCOPE)),
        "checks": themes.contrast_checks(look.primary, look.accent),
        "font_pairs": themes.FONT_PAIRS,
        "header_layouts": themes.HEADER_LAYOUTS,
    }


def show(template: str, **context):
    owner = owner_or_404()
    values = themes.form_values(themes.theme_of(owner))
    return render(template, **editor_context(owner, values), **context)


def save(template: str, done: str, **context):
    owner = owner_or_404()
    values = themes.typed_values(request.form)
    try:
        themes.save_theme(owner, values)
    except ValidationFailed as exc:
        db.session.rollback()
        return render(template, status=422, **editor_context(owner, values, exc.errors), **context)
    db.session.commit()
    flash(done, "success")
    return redirect(request.path)


def preview(template: str, **context):
    """The preview panel (and the contrast checks, out of band) for the values typed;
    without JavaScript the whole page with them, unsaved."""
    owner = owner_or_404()
    values = themes.typed_values(request.form)
    _, errors = themes.check_values(owner, values)
    return render(
        template,
        status=422 if errors else 200,
        oob=("look_checks",),
        **editor_context(owner, values, errors),
        **context,
    )
