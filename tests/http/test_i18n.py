"""Pages come out in the visitor's language: fr, de and lb really show translated text.

Expected wording is read from the compiled catalogs (the .mo files the app loads), never
typed here, so a translator's change does not break a test; every check also proves the
text differs from the English, so an untranslated page cannot pass.
"""

from __future__ import annotations

import html
import re

import pytest
from babel.support import Translations
from flask_babel import get_babel

from tests.conftest import csrf_token
from wizamart.i18n import catalogs as i18n_tools
from wizamart.modules import FrontendType

TRANSLATED = ["fr", "de", "lb"]


@pytest.fixture(scope="session")
def compiled_catalogs():
    """Compile the catalogs if a .mo is missing or older than its .po (a fresh clone has
    none: *.mo is git-ignored)."""
    return i18n_tools.compile_all(only_stale=True)


@pytest.fixture
def i18n_app(demo, compiled_catalogs):
    """The demo app, with its translation cache emptied (it lives in app.extensions,
    see wizamart.extensions.AppDomain): catalogs load fresh from the compiled files."""
    demo.extensions.pop("wizamart.translations_cache", None)
    return demo


def catalog(app, language: str) -> Translations:
    """The compiled catalogs of one language, merged in the order flask-babel merges
    them (framework first, then the modules; a later one wins)."""
    merged = Translations()
    for folder in get_babel(app).translation_directories:
        merged.merge(Translations.load(folder, [language], i18n_tools.DOMAIN))
    return merged


def translated(app, language: str, msgid: str) -> str:
    """The catalog's wording for msgid, checked to differ from the English."""
    text = catalog(app, language).gettext(msgid)
    assert text != msgid, f"{msgid!r} is not translated into {language}"
    return text


def page(client, path: str, language: str | None = None) -> str:
    headers = {"Accept-Language": language} if language else {}
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def set_language(client, language: str) -> None:
    """Save the signed-in user's language through the profile form, as a user would."""
    token = csrf_token(client, "/account/profile")
    response = client.post("/account/profile", data={"language": language, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def heading(text: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    assert match, "no <h1> on the page"
    return match.group(1).strip()


@pytest.mark.parametrize("language", TRANSLATED)
def test_login_page_follows_accept_language(i18n_app, language):
    body = page(i18n_app.test_client(), "/login", language)

    assert f'<html lang="{language}"' in body
    assert heading(body) == translated(i18n_app, language, "Sign in")
    # Lazy form labels (defined once at import) are translated per request too.
    assert f">{translated(i18n_app, language, 'Password')}</label>" in body
    assert ">Password</label>" not in body


def test_login_page_is_english_for_english_and_unknown_languages(i18n_app):
    client = i18n_app.test_client()
    assert heading(page(client, "/login", "en")) == "Sign in"
    assert heading(page(client, "/login", "es")) == "Sign in"  # not offered: the default


def test_the_best_offered_language_of_the_browser_wins(i18n_app):
    body = page(i18n_app.test_client(), "/login", "es, lb;q=0.8, de;q=0.5")
    assert heading(body) == translated(i18n_app, "lb", "Sign in")


def test_without_a_browser_language_the_platforms_default_applies(i18n_app):
    """The demo's oms platform speaks French by default; main speaks English."""
    client = i18n_app.test_client()
    oms = client.get("/login", headers={"Host": "oms.localhost"}).get_data(as_text=True)
    main = client.get("/login", headers={"Host": "localhost"}).get_data(as_text=True)
    assert heading(html.unescape(oms)) == translated(i18n_app, "fr", "Sign in")
    assert heading(html.unescape(main)) == "Sign in"


def test_a_wrong_password_is_refused_in_the_visitors_language(i18n_app):
    client = i18n_app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"email": "owner@bakery.test", "password": "wrong", "csrf_token": token},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 422
    body = html.unescape(response.get_data(as_text=True))
    assert translated(i18n_app, "fr", "Email or password is not correct.") in body


def test_error_pages_are_translated(i18n_app):
    response = i18n_app.test_client().get("/no-such-page", headers={"Accept-Language": "de"})
    assert response.status_code == 404
    body = html.unescape(response.get_data(as_text=True))
    expected = translated(i18n_app, "de", "This page does not exist, or it is not available here.")
    assert expected in body


def test_a_users_saved_language_wins_over_the_browser(i18n_app, login_as):
    client = i18n_app.test_client()
    login_as(client, "bakery_owner")
    set_language(client, "lb")

    body = page(client, "/vendor/bakery/", "fr")

    assert '<html lang="lb"' in body
    assert heading(body) == translated(i18n_app, "lb", "Dashboard")
    assert translated(i18n_app, "fr", "Dashboard") not in body

    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/profile")})
    assert heading(page(client, "/login", "fr")) == translated(i18n_app, "fr", "Sign in")


def sidebar_labels(body: str) -> dict[tuple[str, str], str]:
    """(module, item id) -> label text of every entry in the sidebar menu."""
    nav = re.search(r'<nav id="sidebar".*?</nav>', body, re.S)
    assert nav, "no sidebar on the page"
    entries = re.findall(
        r'<a [^>]*data-menu-item="([^"]+)" data-module="([^"]+)"[^>]*>.*?<span>(.*?)</span>',
        nav.group(0),
        re.S,
    )
    return {(module, item): label.strip() for item, module, label in entries}


def admin_menu_msgids(app) -> dict[tuple[str, str], str]:
    """The English of every admin menu label the modules declare (outside a request a
    lazy string falls back to its msgid)."""
    registry = app.extensions["wizamart.registry"]
    return {
        (module.code, item.id): str(item.label)
        for module in registry
        for item in module.menu_for(FrontendType.ADMIN)
    }


@pytest.mark.parametrize("language", TRANSLATED)
def test_admin_sidebar_labels_from_definitions_are_translated(i18n_app, login_as, language):
    client = i18n_app.test_client()
    login_as(client, "admin")
    set_language(client, language)

    shown = sidebar_labels(page(client, "/admin/"))

    msgids = admin_menu_msgids(i18n_app)
    assert {("core", "dashboard"), ("tenancy", "platforms"), ("tenancy", "users")} <= set(shown)
    words = catalog(i18n_app, language)
    assert shown == {key: words.gettext(msgids[key]) for key in shown}
    # Some words are the same in English ("Modules" in French); most are not.
    assert shown["core", "dashboard"] == translated(i18n_app, language, "Dashboard")
    assert shown["tenancy", "users"] == translated(i18n_app, language, "Users")


def test_one_request_follows_a_change_of_its_language(i18n_app):
    """The catalog is looked up once per request (wizamart.extensions.AppDomain), yet a
    language changed within the request, by `refresh()` after a saved choice or by
    `force_locale()`, gives that language's wording from the next string on."""
    from flask import session
    from flask_babel import force_locale, gettext, refresh

    msgid = "Please sign in to open this page."
    french, german = (translated(i18n_app, lang, msgid) for lang in ("fr", "de"))
    with i18n_app.test_request_context("/login", headers={"Accept-Language": "en"}):
        assert gettext(msgid) == msgid
        with force_locale("de"):
            assert gettext(msgid) == german
        assert gettext(msgid) == msgid
        session["language"] = "fr"
        refresh()
        assert gettext(msgid) == french
