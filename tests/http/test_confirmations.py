"""One kind of confirmation everywhere (macros/confirm.html): GET shows what will
happen (the whole page without JavaScript, only the panel for htmx), POST with the CSRF
token does it; the browser's confirm() is used nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

from modules.tenancy.models import StaffInvitation
from tests.conftest import csrf_token
from tests.http.test_staff import TEAM, invite, member_permissions, membership_id
from wizamart.extensions import db

ROOT = Path(__file__).resolve().parents[2]
PANEL_REQUEST = {
    "HX-Request": "true",
    "HX-Request-Type": "partial",
    "HX-Target": "div#confirm-panel",
}


def confirm_form_action(html: str) -> str:
    panel = html.split('class="card border-', 1)[1]
    return re.search(r'<form method="post"[^>]*? action="([^"]+)"', panel).group(1)


def test_remove_asks_first_on_a_page_of_its_own_without_javascript(demo, login_as):
    owner = login_as(demo.test_client(), "bakery_owner")
    staff_id = membership_id(demo, "staff@bakery.test")
    response = owner.get(f"{TEAM}/{staff_id}/remove")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html and 'id="staff"' in html  # the team page, with the panel on top
    assert "Remove staff@bakery.test from the team?" in html
    assert "can no longer open the back office of Boulangerie Bakery" in html
    assert confirm_form_action(html) == f"{TEAM}/{staff_id}/remove"
    assert member_permissions(demo, "staff@bakery.test") == ["core.view_dashboard"]

    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    removed = owner.post(f"{TEAM}/{staff_id}/remove", data={"csrf_token": token})
    assert removed.status_code == 302
    assert removed.headers["Location"].endswith(TEAM)
    assert member_permissions(demo, "staff@bakery.test") is None
    assert "staff@bakery.test is no longer in the team." in owner.get(TEAM).get_data(as_text=True)


def test_with_htmx_only_the_panel_comes_back(demo, login_as):
    owner = login_as(demo.test_client(), "bakery_owner")
    staff_id = membership_id(demo, "staff@bakery.test")
    response = owner.get(f"{TEAM}/{staff_id}/remove", headers=PANEL_REQUEST)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="staff"' not in html
    assert 'role="dialog"' in html and "Yes, remove" in html
    assert 'name="csrf_token"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_the_team_page_links_remove_to_the_confirmation_not_to_confirm(demo, login_as):
    owner = login_as(demo.test_client(), "bakery_owner")
    staff_id = membership_id(demo, "staff@bakery.test")
    html = owner.get(TEAM).get_data(as_text=True)
    link = re.search(rf'<a [^>]*href="{TEAM}/{staff_id}/remove"[^>]*>', html).group(0)
    assert 'hx-get="' in link and 'hx-target="#confirm-panel"' in link
    assert "hx-confirm" not in html


def test_a_remove_without_the_csrf_token_is_refused(demo, login_as):
    owner = login_as(demo.test_client(), "bakery_owner")
    staff_id = membership_id(demo, "staff@bakery.test")
    owner.get(f"{TEAM}/{staff_id}/remove")
    assert owner.post(f"{TEAM}/{staff_id}/remove").status_code == 400
    assert member_permissions(demo, "staff@bakery.test") == ["core.view_dashboard"]


def test_another_vendors_owner_cannot_see_or_use_the_confirmation(demo, login_as):
    bikes = login_as(demo.test_client(), "bikes_owner")
    staff_id = membership_id(demo, "staff@bakery.test")
    assert bikes.get(f"{TEAM}/{staff_id}/remove").status_code == 404
    assert bikes.get(f"/vendor/bikes/staff/{staff_id}/remove").status_code == 404
    token = csrf_token(bikes, "/vendor/bikes/staff")
    response = bikes.post(f"/vendor/bikes/staff/{staff_id}/remove", data={"csrf_token": token})
    assert response.status_code == 404
    assert member_permissions(demo, "staff@bakery.test") == ["core.view_dashboard"]


def test_no_confirmation_for_what_cannot_be_done(demo, login_as):
    owner = login_as(demo.test_client(), "bakery_owner")
    owner_id = membership_id(demo, "owner@bakery.test")
    response = owner.get(f"{TEAM}/{owner_id}/remove")
    assert response.status_code == 403
    assert "The owner cannot be removed from the team." in response.get_data(as_text=True)
    staff = login_as(demo.test_client(), "bakery_staff")
    staff_id = membership_id(demo, "staff@bakery.test")
    assert staff.get(f"{TEAM}/{staff_id}/remove").status_code == 403  # no manage_staff
    assert demo.test_client().get(f"{TEAM}/{staff_id}/remove").status_code == 302  # to sign in


def test_withdrawing_an_invitation_asks_first(demo, login_as):
    owner = login_as(demo.test_client(), "bakery_owner")
    invite(owner, "maybe@bakery.test")
    with demo.app_context():
        invitation_id = db.session.scalars(sa.select(StaffInvitation.id)).one()
    path = f"{TEAM}/invitations/{invitation_id}/revoke"
    html = owner.get(path, headers=PANEL_REQUEST).get_data(as_text=True)
    assert "Withdraw the invitation for maybe@bakery.test?" in html
    assert confirm_form_action(html) == path
    with demo.app_context():
        assert db.session.get(StaffInvitation, invitation_id) is not None


def test_deleting_a_platform_asks_first_and_only_a_super_admin(demo, login_as):
    admin = login_as(demo.test_client(), "admin")
    response = admin.get("/admin/platforms/oms/delete")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Delete the platform" in html and "This cannot be undone." in html
    assert confirm_form_action(html) == "/admin/platforms/oms/delete"
    owner = login_as(demo.test_client(), "bakery_owner")
    assert owner.get("/admin/platforms/oms/delete").status_code == 403


def test_no_template_uses_the_browsers_confirm():
    templates = [
        path
        for folder in ("wizamart", "modules")
        for path in (ROOT / folder).rglob("*.html")
        if "static" not in path.parts
    ]
    assert templates
    offenders = [
        str(path.relative_to(ROOT))
        for path in templates
        if re.search(r"hx-confirm|\bconfirm\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
