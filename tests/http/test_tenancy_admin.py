"""Admin pages that create and edit platforms, companies, vendors and users: what each
admin may do, what a platform admin of `oms` never sees of `main`, and bad input
answered with 422, its message, and nothing written."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from modules.tenancy.models import Company, Platform, PlatformDomain, Role, User, Vendor
from tests.conftest import login
from wizamart.extensions import db

OMS = "http://oms.localhost"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def one(app, model, **where):
    with app.app_context():
        row = db.session.scalars(sa.select(model).filter_by(**where)).one_or_none()
        if row is not None:
            db.session.expunge(row)
        return row


def row_id(app, model, **where) -> int:
    return one(app, model, **where).id


def post(client, path, data, base_url="http://localhost"):
    """POST a form the way a browser does: with the CSRF token of the page."""
    token = _token(client, base_url)
    return client.post(path, data={**data, "csrf_token": token}, base_url=base_url)


def _token(client, base_url):
    html = client.get("/admin/", base_url=base_url).get_data(as_text=True)
    match = re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert match, "no CSRF token on /admin/"
    return match.group(1)


def errors(response) -> str:
    """The page's field and form messages, as text."""
    html = response.get_data(as_text=True)
    found = re.findall(
        r'class="invalid-feedback[^"]*"[^>]*>(.*?)</div>\s*(?:</div>|</fieldset>)', html, re.S
    )
    found += re.findall(r'class="alert alert-danger[^"]*"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    text = re.sub(r"<[^>]+>", " ", " ".join(found))
    return re.sub(r"\s+", " ", text.replace("&#34;", '"').replace("&#39;", "'"))


@pytest.fixture
def admin(demo, login_as):
    return login_as(demo.test_client(), "admin")


@pytest.fixture
def oms_admin(demo):
    """A platform admin of `oms`, signed in on oms.localhost (the demo has none)."""
    from modules.tenancy.services.users import create_user

    with demo.app_context():
        oms = db.session.scalar(sa.select(Platform).where(Platform.code == "oms"))
        create_user("admin@oms.test", "oms-admin-pw", Role.PLATFORM_ADMIN, platform_id=oms.id)
        db.session.commit()
    client = demo.test_client()
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"',
        client.get("/login", base_url=OMS).get_data(as_text=True),
    ).group(1)
    response = client.post(
        "/login",
        base_url=OMS,
        data={"email": "admin@oms.test", "password": "oms-admin-pw", "csrf_token": token},
    )
    assert response.status_code == 302
    return client


# --- platforms -----------------------------------------------------------------------


def test_super_admin_creates_a_platform_that_answers_on_its_domain(demo, admin):
    page = admin.get("/admin/platforms")
    assert 'data-action="new-platform"' in page.get_data(as_text=True)
    response = post(
        admin,
        "/admin/platforms/new",
        {"code": "eu", "name": "EU Market", "default_language": "de", "domains": "EU.localhost\n"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/platforms"
    listing = admin.get("/admin/platforms").get_data(as_text=True)
    assert "Platform EU Market is created." in listing
    assert 'data-platform="eu"' in listing
    platform = one(demo, Platform, code="eu")
    assert (platform.name, platform.default_language, platform.is_default) == (
        "EU Market",
        "de",
        False,
    )
    with demo.app_context():
        assert db.session.get(Platform, platform.id).domain_names == ["eu.localhost"]
    # the new host now reaches the new platform
    assert "EU Market" in demo.test_client().get("/login", base_url="http://eu.localhost").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "main"}, "A platform with the code “main” exists."),
        ({"code": "Not a Slug!"}, "Use lowercase letters, digits and hyphens"),
        ({"code": ""}, "Please enter a code."),
        ({"name": ""}, "Please enter a name."),
        ({"domains": "localhost"}, "“localhost” is already a domain of a platform."),
        ({"domains": "x.test\nx.test"}, "“x.test” is listed twice."),
        ({"domains": "http://x.test/shop"}, "is not a domain name"),
    ],
)
def test_platform_input_is_checked_and_nothing_is_written(demo, admin, data, message):
    before = (count(demo, Platform), count(demo, PlatformDomain))
    form = {"code": "eu", "name": "EU", "default_language": "en", "domains": "eu.test"}
    response = post(admin, "/admin/platforms/new", {**form, **data})
    assert response.status_code == 422
    assert message in errors(response)
    assert (count(demo, Platform), count(demo, PlatformDomain)) == before


