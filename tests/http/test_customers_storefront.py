"""Shopper accounts on a shop (modules/customers): sign-up, confirmation, sign-in, reset,
sessions apart from the back office and per shop, address book, data export, deletion."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_token, login
from wizamart.extensions import db

SHOP = "/storefront/bakery/account"
SHOPPER = ("shopper@example.test", "demo-shopper")


def token(client, path):
    return csrf_token(client, path)


def shopper_login(client, email, password, shop="bakery"):
    base = f"/storefront/{shop}/account"
    return client.post(
        f"{base}/login",
        data={"email": email, "password": password, "csrf_token": token(client, f"{base}/login")},
    )


def register(client, **fields):
    data = {
        "first_name": "Lena",
        "last_name": "Weber",
        "email": "lena@example.test",
        "password": "lena-password",
        "confirm": "lena-password",
        "language": "de",
        "csrf_token": token(client, f"{SHOP}/register"),
    }
    data.update(fields)
    return client.post(f"{SHOP}/register", data=data)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def customer_row(app, email, vendor="bakery"):
    with app.app_context():
        return (
            db.session.execute(
                sa.text(
                    "SELECT c.* FROM customers_customer c JOIN tenancy_vendor v "
                    "ON v.id = c.vendor_id WHERE v.vendor_code = :v AND c.email = :e"
                ),
                {"v": vendor, "e": email},
            )
            .mappings()
            .one_or_none()
        )


def test_register_mail_confirm_sign_in(demo, mailbox):
    client = demo.test_client()
    response = register(client)
    assert response.status_code == 302
    assert "/account/registered" in response.headers["Location"]
    # nobody is signed in yet, and the account cannot sign in before confirming
    (mail,) = mailbox.to("lena@example.test")
    assert mail["Subject"] == "Confirm your e-mail address for Boulangerie Bakery"
    (link,) = [u for u in mailbox.links(mail) if "/account/confirm/" in u]
    assert link.startswith("https://localhost/storefront/bakery/account/confirm/")
    assert "Hello Lena," in mailbox.text(mail)
    assert '<html lang="de">' in mailbox.html(mail)  # the language the shopper picked
    refused = shopper_login(client, "lena@example.test", "lena-password")
    assert refused.status_code == 422
    assert "Please confirm your e-mail address first" in refused.get_data(as_text=True)
    assert len(mailbox.to("lena@example.test")) == 2  # a new link came with the refusal
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Confirm that lena@example.test is your address" in page.get_data(as_text=True)
    confirmed = client.post(path_of(link), data={"csrf_token": token(client, path_of(link))})
    assert confirmed.status_code == 302
    assert "/account/login" in confirmed.headers["Location"]
    signed_in = shopper_login(client, "lena@example.test", "lena-password")
    assert signed_in.status_code == 302
    profile = client.get(f"{SHOP}/")
    assert profile.status_code == 200
    assert 'value="Lena"' in profile.get_data(as_text=True)
    # the link was for one use
    again = client.get(path_of(link))
    assert again.status_code == 410
    assert "used already" in again.get_data(as_text=True)


def test_sign_up_with_a_known_address_tells_nothing_and_opens_no_second_account(demo, mailbox):
    client = demo.test_client()
    response = register(client, email="SHOPPER@example.test")
    assert response.status_code == 302  # the same answer as for a new address
    (mail,) = mailbox.to("shopper@example.test")
    assert mail["Subject"] == "You already have an account with Boulangerie Bakery"
    with demo.app_context():
        count = db.session.scalar(
            sa.text("SELECT count(*) FROM customers_customer WHERE email = 'shopper@example.test'")
        )
    assert count == 1


def test_wrong_passwords_are_throttled(demo):
    client = demo.test_client()
    for _ in range(5):
        assert shopper_login(client, SHOPPER[0], "wrong-password").status_code == 422
    blocked = shopper_login(client, SHOPPER[0], SHOPPER[1])
    assert blocked.status_code == 429
    # bikes' shop counts its own accounts (the address is blocked per shop)
    assert shopper_login(client, SHOPPER[0], SHOPPER[1], shop="bikes").status_code == 422


def test_reset_link_is_single_use_and_expires(demo, mailbox):
    client = demo.test_client()
    response = client.post(
        f"{SHOP}/forgot",
        data={"email": SHOPPER[0], "csrf_token": token(client, f"{SHOP}/forgot")},
    )
    assert response.status_code == 302
    (mail,) = mailbox.to(SHOPPER[0])
    (link,) = [path_of(u) for u in mailbox.links(mail) if "/account/reset/" in u]
    form = client.get(link)
    assert form.status_code == 200
    changed = client.post(
        link,
        data={
            "password": "new-password-1",
            "confirm": "new-password-1",
            "csrf_token": token(client, link),
        },
    )
    assert changed.status_code == 302
    assert shopper_login(client, SHOPPER[0], "new-password-1").status_code == 302
    assert client.get(link).status_code == 410  # used
    # an expired link: issued, then its time passes
    mailbox.clear()
    client.post(
        f"{SHOP}/forgot",
        data={"email": SHOPPER[0], "csrf_token": token(client, f"{SHOP}/forgot")},
    )
    (mail,) = mailbox.to(SHOPPER[0])
    (link,) = [path_of(u) for u in mailbox.links(mail) if "/account/reset/" in u]
    with demo.app_context():
        db.session.execute(
            sa.text("UPDATE customers_token SET expires_at = :t WHERE used_at IS NULL"),
            {"t": _past()},
        )
        db.session.commit()
    expired = client.get(link)
    assert expired.status_code == 410
    assert "expired" in expired.get_data(as_text=True)
    # a made-up link
    assert client.get(f"{SHOP}/reset/not-a-token").status_code == 410


def _past():
    from datetime import UTC, datetime

    return datetime.now(UTC) - timedelta(minutes=1)


def test_forgot_password_answers_the_same_for_unknown_addresses(demo, mailbox):
    client = demo.test_client()
    answers = []
    for email in (SHOPPER[0], "nobody@example.test"):
        response = client.post(
            f"{SHOP}/forgot",
            data={"email": email, "csrf_token": token(client, f"{SHOP}/forgot")},
            follow_redirects=True,
        )
        answers.append(response.get_data(as_text=True).replace(email, "EMAIL"))
        assert response.status_code == 200
    assert "If EMAIL has an account with us" in answers[0]
    assert answers[0] == answers[1]
    assert len(mailbox.messages) == 1  # only the real account got a mail


def test_a_bakery_shopper_is_nobody_on_bikes(demo):
    client = demo.test_client()
    # bakery's password means nothing on bikes' sign-in
    assert shopper_login(client, *SHOPPER, shop="bikes").status_code == 422
    assert shopper_login(client, *SHOPPER).status_code == 302
    assert client.get(f"{SHOP}/").status_code == 200
    # the bakery session is no account on bikes
    other = client.get("/storefront/bikes/account/")
    assert other.status_code == 302
    assert "/storefront/bikes/account/login" in other.headers["Location"]
    assert "Sign in" in client.get("/storefront/bikes/").get_data(as_text=True)
    assert "My account" in client.get("/storefront/bakery/").get_data(as_text=True)


def test_a_back_office_user_is_not_a_shopper(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    page = client.get(f"{SHOP}/")
    assert page.status_code == 302
    assert "/account/login" in page.headers["Location"]
    # their back-office password opens no shopper account
    assert shopper_login(client, "owner@bakery.test", "demo-vendor").status_code == 422
    # and a shopper cannot sign in to the back office
    other = demo.test_client()
    assert login(other, *SHOPPER).status_code == 422  # the form again, refused


def test_a_copied_session_cookie_is_dead_after_sign_out(demo):
    client = demo.test_client()
    assert shopper_login(client, *SHOPPER).status_code == 302
    cookie = client.get_cookie("session").value
    copy = demo.test_client()
    copy.set_cookie("session", cookie)
    assert copy.get(f"{SHOP}/").status_code == 200  # the copy works while signed in
    out = client.post(f"{SHOP}/logout", data={"csrf_token": token(client, f"{SHOP}/")})
    assert out.status_code == 302
    assert client.get(f"{SHOP}/").status_code == 302
    assert copy.get(f"{SHOP}/").status_code == 302  # the copy is signed out too


def test_sign_out_needs_the_csrf_token(demo):
    client = demo.test_client()
    shopper_login(client, *SHOPPER)
    assert client.post(f"{SHOP}/logout").status_code == 400
    assert client.get(f"{SHOP}/").status_code == 200


def signed_in(app):
    client = app.test_client()
    assert shopper_login(client, *SHOPPER).status_code == 302
    return client


ADDRESS = {
    "name": "Anna Muller",
    "street": "1, Hauptstrasse",
    "postcode": "10115",
    "city": "Berlin",
    "country": "DE",
}


def test_address_book_add_edit_default_delete(demo):
    client = signed_in(demo)
    page = f"{SHOP}/addresses"
    added = client.post(page, data={**ADDRESS, "csrf_token": token(client, page)})
    assert added.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "10115 Berlin" in html
    assert "Germany" in html
    ids = [int(i) for i in re.findall(r'data-address="(\d+)"', html)]
    assert len(ids) == 2
    new = max(ids)
    # Luxembourg's postcode is written L-1234
    edited = client.post(
        f"{page}/{new}",
        data={**ADDRESS, "country": "LU", "postcode": "2530", "city": "Luxembourg",
              "csrf_token": token(client, page)},
    )  # fmt: skip
    assert edited.status_code == 302
    assert "L-2530 Luxembourg" in client.get(page).get_data(as_text=True)
    made = client.post(f"{page}/{new}/default", data={"csrf_token": token(client, page)})
    assert made.status_code == 302
    with demo.app_context():
        default = db.session.scalar(
            sa.text("SELECT id FROM customers_address WHERE is_default = :t"), {"t": True}
        )
    assert default == new
    confirm = client.get(f"{page}/{new}/delete")
    assert "Delete this address?" in confirm.get_data(as_text=True)
    gone = client.post(f"{page}/{new}/delete", data={"csrf_token": token(client, page)})
    assert gone.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "L-2530" not in html
    assert len(re.findall(r'data-address="(\d+)"', html)) == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"postcode": "1234"}, "postcode", "This is not a postcode of this country"),
        ({"country": "LU", "postcode": "12345"}, "postcode", "for example L-1234"),
        ({"country": "FR", "postcode": "7500"}, "postcode", "for example 75001"),
        ({"country": "BE", "postcode": "0999"}, "postcode", "for example 1000"),
        ({"country": "XX"}, "country", "Please pick a country from the list."),
        ({"name": "x" * 201}, "name", "At most 200 characters"),
        ({"city": ""}, "city", "Please fill this in."),
    ],
)
def test_bad_addresses_answer_422_with_the_input_kept(demo, changes, field, message):
    client = signed_in(demo)
    page = f"{SHOP}/addresses"
    data = {**ADDRESS, **changes, "csrf_token": token(client, page)}
    response = client.post(page, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-errors"' in html
    assert 'value="1, Hauptstrasse"' in html  # what was typed stays
    with demo.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM customers_address")) == 1


def test_another_shoppers_address_is_404(demo, mailbox):
    with demo.app_context():
        other_id = db.session.scalar(sa.text("SELECT id FROM customers_address"))
    # a second shopper of bakery
    client = demo.test_client()
    register(client)
    (mail,) = mailbox.to("lena@example.test")
    (link,) = [path_of(u) for u in mailbox.links(mail) if "/confirm/" in u]
    client.post(link, data={"csrf_token": token(client, link)})
    assert shopper_login(client, "lena@example.test", "lena-password").status_code == 302
    page = f"{SHOP}/addresses"
    csrf = token(client, page)
    assert client.get(f"{page}/{other_id}").status_code == 404
    assert (
        client.post(f"{page}/{other_id}", data={**ADDRESS, "csrf_token": csrf}).status_code == 404
    )
    assert client.post(f"{page}/{other_id}/default", data={"csrf_token": csrf}).status_code == 404
    assert client.post(f"{page}/{other_id}/delete", data={"csrf_token": csrf}).status_code == 404
    with demo.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM customers_address")) == 1


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"first_name": "x" * 101}, "first_name", "At most 100 characters"),
        ({"email": "not-an-email"}, "email", "Please enter a valid e-mail address"),
        ({"email": "anna@localhost"}, "email", "Please enter a valid e-mail address"),
        ({"password": "short", "confirm": "short"}, "password", "At least 8 characters"),
        ({"confirm": "something-else"}, "confirm", "The passwords differ."),
        ({"language": "xx"}, "language", "Please pick one of the languages offered."),
    ],
)
def test_bad_sign_ups_answer_422_with_the_input_kept(demo, mailbox, fields, field, message):
    client = demo.test_client()
    response = register(client, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-errors"' in html
    assert 'value="Weber"' in html
    assert customer_row(demo, "lena@example.test") is None
    assert not mailbox.messages


def test_sign_up_without_csrf_token_is_refused(demo):
    client = demo.test_client()
    client.get(f"{SHOP}/register")
    response = client.post(
        f"{SHOP}/register",
        data={"first_name": "A", "last_name": "B", "email": "a@example.test", "password": "x" * 9},
    )
    assert response.status_code in (400, 422)
    assert customer_row(demo, "a@example.test") is None


def test_profile_change_keeps_input_on_error_and_needs_the_password_for_email(demo):
    client = signed_in(demo)
    page = f"{SHOP}/"
    data = {"first_name": "Annie", "last_name": "Muller", "email": "annie@example.test",
            "language": "fr", "csrf_token": token(client, page)}  # fmt: skip
    refused = client.post(page, data=data)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Please enter your current password to change e-mail." in html
    assert 'value="Annie"' in html
    saved = client.post(page, data={**data, "password": SHOPPER[1]})
    assert saved.status_code == 302
    row = customer_row(demo, "annie@example.test")
    assert (row["first_name"], row["language"]) == ("Annie", "fr")


def test_data_export_holds_the_shoppers_data(demo):
    client = signed_in(demo)
    response = client.get(f"{SHOP}/data")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["shop"] == "Boulangerie Bakery"
    assert data["account"]["email"] == SHOPPER[0]
    assert data["account"]["first_name"] == "Anna"
    assert "password_hash" not in json.dumps(data)
    (address,) = data["addresses"]
    assert (address["postcode"], address["city"], address["country"]) == (
        "L-1611",
        "Luxembourg",
        "LU",
    )
    assert data["orders_summary"]["order_count"] == 0


def test_deleting_the_account_anonymises_it(demo):
    client = signed_in(demo)
    page = f"{SHOP}/delete"
    wrong = client.post(page, data={"password": "nope-nope", "csrf_token": token(client, page)})
    assert wrong.status_code == 422
    done = client.post(page, data={"password": SHOPPER[1], "csrf_token": token(client, page)})
    assert done.status_code == 302
    assert customer_row(demo, SHOPPER[0]) is None
    with demo.app_context():
        row = db.session.execute(sa.text("SELECT * FROM customers_customer")).mappings().one()
        addresses = db.session.scalar(sa.text("SELECT count(*) FROM customers_address"))
    assert row["email"] == f"deleted-{row['id']}@deleted.invalid"
    assert (row["first_name"], row["last_name"], row["password_hash"]) == ("", "", None)
    assert row["deleted_at"] is not None
    assert addresses == 0
    assert client.get(f"{SHOP}/").status_code == 302  # signed out
    assert shopper_login(client, *SHOPPER).status_code == 422
    # the address may sign up again, as a new account
    assert register(client, email=SHOPPER[0]).status_code == 302


def test_deletion_announces_customers_customer_deleted_after_the_commit(demo):
    from wizamart.events import _signals

    heard = []

    def listener(event):
        heard.append((event.name, event.vendor_id, event.payload.customer_id))

    signal = _signals.signal("customers.customer_deleted")
    signal.connect(listener)
    try:
        client = signed_in(demo)
        page = f"{SHOP}/delete"
        client.post(page, data={"password": SHOPPER[1], "csrf_token": token(client, page)})
    finally:
        signal.disconnect(listener)
    with demo.app_context():
        row = db.session.execute(sa.text("SELECT id, vendor_id FROM customers_customer")).one()
    assert heard == [("customers.customer_deleted", row.vendor_id, row.id)]


def test_a_bikes_shopper_gets_404_for_a_bakery_address(demo, mailbox):
    """The same walk on the storefront: an address id of bakery's, in bikes' shop."""
    with demo.app_context():
        bakery_address = db.session.scalar(sa.text("SELECT id FROM customers_address"))
    client = demo.test_client()
    base = "/storefront/bikes/account"
    client.post(
        f"{base}/register",
        data={
            "first_name": "Bo",
            "last_name": "Bike",
            "email": "bo@example.test",
            "password": "bo-password",
            "confirm": "bo-password",
            "language": "en",
            "csrf_token": token(client, f"{base}/register"),
        },
    )
    (mail,) = mailbox.to("bo@example.test")
    (link,) = [path_of(u) for u in mailbox.links(mail) if "/confirm/" in u]
    assert link.startswith("/storefront/bikes/")
    client.post(link, data={"csrf_token": token(client, link)})
    assert shopper_login(client, "bo@example.test", "bo-password", shop="bikes").status_code == 302
    csrf = token(client, f"{base}/addresses")
    for suffix, method in (("", "get"), ("", "post"), ("/default", "post"), ("/delete", "post")):
        url = f"{base}/addresses/{bakery_address}{suffix}"
        response = getattr(client, method)(url, data={**ADDRESS, "csrf_token": csrf})
        assert response.status_code == 404, url
    # and bakery's confirmation link is nothing on bikes
    assert client.get(link.replace("/bikes/", "/bakery/")).status_code == 410
