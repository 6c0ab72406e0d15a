"""macros/confirm.html: the one confirmation panel (title, consequences, CSRF POST, cancel)."""

from __future__ import annotations

import re

from flask import render_template_string

PANEL = """{% from "macros/confirm.html" import confirm_panel %}
{{ confirm_panel(title="Remove <b>ann</b>?", action="/team/7/remove", confirm_label="Yes, remove",
                 cancel_url="/team", message="She can no longer sign in.",
                 consequences=["Her drafts stay", "Her orders stay"],
                 hidden={"code": ["a", "b"], "action": "disable"}, id="remove-7") }}"""

CALLED = """{% from "macros/confirm.html" import confirm_panel %}
{% call confirm_panel(title="Go?", action="/go", confirm_label="Go", cancel_url="/",
                      tone="primary", hx_target="#list") %}<p class="extra">more</p>{% endcall %}"""


def render(app, source: str) -> str:
    with app.test_request_context("/"):
        return render_template_string(source)


def test_panel_is_a_labelled_dialog_with_a_csrf_post_and_a_cancel_link(app):
    html = render(app, PANEL)
    assert 'role="dialog" aria-labelledby="remove-7-title"' in html and 'id="remove-7"' in html
    assert 'id="remove-7-title">Remove &lt;b&gt;ann&lt;/b&gt;?</h2>' in html  # escaped
    assert '<form method="post" class="d-flex flex-wrap gap-2" action="/team/7/remove"' in html
    assert re.search(r'name="csrf_token" value="[^"]+"', html)
    assert re.findall(r'name="code" value="([^"]+)"', html) == ["a", "b"]
    assert 'name="action" value="disable"' in html
    assert "<li>Her drafts stay</li>" in html and "<li>Her orders stay</li>" in html
    assert 'href="/team">Cancel</a>' in html
    assert "Yes, remove</button>" in html
    assert "hx-post" not in html  # a plain form unless an htmx target is given
    assert "border-danger" in html


def test_called_panel_shows_the_callers_content_and_posts_with_htmx(app):
    html = render(app, CALLED)
    assert '<p class="extra">more</p>' in html
    assert 'hx-post="/go" hx-target="#list"' in html
    assert "border-primary" in html