def test_a_vendor_custom_domain_cannot_become_a_platform_domain(demo, admin):
    with demo.app_context():
        db.session.scalars(
            sa.select(Vendor).filter_by(vendor_code="bikes")
        ).one().custom_domain = "bikes.test"
        db.session.commit()
    response = post(
        admin,
        "/admin/platforms/oms/edit",
        {"name": "OMS", "default_language": "fr", "domains": "oms.localhost\nbikes.test"},
    )
    assert response.status_code == 422
    assert "“bikes.test” is already the custom domain of a vendor." in errors(response)
    with demo.app_context():
        oms = db.session.scalars(sa.select(Platform).filter_by(code="oms")).one()
        assert (oms.name, oms.domain_names) == ("OMS Marketplace", ["oms.localhost"])


def test_exactly_one_platform_is_the_default(demo, admin):
    response = post(
        admin,
        "/admin/platforms/oms/edit",
        {
            "name": "OMS Marketplace",
            "default_language": "fr",
            "domains": "oms.localhost",
            "is_default": "y",
        },
    )
    assert response.status_code == 302
    assert one(demo, Platform, code="oms").is_default
    assert not one(demo, Platform, code="main").is_default
    # the default cannot simply be unticked: another platform must take over
    refused = post(
        admin,
        "/admin/platforms/oms/edit",
        {"name": "OMS Marketplace", "default_language": "fr", "domains": "oms.localhost"},
    )
    assert refused.status_code == 422
    assert "One platform is always the default" in errors(refused)
    assert one(demo, Platform, code="oms").is_default


def test_platform_admin_edits_own_platform_but_never_creates_or_deletes(demo, oms_admin):
    listing = oms_admin.get("/admin/platforms", base_url=OMS).get_data(as_text=True)
    assert 'data-platform="oms"' in listing and 'data-platform="main"' not in listing
    assert 'data-action="new-platform"' not in listing
    assert oms_admin.get("/admin/platforms/new", base_url=OMS).status_code == 403
    created = post(
        oms_admin,
        "/admin/platforms/new",
        {"code": "mine", "name": "Mine", "default_language": "en", "domains": ""},
        OMS,
    )
    assert created.status_code == 403
    assert one(demo, Platform, code="mine") is None
    edit = oms_admin.get("/admin/platforms/oms/edit", base_url=OMS).get_data(as_text=True)
    assert 'name="is_default"' not in edit
    saved = post(
        oms_admin,
        "/admin/platforms/oms/edit",
        {
            "name": "OMS Shops",
            "default_language": "de",
            "domains": "oms.localhost\nshops.oms.test",
            "is_default": "y",
        },
        OMS,
    )
    assert saved.status_code == 302
    oms = one(demo, Platform, code="oms")
    assert (oms.name, oms.default_language, oms.is_default) == ("OMS Shops", "de", False)
    deleted = post(oms_admin, "/admin/platforms/oms/delete", {}, OMS)
    assert deleted.status_code == 403
    assert one(demo, Platform, code="oms") is not None


def test_platform_admin_gets_404_for_another_platform(demo, oms_admin):
    assert oms_admin.get("/admin/platforms/main/edit", base_url=OMS).status_code == 404
    response = post(
        oms_admin,
        "/admin/platforms/main/edit",
        {"name": "Taken over", "default_language": "en", "domains": "localhost"},
        OMS,
    )
    assert response.status_code == 404
    assert one(demo, Platform, code="main").name == "Wizamart Main"


def test_super_admin_deletes_only_empty_platforms(demo, admin):
    in_use = post(admin, "/admin/platforms/oms/delete", {})
    assert in_use.status_code == 409
    assert "still has companies, vendors or users" in errors(in_use)
    default = post(admin, "/admin/platforms/main/delete", {})
    assert default.status_code == 409
    assert "The default platform cannot be deleted." in errors(default)
    post(
        admin,
        "/admin/platforms/new",
        {"code": "tmp", "name": "Tmp", "default_language": "en", "domains": "tmp.test"},
    )
    gone = post(admin, "/admin/platforms/tmp/delete", {})
    assert gone.status_code == 302
    assert one(demo, Platform, code="tmp") is None
    assert count(demo, Platform) == 2


def test_settings_page_links_to_edit_platform(demo, admin):
    html = admin.get("/admin/settings").get_data(as_text=True)
    assert 'href="/admin/platforms/main/edit"' in html
    assert "Edit platform" in html
    assert admin.get("/admin/platforms/main/edit").status_code == 200


