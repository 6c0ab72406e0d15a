"""The tenancy services' rules, without HTTP: scoping, defaults, roles, domains, staff
permissions and one-time invitations, on the real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from modules.tenancy.exceptions import InvitationError, NotAllowed, ValidationFailed
from modules.tenancy.models import (
    Platform,
    Role,
    StaffInvitation,
    User,
    Vendor,
    VendorMembership,
)
from modules.tenancy.services import accounts, platforms, staff
from modules.tenancy.services.directory import get_managed_or_404, list_users
from modules.tenancy.services.users import add_membership, create_user
from wizamart.extensions import db
from wizamart.modules.service import module_service


def by(model, **where):
    return db.session.scalars(sa.select(model).filter_by(**where)).one()


@pytest.fixture
def ctx(demo):
    with demo.test_request_context():
        yield demo


@pytest.fixture
def oms_admin(ctx):
    user = create_user(
        "admin@oms.test",
        "oms-admin-pw",
        Role.PLATFORM_ADMIN,
        platform_id=by(Platform, code="oms").id,
    )
    db.session.commit()
    return user


# --- platforms -------------------------------------------------------------------------


def test_the_first_platform_is_the_default_whatever_was_asked(app):
    with app.test_request_context():
        root = create_user("root@x.test", "root-password", Role.SUPER_ADMIN)
        db.session.commit()
        first = platforms.create_platform(
            root, code="one", name="One", default_language="en", domains="one.test"
        )
        second = platforms.create_platform(
            root, code="two", name="Two", default_language="fr", domains=["two.test"]
        )
        assert (first.is_default, second.is_default) == (True, False)
        third = platforms.create_platform(
            root, code="three", name="Three", default_language="de", domains="", is_default=True
        )
        defaults = db.session.scalars(sa.select(Platform.code).where(Platform.is_default)).all()
        assert defaults == ["three"] and third.is_default


def test_platform_admins_neither_create_nor_delete_nor_pick_the_default(ctx, oms_admin):
    with pytest.raises(NotAllowed):
        platforms.create_platform(oms_admin, code="x", name="X", default_language="en", domains="")
    oms = by(Platform, code="oms")
    with pytest.raises(NotAllowed):
        platforms.delete_platform(oms_admin, oms)
    platforms.update_platform(
        oms_admin, oms, name="OMS", default_language="fr", domains="oms.localhost", is_default=True
    )
    assert not oms.is_default and by(Platform, code="main").is_default


def test_domains_are_normalised_and_kept_by_name(ctx):
    root = by(User, email="admin@wizamart.test")
    main = by(Platform, code="main")
    kept_id = next(d.id for d in main.domains if d.domain == "localhost")
    platforms.update_platform(
        root, main, name="Main", default_language="en", domains=" LOCALHOST. , shop.main.test "
    )
    assert main.domain_names == ["localhost", "shop.main.test"]
    assert next(d.id for d in main.domains if d.domain == "localhost") == kept_id


def test_a_name_is_either_a_platform_domain_or_a_vendor_domain(ctx):
    root = by(User, email="admin@wizamart.test")
    with pytest.raises(ValidationFailed) as refused:
        platforms.create_platform(
            root, code="eu", name="EU", default_language="en", domains="oms.localhost"
        )
    assert refused.value.errors == {
        "domains": ["“oms.localhost” is already a domain of a platform."]
    }
    assert db.session.scalar(sa.select(Platform).filter_by(code="eu")) is None


# --- who manages whom ---------------------------------------------------------------------


def test_platform_admin_manages_own_admins_and_teams_wholly_on_the_platform(ctx, oms_admin):
    books = by(Vendor, vendor_code="books")
    clerk = create_user("clerk@books.test", "clerk-password", Role.VENDOR)
    add_membership(clerk, books.id)
    both = by(User, email="owner@bikes.test")  # owner of bikes (main) ...
    add_membership(both, books.id)  # ... and staff of books (oms)
    db.session.commit()
    assert {u.email for u in list_users(oms_admin)} == {"admin@oms.test", "clerk@books.test"}
    for email in ("admin@wizamart.test", "translator@wizamart.test", "owner@bikes.test"):
        with pytest.raises(NotFound):
            get_managed_or_404(User, by(User, email=email).id, oms_admin)
    root = by(User, email="admin@wizamart.test")
    assert len(list_users(root)) == 7


def test_roles_a_platform_admin_may_give(ctx, oms_admin):
    assert accounts.assignable_roles(oms_admin) == [
        "platform_admin",
        "vendor_owner",
        "vendor_staff",
    ]
    with pytest.raises(ValidationFailed) as refused:
        accounts.create_user_as(
            oms_admin, email="x@x.test", role="super_admin", language="en", password="long-enough"
        )
    assert refused.value.errors == {"role": ["You cannot give this role."]}
    bakery = by(Vendor, vendor_code="bakery")
    with pytest.raises(ValidationFailed) as foreign:
        accounts.create_user_as(
            oms_admin,
            email="x@x.test",
            role="vendor_owner",
            vendor_id=bakery.id,
            language="en",
            password="long-enough",
        )
    assert foreign.value.errors == {"vendor_id": ["Pick a vendor you manage."]}


def test_changing_a_vendor_user_into_an_admin_drops_their_teams(ctx):
    root = by(User, email="admin@wizamart.test")
    owner = by(User, email="owner@bikes.test")
    accounts.update_user_as(
        root,
        owner,
        email=owner.email,
        role="platform_admin",
        platform_id=by(Platform, code="main").id,
        language="en",
        is_active=True,
    )
    assert owner.role == "platform_admin" and owner.memberships == []


# --- staff -----------------------------------------------------------------------------


def test_invitation_is_single_use(ctx):
    owner = by(User, email="owner@bakery.test")
    bakery = by(Vendor, vendor_code="bakery")
    invitation, token = staff.invite(owner, bakery, email="one@bakery.test", permissions=[])
    assert invitation.token_hash == staff.hash_token(token) != token
    found = staff.find_invitation(token, bakery.platform_id)
    staff.accept_as_new_user(found, "one-password", language="en")
    with pytest.raises(InvitationError) as used:
        staff.find_invitation(token, bakery.platform_id)
    assert used.value.status == 410
    # of two accepts racing, the conditional update lets one through
    other, other_token = staff.invite(owner, bakery, email="owner@bikes.test")
    stale = staff.find_invitation(other_token, bakery.platform_id)
    db.session.execute(  # another request accepts first
        sa.update(StaffInvitation)
        .where(StaffInvitation.id == other.id)
        .values(accepted_at=sa.func.now())
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(InvitationError) as lost:
        staff.accept_as_user(stale, by(User, email="owner@bikes.test"))
    assert lost.value.status == 410
    bakery_team = {m.user.email for m in staff.team(bakery.id)}
    assert bakery_team == {"owner@bakery.test", "staff@bakery.test", "one@bakery.test"}


def test_expired_and_foreign_invitations(ctx):
    owner = by(User, email="owner@bakery.test")
    bakery = by(Vendor, vendor_code="bakery")
    invitation, token = staff.invite(owner, bakery, email="two@bakery.test")
    with pytest.raises(InvitationError) as foreign:
        staff.find_invitation(token, by(Platform, code="oms").id)
    assert foreign.value.status == 404
    invitation.expires_at = invitation.created_at - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(InvitationError) as expired:
        staff.find_invitation(token, bakery.platform_id)
    assert expired.value.status == 410


def test_permissions_of_a_switched_off_module_survive_an_edit(shop):
    with shop.test_request_context():
        owner = by(User, email="owner@bakery.test")
        member = db.session.scalars(
            sa.select(VendorMembership).join(User).where(User.email == "staff@bakery.test")
        ).one()
        staff.set_permissions(owner, member, ["core.view_dashboard", "fxcart.use"])
        main = by(Platform, code="main")
        module_service.disable_module(main.id, "fxcart")
        db.session.commit()
        assert "fxcart.use" not in staff.vendor_permissions(member.vendor)
        staff.set_permissions(owner, member, ["core.shop_settings"])
        assert member.permissions == ["core.shop_settings", "fxcart.use"]


def test_owner_stays_owner(ctx):
    admin = by(User, email="admin@wizamart.test")
    owner_membership = db.session.scalars(
        sa.select(VendorMembership).where(VendorMembership.is_owner)
    ).first()
    with pytest.raises(NotAllowed):
        staff.set_permissions(admin, owner_membership, [])
    with pytest.raises(NotAllowed):
        staff.remove_member(admin, owner_membership)
    assert owner_membership.is_owner


# --- the signed-in user ----------------------------------------------------------------


def test_the_signed_in_user_is_a_read_only_copy_of_the_row_and_its_teams(ctx):
    """What Flask-Login puts in `current_user`: the row's values and the teams in the
    order joined, the same role label as the ORM user, and no way to write through it
    (a change goes to the row: users.get_user_record)."""
    from dataclasses import FrozenInstanceError

    from modules.tenancy.services.setup import load_user
    from modules.tenancy.services.users import get_user_record

    bakery = by(Vendor, vendor_code="bakery")
    other = by(Vendor, vendor_code="bikes")
    user = create_user("two-teams@x.test", "two-teams-pw", Role.VENDOR, language="fr")
    add_membership(user, other.id, permissions=["orders.view"])
    db.session.flush()
    add_membership(user, bakery.id, is_owner=True)
    db.session.commit()

    signed_in = load_user(user.get_id())
    assert (signed_in.id, signed_in.email, signed_in.language) == (user.id, user.email, "fr")
    assert [(m.vendor_id, m.is_owner, m.permissions) for m in signed_in.memberships] == [
        (other.id, False, ("orders.view",)),
        (bakery.id, True, ()),
    ]
    assert signed_in.role_label == user.role_label == "Vendor owner"
    assert signed_in.get_id() == user.get_id()
    with pytest.raises(FrozenInstanceError):
        signed_in.language = "de"
    assert get_user_record(signed_in.id) is user


def test_the_signed_in_user_is_none_when_inactive_or_of_an_older_session(ctx):
    from modules.tenancy.services.setup import load_user

    user = create_user("gone@x.test", "gone-password", Role.VENDOR)
    db.session.commit()
    old_session = user.get_id()
    assert load_user(old_session) is not None
    user.session_version += 1
    db.session.commit()
    assert load_user(old_session) is None
    assert load_user(user.get_id()) is not None
    user.is_active = False
    db.session.commit()
    assert load_user(user.get_id()) is None
    assert load_user("not-an-id") is None
