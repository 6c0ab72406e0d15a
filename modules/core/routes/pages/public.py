"""The signed-in user's profile, and the language choice for everyone."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from modules.tenancy.services.backoffice import enter_account_backoffice
from modules.tenancy.services.lists import SHOPS, open_shop_rows
from modules.tenancy.services.users import get_user_record
from wizamart.extensions import db
from wizamart.htmx import render
from wizamart.i18n.locale import LANGUAGE_NAMES
from wizamart.lists import render_list
from wizamart.redirects import safe_next

router = Blueprint("core_public", __name__)


@router.route("/")
def home():
    """The platform's front door: its open shops (searched, a page at a time) and the
    way in for staff."""
    platform = g.get("platform")
    if platform is None:
        abort(404)
    return render_list(
        "core/public/home.html", SHOPS, open_shop_rows(platform.id), page_title=platform.name
    )


@router.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Who the user is and the language they work in, inside their back office."""
    status = 200
    error = None
    if request.method == "POST":
        language = request.form.get("language", "")
        if language in current_app.config["LANGUAGES"]:
            # current_user is read-only; the row is what changes
            get_user_record(current_user.id).language = language
            db.session.commit()
            # This request's current_user still has the old language: say it in the new one.
            with force_locale(language):
                flash(_("Your profile is saved."), "success")
            return redirect(url_for(".profile"))
        error = _("Please choose one of the offered languages.")
        status = 422
    enter_account_backoffice()
    return render(
        "core/public/profile.html",
        languages=LANGUAGE_NAMES,
        error=error,
        status=status,
        page_title=_("Your profile"),
    )


@router.route("/language")
def set_language():
    """A visitor's language choice (the switcher's GET form), kept in their session.

    GET, so pages can offer the switcher without a CSRF token and so without a session
    cookie; the worst a forged link can do is change someone's display language.
    """
    language = request.args.get("language", "")
    if language not in current_app.config["LANGUAGES"]:
        flash(_("Please choose one of the offered languages."), "error")
    else:
        session["language"] = language
    return redirect(safe_next(request.args.get("next")) or "/")