def test_translator_cannot_edit_platforms(demo, login_as):
    translator = login_as(demo.test_client(), "translator")
    assert translator.get("/admin/platforms/main/edit").status_code == 403


# --- companies -----------------------------------------------------------------------


def test_company_vat_number_is_normalised_and_checked(demo, admin):
    main_id = row_id(demo, Platform, code="main")
    created = post(
        admin,
        "/admin/companies/new",
        {"legal_name": "Café S.A.", "vat_number": "lu 1234-5678", "platform_id": main_id},
    )
    assert created.status_code == 302
    assert one(demo, Company, legal_name="Café S.A.").vat_number == "LU12345678"
    before = count(demo, Company)
    for vat in ("12345678", "LU1", "LU12345678901234"):
        bad = post(
            admin,
            "/admin/companies/new",
            {"legal_name": "Bad VAT", "vat_number": vat, "platform_id": main_id},
        )
        assert bad.status_code == 422
        assert "A VAT number starts with the 2-letter country code" in errors(bad)
    no_vat = post(
        admin, "/admin/companies/new", {"legal_name": "", "vat_number": "", "platform_id": main_id}
    )
    assert no_vat.status_code == 422
    assert "Please enter a name." in errors(no_vat)
    assert count(demo, Company) == before


def test_company_with_vendors_stays_on_its_platform(demo, admin):
    bakery = row_id(demo, Company, legal_name="Bakery S.à r.l.")
    response = post(
        admin,
        f"/admin/companies/{bakery}/edit",
        {
            "legal_name": "Bakery S.à r.l.",
            "vat_number": "LU12345678",
            "platform_id": row_id(demo, Platform, code="oms"),
        },
    )
    assert response.status_code == 422
    assert "cannot move to another one" in errors(response)


def test_platform_admin_sees_and_edits_only_own_companies(demo, oms_admin):
    listing = oms_admin.get("/admin/companies", base_url=OMS).get_data(as_text=True)
    assert "Books Corner" in listing and "Bakery" not in listing and "Bikes" not in listing
    bakery = row_id(demo, Company, legal_name="Bakery S.à r.l.")
    assert oms_admin.get(f"/admin/companies/{bakery}/edit", base_url=OMS).status_code == 404
    hijack = post(
        oms_admin,
        f"/admin/companies/{bakery}/edit",
        {
            "legal_name": "Mine now",
            "vat_number": "",
            "platform_id": row_id(demo, Platform, code="oms"),
        },
        OMS,
    )
    assert hijack.status_code == 404
    into_main = post(
        oms_admin,
        "/admin/companies/new",
        {"legal_name": "Sneaky", "platform_id": row_id(demo, Platform, code="main")},
        OMS,
    )
    assert into_main.status_code == 422
    assert one(demo, Company, legal_name="Sneaky") is None
    books = row_id(demo, Company, legal_name="Books Corner S.à r.l.")
    own = post(
        oms_admin,
        f"/admin/companies/{books}/edit",
        {
            "legal_name": "Books Corner SARL",
            "vat_number": "LU11223344",
            "platform_id": row_id(demo, Platform, code="oms"),
        },
        OMS,
    )
    assert own.status_code == 302
    assert one(demo, Company, id=books).legal_name == "Books Corner SARL"


# --- vendors -------------------------------------------------------------------------


def vendor_form(demo, **overrides):
    form = {
        "name": "Café Lux",
        "vendor_code": "cafe",
        "platform_id": row_id(demo, Platform, code="main"),
        "company_id": row_id(demo, Company, legal_name="Bakery S.à r.l."),
        "is_active": "y",
        "custom_domain": "",
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def test_admin_creates_a_vendor_and_its_team_page_exists(demo, admin):
    response = post(admin, "/admin/vendors/new", vendor_form(demo, custom_domain="Cafe.test"))
    assert response.status_code == 302
    vendor = one(demo, Vendor, vendor_code="cafe")
    assert (vendor.name, vendor.custom_domain, vendor.is_active) == ("Café Lux", "cafe.test", True)
    assert admin.get("/vendor/cafe/staff").status_code == 200
    assert "Café Lux" in demo.test_client().get("/", base_url="http://cafe.test").text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"vendor_code": "bakery"}, "The code “bakery” is taken on Wizamart Main."),
        ({"vendor_code": "Café"}, "Use lowercase letters, digits and hyphens"),
        ({"custom_domain": "localhost"}, "“localhost” is already a domain of a platform."),
        ({"name": ""}, "Please enter a name."),
    ],
)
def test_vendor_input_is_checked_and_nothing_is_written(demo, admin, overrides, message):
    before = count(demo, Vendor)
    response = post(admin, "/admin/vendors/new", vendor_form(demo, **overrides))
    assert response.status_code == 422
    assert message in errors(response)
    assert count(demo, Vendor) == before


