"""A vendor owner's team: inviting staff with a one-time link, accepting it, editing
permissions and removing staff; owners stay owners, staff without the permission get
403, and another vendor's members and invitations are 404."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from modules.tenancy.models import StaffInvitation, User, Vendor, VendorMembership
from tests.conftest import csrf_token, login
from wizamart.extensions import db

TEAM = "/vendor/bakery/staff"


def post(client, path, data=None, page=TEAM, base_url="http://localhost"):
    html = client.get(page, base_url=base_url).get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    return client.post(path, data={**(data or {}), "csrf_token": token}, base_url=base_url)


def invite(client, email, permissions=("core.view_dashboard",), team=TEAM):
    return post(client, team, {"email": email, "permissions": list(permissions)}, page=team)


def invitation_link(client, team=TEAM) -> str:
    html = client.get(team).get_data(as_text=True)
    match = re.search(r'id="invitation-link" type="text" readonly value="([^"]+)"', html)
    assert match, "no invitation link on the team page"
    assert "No email is sent" in html
    return match.group(1).removeprefix("http://localhost")


def membership_id(app, email, vendor_code="bakery") -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(VendorMembership.id)
            .join(User)
            .join(Vendor)
            .where(User.email == email, Vendor.vendor_code == vendor_code)
        )


def member_permissions(app, email, vendor_code="bakery"):
    with app.app_context():
        pk = membership_id(app, email, vendor_code)
        return None if pk is None else db.session.get(VendorMembership, pk).permissions


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", text.replace("&#39;", "'"))


@pytest.fixture
def owner(demo, login_as):
    return login_as(demo.test_client(), "bakery_owner")


def test_owner_sees_the_team_and_the_invite_form(demo, owner):
    response = owner.get(TEAM)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert set(re.findall(r'data-member="([^"]+)"', html)) == {
        "owner@bakery.test",
        "staff@bakery.test",
    }
    assert 'id="invite-form"' in html
    assert "there is no mail module yet" in page_text(response)
    # the permissions offered are the VENDOR permissions of the platform's modules
    assert 'value="core.view_dashboard"' in html and 'value="tenancy.manage_staff"' in html
    assert 'value="tenancy.manage_users"' not in html  # an ADMIN permission


def test_invitation_creates_a_new_staff_member_with_the_chosen_permissions(demo, owner):
    response = invite(owner, "New@Bakery.test", ["core.view_dashboard", "core.shop_settings"])
    assert response.status_code == 302
    link = invitation_link(owner)
    # shown once: the next visit has no link, and the database has only the hash
    assert 'id="invitation-link"' not in owner.get(TEAM).get_data(as_text=True)
    token = link.rsplit("/", 1)[1]
    with demo.app_context():
        invitation = db.session.scalars(sa.select(StaffInvitation)).one()
        assert invitation.email == "new@bakery.test"
        assert invitation.token_hash != token and len(invitation.token_hash) == 64
        lifetime = invitation.expires_at - invitation.created_at
        assert timedelta(days=7) - timedelta(minutes=1) < lifetime <= timedelta(days=7)

    invitee = demo.test_client()
    page = invitee.get(link)
    assert page.status_code == 200
    assert "Join the team of Boulangerie Bakery" in page_text(page)
    token_field = csrf_token(invitee, link)
    short = invitee.post(
        link, data={"password": "short", "confirm": "short", "csrf_token": token_field}
    )
    assert short.status_code == 422
    assert "at least 8 characters" in page_text(short)
    assert member_permissions(demo, "new@bakery.test") is None
    done = invitee.post(
        link,
        data={"password": "my-own-pass", "confirm": "my-own-pass", "csrf_token": token_field},
    )
    assert done.status_code == 302 and done.headers["Location"] == "/vendor/bakery/"
    assert invitee.get("/vendor/bakery/").status_code == 200
    assert member_permissions(demo, "new@bakery.test") == [
        "core.shop_settings",
        "core.view_dashboard",
    ]
    assert login(demo.test_client(), "new@bakery.test", "my-own-pass").status_code == 302
    # the link is used up
    again = demo.test_client().get(link)
    assert again.status_code == 410
    assert "already been used" in page_text(again)


def test_existing_user_signs_in_and_accepts(demo, owner, login_as):
    invite(owner, "owner@bikes.test")
    link = invitation_link(owner)
    anonymous = demo.test_client().get(link)
    assert anonymous.status_code == 200
    assert "Sign in to accept" in page_text(anonymous)
    assert 'name="password"' not in anonymous.get_data(as_text=True)

    wrong = login_as(demo.test_client(), "bakery_staff")
    refused = wrong.get(link)
    assert refused.status_code == 403
    assert "This invitation is for owner@bikes.test" in page_text(refused)
    assert post(wrong, link, page=link).status_code == 403

    bikes_owner = login_as(demo.test_client(), "bikes_owner")
    assert "Join the team" in page_text(bikes_owner.get(link))
    joined = post(bikes_owner, link, page=link)
    assert joined.status_code == 302 and joined.headers["Location"] == "/vendor/bakery/"
    assert bikes_owner.get("/vendor/bakery/").status_code == 200
    assert member_permissions(demo, "owner@bikes.test") == ["core.view_dashboard"]
    assert member_permissions(demo, "owner@bikes.test", "bikes") == []  # still owns bikes


def test_unknown_expired_and_foreign_links_are_refused_clearly(demo, owner):
    assert demo.test_client().get("/invitations/not-a-real-token").status_code == 404
    invite(owner, "late@bakery.test")
    link = invitation_link(owner)
    # a link of a main vendor is unknown on another platform's host
    assert demo.test_client().get(link, base_url="http://oms.localhost").status_code == 404
    with demo.app_context():
        invitation = db.session.scalars(sa.select(StaffInvitation)).one()
        invitation.expires_at = invitation.created_at - timedelta(seconds=1)
        db.session.commit()
    expired = demo.test_client().get(link)
    assert expired.status_code == 410
    assert "This invitation has expired" in page_text(expired)
    invitee = demo.test_client()
    token = csrf_token(invitee, "/login")
    assert (
        invitee.post(
            link, data={"password": "my-own-pass", "confirm": "my-own-pass", "csrf_token": token}
        ).status_code
        == 410
    )
    assert member_permissions(demo, "late@bakery.test") is None


@pytest.mark.parametrize(
    ("email", "permissions", "message"),
    [
        ("staff@bakery.test", ["core.view_dashboard"], "staff@bakery.test is already in the team."),
        ("admin@wizamart.test", [], "belongs to an admin or translator account"),
        ("nobody", [], "Please enter a valid email address."),
    ],
)
def test_bad_invitations_are_refused_and_nothing_is_written(
    demo, owner, email, permissions, message
):
    response = invite(owner, email, permissions)
    assert response.status_code == 422
    assert message in page_text(response)
    with demo.app_context():
        assert db.session.scalars(sa.select(StaffInvitation)).all() == []


def test_permissions_outside_the_enabled_modules_cannot_be_given(demo, owner):
    response = invite(owner, "x@bakery.test", ["tenancy.manage_users"])
    assert response.status_code == 422
    with demo.app_context():
        assert db.session.scalars(sa.select(StaffInvitation)).all() == []


def test_a_new_invitation_replaces_the_open_one(demo, owner):
    invite(owner, "twice@bakery.test")
    first = invitation_link(owner)
    invite(owner, "twice@bakery.test", ["core.shop_settings"])
    second = invitation_link(owner)
    assert demo.test_client().get(first).status_code == 404
    assert demo.test_client().get(second).status_code == 200


def test_owner_withdraws_an_invitation(demo, owner):
    invite(owner, "maybe@bakery.test")
    link = invitation_link(owner)
    with demo.app_context():
        invitation_id = db.session.scalars(sa.select(StaffInvitation.id)).one()
    response = post(owner, f"{TEAM}/invitations/{invitation_id}/revoke")
    assert response.status_code == 302
    assert 'data-invitation="maybe@bakery.test"' not in owner.get(TEAM).get_data(as_text=True)
    assert demo.test_client().get(link).status_code == 404


def test_owner_edits_staff_permissions_and_removes_staff(demo, owner, login_as):
    staff_id = membership_id(demo, "staff@bakery.test")
    page = owner.get(f"{TEAM}/{staff_id}")
    assert page.status_code == 200
    assert re.search(
        r'checked[^>]*value="core.view_dashboard"|value="core.view_dashboard"[^>]*checked',
        page.get_data(as_text=True),
    )
    saved = post(
        owner, f"{TEAM}/{staff_id}", {"permissions": ["core.shop_settings", "tenancy.manage_staff"]}
    )
    assert saved.status_code == 302
    assert member_permissions(demo, "staff@bakery.test") == [
        "core.shop_settings",
        "tenancy.manage_staff",
    ]
    bad = post(owner, f"{TEAM}/{staff_id}", {"permissions": ["tenancy.manage_users"]})
    assert bad.status_code == 422
    assert "Pick permissions from the list." in page_text(bad)
    assert member_permissions(demo, "staff@bakery.test") == [
        "core.shop_settings",
        "tenancy.manage_staff",
    ]
    staff = login_as(demo.test_client(), "bakery_staff")
    assert staff.get(TEAM).status_code == 200  # manage_staff now opens the team page
    removed = post(owner, f"{TEAM}/{staff_id}/remove")
    assert removed.status_code == 302
    assert member_permissions(demo, "staff@bakery.test") is None
    assert staff.get(TEAM).status_code == 404
    assert staff.get("/vendor/bakery/").status_code == 404
    assert login(demo.test_client(), "staff@bakery.test", "demo-staff").status_code == 302


def test_the_owner_cannot_be_demoted_or_removed(demo, owner, login_as):
    owner_id = membership_id(demo, "owner@bakery.test")
    page = owner.get(f"{TEAM}/{owner_id}")
    assert "The owner holds every permission" in page_text(page)
    assert 'id="member-form"' not in page.get_data(as_text=True)
    demote = post(owner, f"{TEAM}/{owner_id}", {"permissions": ["core.view_dashboard"]})
    assert demote.status_code == 403
    assert post(owner, f"{TEAM}/{owner_id}/remove").status_code == 403
    # nor by an admin of the platform, who may otherwise manage the team
    admin = login_as(demo.test_client(), "admin")
    assert post(admin, f"{TEAM}/{owner_id}/remove").status_code == 403
    with demo.app_context():
        membership = db.session.get(VendorMembership, owner_id)
        assert membership.is_owner and membership.user.email == "owner@bakery.test"


def test_staff_without_manage_staff_get_403(demo, login_as):
    staff = login_as(demo.test_client(), "bakery_staff")
    staff_id = membership_id(demo, "staff@bakery.test")
    assert staff.get(TEAM).status_code == 403
    page = "/vendor/bakery/"
    assert post(staff, TEAM, {"email": "x@y.test"}, page=page).status_code == 403
    assert post(staff, f"{TEAM}/{staff_id}", {"permissions": []}, page=page).status_code == 403
    assert post(staff, f"{TEAM}/{staff_id}/remove", page=page).status_code == 403
    with demo.app_context():
        assert db.session.scalars(sa.select(StaffInvitation)).all() == []
    assert 'data-menu-item="staff"' not in staff.get(page).get_data(as_text=True)


def test_staff_managing_staff_give_only_what_they_hold_and_never_edit_themselves(
    demo, owner, login_as
):
    staff_id = membership_id(demo, "staff@bakery.test")
    post(
        owner,
        f"{TEAM}/{staff_id}",
        {"permissions": ["tenancy.manage_staff", "core.view_dashboard"]},
    )
    staff = login_as(demo.test_client(), "bakery_staff")
    html = staff.get(TEAM).get_data(as_text=True)
    assert 'value="core.shop_settings"' not in html  # not theirs to give
    too_much = invite(staff, "friend@bakery.test", ["core.shop_settings"])
    assert too_much.status_code == 422
    assert "You can only give permissions you hold yourself." in page_text(too_much)
    assert invite(staff, "friend@bakery.test", ["core.view_dashboard"]).status_code == 302
    assert post(staff, f"{TEAM}/{staff_id}", {"permissions": []}).status_code == 403
    assert post(staff, f"{TEAM}/{staff_id}/remove").status_code == 403
    owner_id = membership_id(demo, "owner@bakery.test")
    assert post(staff, f"{TEAM}/{owner_id}/remove").status_code == 403


def test_another_vendors_members_and_invitations_are_404(demo, owner, login_as):
    invite(owner, "secret@bakery.test")
    with demo.app_context():
        invitation_id = db.session.scalars(sa.select(StaffInvitation.id)).one()
    staff_id = membership_id(demo, "staff@bakery.test")
    bikes = login_as(demo.test_client(), "bikes_owner")
    other = "/vendor/bikes/staff"
    html = bikes.get(other).get_data(as_text=True)
    assert "staff@bakery.test" not in html and "secret@bakery.test" not in html
    assert bikes.get(f"{other}/{staff_id}").status_code == 404
    assert post(bikes, f"{other}/{staff_id}", {"permissions": []}, page=other).status_code == 404
    assert post(bikes, f"{other}/{staff_id}/remove", page=other).status_code == 404
    assert post(bikes, f"{other}/invitations/{invitation_id}/revoke", page=other).status_code == 404
    assert member_permissions(demo, "staff@bakery.test") == ["core.view_dashboard"]
    with demo.app_context():
        assert db.session.scalars(sa.select(StaffInvitation)).one().email == "secret@bakery.test"
    # and the bakery's own team URLs are 404 to bikes' owner
    assert bikes.get(TEAM).status_code == 404


@pytest.mark.parametrize("suffix", ["", "/{staff}", "/{staff}/remove"])
def test_team_posts_without_csrf_token_are_refused(demo, owner, suffix):
    staff_id = membership_id(demo, "staff@bakery.test")
    path = TEAM + suffix.format(staff=staff_id)
    response = owner.post(path, data={"email": "x@bakery.test", "permissions": []})
    assert response.status_code == 400
    assert member_permissions(demo, "staff@bakery.test") == ["core.view_dashboard"]
    with demo.app_context():
        assert db.session.scalars(sa.select(StaffInvitation)).all() == []


def test_accepting_without_csrf_token_is_refused(demo, owner):
    invite(owner, "csrf@bakery.test")
    link = invitation_link(owner)
    response = demo.test_client().post(
        link, data={"password": "my-own-pass", "confirm": "my-own-pass"}
    )
    assert response.status_code == 400
    assert member_permissions(demo, "csrf@bakery.test") is None
