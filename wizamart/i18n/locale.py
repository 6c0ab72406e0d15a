"""Locale and time zone of a request: the user's choice, the browser's, or the platform's."""

from __future__ import annotations

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, jobs
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    # A storefront URL may name its language (`?lang=de`): the pages search engines list
    # per language (hreflang). Nothing is stored: the next page is the visitor's again.
    if request.args.get("lang") in languages and g.get("frontend") == "storefront":
        return request.args["lang"]
    if current_user and current_user.is_authenticated:
        language = getattr(current_user, "language", None)
        if language in languages:
            return language
    if session.get("language") in languages:
        return session["language"]
    best = request.accept_languages.best_match(languages)
    if best:
        return best
    platform = g.get("platform")
    if platform is not None and platform.default_language in languages:
        return platform.default_language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return "UTC"


LANGUAGE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "lb": "Lëtzebuergesch"}