def test_vendor_code_is_unique_per_platform_only(demo, admin):
    oms = row_id(demo, Platform, code="oms")
    books_company = row_id(demo, Company, legal_name="Books Corner S.à r.l.")
    response = post(
        admin,
        "/admin/vendors/new",
        vendor_form(demo, vendor_code="bakery", platform_id=oms, company_id=books_company),
    )
    assert response.status_code == 302
    assert count(demo, Vendor) == 4


def test_vendor_company_must_be_on_the_vendor_platform(demo, admin):
    oms = row_id(demo, Platform, code="oms")
    response = post(admin, "/admin/vendors/new", vendor_form(demo, platform_id=oms))
    assert response.status_code == 422
    assert "This company belongs to another platform." in errors(response)
    assert one(demo, Vendor, vendor_code="cafe") is None


def test_duplicate_custom_domain_is_refused(demo, admin):
    bikes = row_id(demo, Vendor, vendor_code="bikes")
    with demo.app_context():
        db.session.get(Vendor, bikes).custom_domain = "bikes.test"
        db.session.commit()
    response = post(admin, "/admin/vendors/new", vendor_form(demo, custom_domain="bikes.test"))
    assert response.status_code == 422
    assert "“bikes.test” is already the custom domain of a vendor." in errors(response)


def test_suspending_a_vendor_closes_its_shop(demo, admin):
    bakery = row_id(demo, Vendor, vendor_code="bakery")
    edit = admin.get(f"/admin/vendors/{bakery}/edit").get_data(as_text=True)
    assert 'name="platform_id"' not in edit  # a vendor stays on its platform
    response = post(
        admin,
        f"/admin/vendors/{bakery}/edit",
        {
            "name": "Boulangerie Bakery",
            "vendor_code": "bakery",
            "company_id": row_id(demo, Company, legal_name="Bakery S.à r.l."),
            "custom_domain": "",
        },
    )
    assert response.status_code == 302
    assert one(demo, Vendor, id=bakery).is_active is False
    assert "suspended" in admin.get("/admin/vendors").text
    assert demo.test_client().get("/storefront/bakery/").status_code == 404


def test_platform_admin_sees_and_edits_only_own_vendors(demo, oms_admin):
    listing = oms_admin.get("/admin/vendors", base_url=OMS).get_data(as_text=True)
    assert 'data-vendor="books"' in listing
    assert 'data-vendor="bakery"' not in listing and 'data-vendor="bikes"' not in listing
    bakery = row_id(demo, Vendor, vendor_code="bakery")
    assert oms_admin.get(f"/admin/vendors/{bakery}/edit", base_url=OMS).status_code == 404
    suspend = post(
        oms_admin,
        f"/admin/vendors/{bakery}/edit",
        {
            "name": "x",
            "vendor_code": "bakery",
            "company_id": row_id(demo, Company, legal_name="Books Corner S.à r.l."),
        },
        OMS,
    )
    assert suspend.status_code == 404
    assert one(demo, Vendor, id=bakery).is_active is True
    # the new-vendor form offers only oms and its companies
    form = oms_admin.get("/admin/vendors/new", base_url=OMS).get_data(as_text=True)
    assert "Books Corner" in form and "Bakery S.à r.l." not in form and "Wizamart Main" not in form


# --- users ---------------------------------------------------------------------------


def user_form(**overrides):
    form = {
        "email": "new@wizamart.test",
        "role": "vendor_staff",
        "platform_id": "",
        "vendor_id": "",
        "language": "en",
        "is_active": "y",
        "password": "a-long-password",
    }
    form.update(overrides)
    return form


