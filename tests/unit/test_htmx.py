"""wizamart.htmx.render: the whole page, or the targeted block exactly as the page has it."""

from __future__ import annotations

import pytest
from flask import Flask
from jinja2 import DictLoader

from wizamart.htmx import render, target_block

TEMPLATES = {
    "macros.html": '{% macro badge(text) %}<b class="badge">{{ text }}</b>{% endmacro %}',
    "base.html": (
        '{% set site = "Shop" %}'
        "<html><title>{{ site }}</title><body>"
        '<div id="flash">{% block flash %}{{ message or "" }}{% endblock %}</div>'
        "{% block body %}{% endblock %}</body></html>"
    ),
    # A layout in the middle: its top-level `set` and its own block, with a block inside.
    "layout.html": (
        '{% extends "base.html" %}'
        '{% set frontend = "admin" %}'
        "{% block body %}"
        '<nav id="sidebar">{% block sidebar %}menu of {{ frontend }} on {{ site }}'
        "{% block sidebar_extra %}{% endblock %}{% endblock %}</nav>"
        '<main id="content">{% block content %}{% endblock %}</main>'
        "{% endblock %}"
    ),
    # The page: a top-level import used by its block, and an override nested in a layout block.
    "page.html": (
        '{% extends "layout.html" %}'
        '{% from "macros.html" import badge %}'
        "{% block sidebar_extra %} + page extra{% endblock %}"
        '{% block content %}<div id="item-list">{% block item_list %}'
        "{% for item in items %}{{ badge(item) }}{% endfor %}"
        "{% endblock %}</div>{% endblock %}"
    ),
}


@pytest.fixture
def app():
    app = Flask(__name__)
    app.jinja_loader = DictLoader(TEMPLATES)
    return app


def htmx_headers(target: str, **extra) -> dict:
    return {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": target, **extra}


def rendered(app, headers=None, **kwargs):
    with app.test_request_context("/", headers=headers or {}):
        response = render("page.html", items=["a", "b"], message="Saved", **kwargs)
        return response.status_code, response.get_data(as_text=True), response


def test_a_plain_request_gets_the_whole_page(app):
    status, html, response = rendered(app)
    assert status == 200
    assert html.startswith("<html><title>Shop</title>")
    assert "menu of admin on Shop + page extra" in html
    assert '<b class="badge">a</b><b class="badge">b</b>' in html
    assert "HX-Request" in response.vary


def test_a_partial_request_gets_only_the_targeted_block(app):
    _, html, response = rendered(app, htmx_headers("div#item-list"))
    assert html == '<b class="badge">a</b><b class="badge">b</b>'  # the imported macro works
    assert "HX-Request" in response.vary


def test_a_block_of_a_layout_sees_the_layouts_variables_and_the_pages_overrides(app):
    _, html, _ = rendered(app, htmx_headers("nav#sidebar"))
    assert html == "menu of admin on Shop + page extra"


def test_oob_blocks_come_as_hx_partial_envelopes_after_the_main_block(app):
    _, html, _ = rendered(app, htmx_headers("div#item-list"), oob=("sidebar", "flash"))
    main, sidebar, flash = html.split("<hx-partial", 2)
    assert main == '<b class="badge">a</b><b class="badge">b</b>'
    assert sidebar == ' hx-target="#sidebar">menu of admin on Shop + page extra</hx-partial>'
    assert flash == ' hx-target="#flash">Saved</hx-partial>'


@pytest.mark.parametrize(
    "extra",
    [
        {"HX-Boosted": "true"},
        {"HX-History-Restore-Request": "true"},
        {"HX-Request-Type": "full"},
    ],
    ids=["boosted", "history-restore", "full-request-type"],
)
def test_boosted_history_and_full_requests_get_the_whole_page(app, extra):
    _, html, _ = rendered(app, htmx_headers("div#item-list", **extra), oob=("sidebar",))
    assert html.startswith("<html>")
    assert "<hx-partial" not in html


def test_a_target_without_a_block_gets_the_whole_page(app):
    _, html, _ = rendered(app, htmx_headers("div#no-such-block"), oob=("sidebar",))
    assert html.startswith("<html>")


def test_the_status_is_kept_for_fragments_and_pages(app):
    assert rendered(app, htmx_headers("div#item-list"), status=422)[0] == 422
    assert rendered(app, status=409)[0] == 409


def test_target_block_reads_the_id_htmx_sends_through_encodeuri(app):
    with app.test_request_context("/", headers={"HX-Target": "div#caf%C3%A9-list"}):
        assert target_block() == "café_list"
    with app.test_request_context("/", headers={"HX-Target": "body"}):
        assert target_block() is None