def test_super_admin_creates_a_platform_admin_who_can_sign_in(demo, admin):
    oms = row_id(demo, Platform, code="oms")
    response = post(
        admin,
        "/admin/users/new",
        user_form(email="Boss@OMS.test", role="platform_admin", platform_id=oms, language="fr"),
    )
    assert response.status_code == 302
    assert 'data-user="boss@oms.test"' in admin.get("/admin/users").text
    user = one(demo, User, email="boss@oms.test")
    assert (user.role, user.platform_id, user.language) == ("platform_admin", oms, "fr")
    client = demo.test_client()
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"',
        client.get("/login", base_url=OMS).text,
    ).group(1)
    signed_in = client.post(
        "/login",
        base_url=OMS,
        data={"email": "boss@oms.test", "password": "a-long-password", "csrf_token": token},
    )
    assert signed_in.headers["Location"] == "/admin/"
    assert client.get("/admin/vendors", base_url=OMS).status_code == 200


def test_super_admin_creates_translators_and_vendor_users(demo, admin):
    translator = post(
        admin,
        "/admin/users/new",
        user_form(email="tr@wizamart.test", role="translator", translator_languages=["de", "lb"]),
    )
    assert translator.status_code == 302
    assert one(demo, User, email="tr@wizamart.test").translator_languages == ["de", "lb"]
    bikes = row_id(demo, Vendor, vendor_code="bikes")
    staff = post(admin, "/admin/users/new", user_form(vendor_id=bikes))
    assert staff.status_code == 302
    with demo.app_context():
        user = db.session.scalars(sa.select(User).filter_by(email="new@wizamart.test")).one()
        assert [(m.vendor_id, m.is_owner, m.permissions) for m in user.memberships] == [
            (bikes, False, [])
        ]
    assert (
        login(demo.test_client(), "new@wizamart.test", "a-long-password").headers["Location"]
        == "/vendor/bikes/"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "OWNER@bakery.test"}, "A user with this email already exists."),
        ({"email": "not-an-email"}, "Please enter a valid email address."),
        ({"password": "short"}, "The password needs at least 8 characters."),
        ({"password": ""}, "Please set an initial password."),
        ({"vendor_id": ""}, "Pick a vendor you manage."),
        ({"role": "platform_admin"}, "Pick a platform you manage."),
        ({"role": "translator"}, "Give the translator at least one language."),
    ],
)
def test_user_input_is_checked_and_nothing_is_written(demo, admin, overrides, message):
    bikes = row_id(demo, Vendor, vendor_code="bikes")
    before = count(demo, User)
    data = user_form(**{"vendor_id": bikes, **overrides})
    response = post(admin, "/admin/users/new", data)
    assert response.status_code == 422
    assert message in errors(response)
    assert count(demo, User) == before


def test_platform_admin_never_sees_users_of_another_platform_or_super_admins(demo, oms_admin):
    books = row_id(demo, Vendor, vendor_code="books")
    created = post(
        oms_admin,
        "/admin/users/new",
        user_form(email="clerk@books.test", role="vendor_owner", vendor_id=books),
        OMS,
    )
    assert created.status_code == 302
    listing = oms_admin.get("/admin/users", base_url=OMS).get_data(as_text=True)
    shown = set(re.findall(r'data-user="([^"]+)"', listing))
    assert shown == {"admin@oms.test", "clerk@books.test"}
    for email in ("admin@wizamart.test", "owner@bakery.test", "translator@wizamart.test"):
        user_id = row_id(demo, User, email=email)
        assert oms_admin.get(f"/admin/users/{user_id}/edit", base_url=OMS).status_code == 404
        hijack = post(
            oms_admin,
            f"/admin/users/{user_id}/edit",
            user_form(email=email, role="vendor_staff", vendor_id=books, is_active=""),
            OMS,
        )
        assert hijack.status_code == 404
        assert one(demo, User, id=user_id).is_active is True


def test_platform_admin_cannot_create_super_admins_or_users_of_other_vendors(demo, oms_admin):
    before = count(demo, User)
    form = oms_admin.get("/admin/users/new", base_url=OMS).get_data(as_text=True)
    assert 'value="super_admin"' not in form and 'value="translator"' not in form
    assert "Boulangerie Bakery" not in form
    for data in (
        user_form(role="super_admin"),
        user_form(role="translator", translator_languages=["de"]),
        user_form(vendor_id=row_id(demo, Vendor, vendor_code="bakery")),
        user_form(role="platform_admin", platform_id=row_id(demo, Platform, code="main")),
    ):
        response = post(oms_admin, "/admin/users/new", data, OMS)
        assert response.status_code == 422, data
    assert count(demo, User) == before


def test_a_user_working_on_two_platforms_is_for_super_admins_only(demo, admin, oms_admin):
    from modules.tenancy.services.users import add_membership

    with demo.app_context():
        owner = db.session.scalars(sa.select(User).filter_by(email="owner@bikes.test")).one()
        books = db.session.scalars(sa.select(Vendor).filter_by(vendor_code="books")).one()
        add_membership(owner, books.id, permissions=[])
        db.session.commit()
        owner_id = owner.id
    assert oms_admin.get(f"/admin/users/{owner_id}/edit", base_url=OMS).status_code == 404
    assert admin.get(f"/admin/users/{owner_id}/edit").status_code == 200


def test_new_password_and_deactivation_end_the_users_sessions(demo, admin, login_as):
    owner = login_as(demo.test_client(), "bikes_owner")
    owner_id = row_id(demo, User, email="owner@bikes.test")
    bikes = row_id(demo, Vendor, vendor_code="bikes")
    edit = admin.get(f"/admin/users/{owner_id}/edit").get_data(as_text=True)
    assert re.search(r'<option selected value="vendor_owner">', edit)
    response = post(
        admin,
        f"/admin/users/{owner_id}/edit",
        user_form(
            email="owner@bikes.test",
            role="vendor_owner",
            vendor_id=bikes,
            password="brand-new-pass",
        ),
    )
    assert response.status_code == 302
    assert owner.get("/vendor/bikes/").status_code == 302  # signed out
    assert login(demo.test_client(), "owner@bikes.test", "brand-new-pass").status_code == 302
    post(
        admin,
        f"/admin/users/{owner_id}/edit",
        user_form(
            email="owner@bikes.test",
            role="vendor_owner",
            vendor_id=bikes,
            password="",
            is_active="",
        ),
    )
    assert one(demo, User, id=owner_id).is_active is False
    assert login(demo.test_client(), "owner@bikes.test", "brand-new-pass").status_code == 422


def test_admins_cannot_lock_themselves_out(demo, admin):
    me = row_id(demo, User, email="admin@wizamart.test")
    response = post(
        admin,
        f"/admin/users/{me}/edit",
        user_form(
            email="admin@wizamart.test",
            role="translator",
            translator_languages=["de"],
            is_active="",
            password="",
        ),
    )
    assert response.status_code == 422
    text = errors(response)
    assert "You cannot change your own role." in text
    assert "You cannot deactivate your own account." in text
    assert one(demo, User, id=me).role == "super_admin"


def test_admin_changing_own_password_stays_signed_in(demo, admin):
    me = row_id(demo, User, email="admin@wizamart.test")
    response = post(
        admin,
        f"/admin/users/{me}/edit",
        user_form(email="admin@wizamart.test", role="super_admin", password="another-admin-pw"),
    )
    assert response.status_code == 302
    assert admin.get("/admin/users").status_code == 200


# --- CSRF and permissions --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/admin/platforms/new",
        "/admin/platforms/main/edit",
        "/admin/platforms/oms/delete",
        "/admin/companies/new",
        "/admin/vendors/new",
        "/admin/users/new",
    ],
)
def test_posts_without_csrf_token_are_refused(demo, admin, path):
    before = [count(demo, m) for m in (Platform, Company, Vendor, User)]
    response = admin.post(
        path, data={"code": "x", "name": "x", "legal_name": "x", "email": "x@x.test"}
    )
    assert response.status_code == 400
    assert "session expired" in response.get_data(as_text=True)
    assert [count(demo, m) for m in (Platform, Company, Vendor, User)] == before


def test_vendor_users_cannot_reach_the_admin_forms(demo, login_as):
    owner = login_as(demo.test_client(), "bakery_owner")
    for path in ("/admin/platforms/new", "/admin/vendors/new", "/admin/users/new"):
        assert owner.get(path).status_code == 403


def test_platform_admin_cannot_remove_the_domain_they_work_on(demo, oms_admin):
    response = post(
        oms_admin,
        "/admin/platforms/oms/edit",
        {"name": "OMS", "default_language": "fr", "domains": "shops.oms.test"},
        OMS,
    )
    assert response.status_code == 422
    assert "You are working on “oms.localhost” now" in errors(response)
    with demo.app_context():
        oms = db.session.scalars(sa.select(Platform).filter_by(code="oms")).one()
        assert oms.domain_names == ["oms.localhost"]
