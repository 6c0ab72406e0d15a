"""The payments module: the service's state machine and refund limits, Stripe against a
local fake server (what it received), the webhook (signature, replay, out of order,
another shop's URL), secrets at rest, the vendor pages and their permissions."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_token
from wizamart.extensions import db
from wizamart.money import Money

SECRET_KEY = "sk_test_51Abcdefghijklmnopqrstuvwxyz0123456789SECRETkey4242"
WEBHOOK_SECRET = "whsec_test_0123456789abcdefghijklmnopqrstuvWHSEC9999"
BIKES_WEBHOOK_SECRET = "whsec_test_bikes_0123456789abcdefghijklmnopBIKE1111"
HOOK = "/api/v1/storefront/{vendor}/payments/stripe/webhook"


# -- a fake Stripe API on 127.0.0.1 ---------------------------------------------------
class FakeStripe:
    """Records every request (method, path, headers, form fields) and answers with the
    JSON shapes of Checkout Sessions and Refunds; `fail_next` answers one error."""

    def __init__(self):
        self.requests: list[dict] = []
        self.fail_next: tuple[int, dict] | None = None
        self.refund_status = "succeeded"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                fake.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "form": dict(parse_qsl(raw, keep_blank_values=True)),
                    }
                )
                if fake.fail_next is not None:
                    status, body = fake.fail_next
                    fake.fail_next = None
                    return self.answer(status, body)
                n = len(fake.requests)
                if self.command == "POST" and self.path == "/v1/checkout/sessions":
                    return self.answer(
                        200,
                        {
                            "id": f"cs_test_{n}",
                            "object": "checkout.session",
                            "url": f"https://checkout.stripe.test/pay/cs_test_{n}",
                            "payment_intent": None,
                            "payment_status": "unpaid",
                        },
                    )
                if self.command == "GET" and self.path.startswith("/v1/checkout/sessions/"):
                    session = self.path.rsplit("/", 1)[1]
                    return self.answer(
                        200,
                        {"id": session, "object": "checkout.session", "payment_intent": "pi_1"},
                    )
                if self.command == "POST" and self.path == "/v1/refunds":
                    form = fake.requests[-1]["form"]
                    return self.answer(
                        200,
                        {
                            "id": f"re_test_{n}",
                            "object": "refund",
                            "amount": int(form["amount"]),
                            "status": fake.refund_status,
                        },
                    )
                return self.answer(404, {"error": {"message": "unknown", "type": "invalid"}})

            do_GET = do_POST = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def of(self, method, path):
        return [r for r in self.requests if r["method"] == method and r["path"] == path]


@pytest.fixture
def stripe_api(demo):
    fake = FakeStripe()
    saved = demo.config.get("PAYMENTS_STRIPE_API_BASE")
    demo.config.update(PAYMENTS_STRIPE_API_BASE=fake.url, PAYMENTS_STRIPE_MAX_RETRIES=0)
    try:
        yield fake
    finally:
        demo.config.pop("PAYMENTS_STRIPE_MAX_RETRIES", None)
        if saved is None:
            demo.config.pop("PAYMENTS_STRIPE_API_BASE", None)
        else:
            demo.config["PAYMENTS_STRIPE_API_BASE"] = saved
        fake.stop()


# -- helpers ----------------------------------------------------------------------------
def vendor_id(code: str) -> int:
    from modules.tenancy.services.access import access

    return access.vendor_by_code(access.platform_by_code("main").id, code).id


def set_up(app, code="bakery", methods=("bank_transfer", "cash_on_delivery", "stripe"), hook=None):
    from modules.payments.services.settings import save_settings

    with app.app_context():
        save_settings(
            vendor_id(code),
            enabled_methods=list(methods),
            bank_account_holder="Boulangerie Bakery",
            bank_iban="LU28 0019 4006 4475 0000",
            stripe_secret_key=SECRET_KEY,
            stripe_webhook_secret=hook or WEBHOOK_SECRET,
        )
        db.session.commit()


def start(app, method="bank_transfer", amount="42.50", code="bakery", ref="A-1001"):
    from modules.payments.services import payments

    with app.test_request_context():
        started = payments.start_payment(
            vendor_id(code),
            ref,
            7,
            Money(amount, "EUR"),
            method,
            "anna@example.test",
            "https://shop.test/ok?session={CHECKOUT_SESSION_ID}",
            "https://shop.test/cancelled",
        )
        db.session.commit()
        return started.payment.id, started.next


def payment_row(app, payment_id):
    from modules.payments.models import Payment

    with app.app_context():  # through the model: Numeric columns read as exact Decimals
        return db.session.execute(
            sa.select(
                Payment.state,
                Payment.amount,
                Payment.refunded,
                Payment.external_id,
                Payment.external_payment_id,
            ).where(Payment.id == payment_id)
        ).one()


@contextmanager
def heard(*names):
    from wizamart.events import _signals

    found = []

    def listener(event):
        found.append((event.name, event.payload.model_dump()))

    for name in names:
        _signals.signal(name).connect(listener)
    try:
        yield found
    finally:
        for name in names:
            _signals.signal(name).disconnect(listener)


def signed(payload: dict, secret=WEBHOOK_SECRET, timestamp=None) -> tuple[str, str]:
    body = json.dumps(payload)
    ts = int(timestamp or time.time())
    mac = hmac.new(secret.encode(), f"{ts}.{body}".encode(), hashlib.sha256).hexdigest()
    return body, f"t={ts},v1={mac}"


def stripe_event(event_id, kind, session_id, amount=4250, status="paid", pi="pi_1"):
    return {
        "id": event_id,
        "object": "event",
        "type": kind,
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "data": {
            "object": {
                "id": session_id,
                "object": "checkout.session",
                "amount_total": amount,
                "currency": "eur",
                "payment_status": status,
                "payment_intent": pi,
            }
        },
    }


def post_hook(client, payload, vendor="bakery", secret=WEBHOOK_SECRET, header=None):
    body, signature = signed(payload, secret)
    headers = {"Content-Type": "application/json"}
    if header is not False:
        headers["Stripe-Signature"] = header or signature
    return client.post(HOOK.format(vendor=vendor), data=body, headers=headers)


def events_count(app):
    with app.app_context():
        return db.session.scalar(sa.text("SELECT count(*) FROM payments_event"))


# -- the service ----------------------------------------------------------------------
def test_bank_transfer_waits_for_the_vendor_then_refunds_within_the_paid_amount(demo):
    from modules.payments.exceptions import PaymentsError, ValidationFailed
    from modules.payments.services import payments

    set_up(demo)
    payment_id, step = start(demo)
    assert step.kind == "instructions"
    assert ("IBAN", "LU28 0019 4006 4475 0000") in step.lines
    assert ("Reference", "A-1001") in step.lines
    assert payment_row(demo, payment_id).state == "pending"
    with demo.test_request_context():
        bakery = vendor_id("bakery")
        with pytest.raises(PaymentsError):  # nothing to refund before it is paid
            payments.refund(bakery, payment_id, "1", "", None)
        with heard("payments.payment_succeeded") as found:
            payments.mark_paid(bakery, payment_id, None)
            db.session.commit()
        assert found == [
            (
                "payments.payment_succeeded",
                {
                    "payment_id": payment_id,
                    "order_ref": "A-1001",
                    "order_id": 7,
                    "method": "bank_transfer",
                    "amount": "42.50",
                    "currency": "EUR",
                },
            )
        ]
        with pytest.raises(PaymentsError):  # once only
            payments.mark_paid(bakery, payment_id, None)
        db.session.rollback()
        for bad in ("-1", "0", "abc", "42.51", "1.001", "1e3"):
            with pytest.raises(ValidationFailed) as refused:
                payments.refund(bakery, payment_id, bad, "", None)
            assert "amount" in refused.value.errors, bad
            db.session.rollback()
        with heard("payments.payment_refunded") as found:
            payments.refund(bakery, payment_id, "10.10", "broken bread", None)
            payments.refund(bakery, payment_id, Money("22.30", "EUR"), "", None)
        assert [p["refunded_total"] for _, p in found] == ["10.10", "32.40"]
        assert not found[-1][1]["fully_refunded"]
        with pytest.raises(ValidationFailed) as refused:  # 10.10 is left, not 10.11
            payments.refund(bakery, payment_id, "10.11", "", None)
        assert "10.10" in refused.value.errors["amount"][0]
        db.session.rollback()
        payments.refund(bakery, payment_id, "10.10", "", None)
    row = payment_row(demo, payment_id)
    assert row.state == "refunded"
    assert row.refunded == Decimal("42.50") == row.amount  # exact: 10.10 + 22.30 + 10.10


def test_only_offered_methods_start_and_another_shop_never_finds_the_payment(demo):
    from modules.payments.exceptions import PaymentsError, ValidationFailed
    from modules.payments.services import payments

    set_up(demo, methods=("cash_on_delivery",))
    with demo.test_request_context():
        offered = payments.available_methods(vendor_id("bakery"), Money("5", "EUR"))
        assert [m.code for m in offered] == ["cash_on_delivery"]
        assert payments.available_methods(vendor_id("bikes"), Money("5", "EUR")) == []
    with pytest.raises(ValidationFailed):
        start(demo, method="bank_transfer")
    payment_id, step = start(demo, method="cash_on_delivery")
    assert step.kind == "instructions"
    with demo.test_request_context():
        assert payments.get_payment(vendor_id("bikes"), payment_id) is None
        with pytest.raises(PaymentsError):
            payments.mark_paid(vendor_id("bikes"), payment_id, None)
    assert payment_row(demo, payment_id).state == "pending"


# -- Stripe against the fake server --------------------------------------------------
def test_stripe_checkout_session_carries_cents_currency_and_return_urls(demo, stripe_api):
    set_up(demo)
    payment_id, step = start(demo, method="stripe", amount="12.34")
    [sent] = stripe_api.of("POST", "/v1/checkout/sessions")
    form = sent["form"]
    assert form["line_items[0][price_data][unit_amount]"] == "1234"
    assert form["line_items[0][price_data][currency]"] == "eur"
    assert form["success_url"] == "https://shop.test/ok?session={CHECKOUT_SESSION_ID}"
    assert form["cancel_url"] == "https://shop.test/cancelled"
    assert form["mode"] == "payment"
    assert form["customer_email"] == "anna@example.test"
    assert form["metadata[payment_id]"] == str(payment_id)
    assert sent["headers"]["Authorization"] == f"Bearer {SECRET_KEY}"
    assert sent["headers"]["Idempotency-Key"] == f"wizamart-payment-{payment_id}"
    assert step.kind == "redirect"
    assert step.url == "https://checkout.stripe.test/pay/cs_test_1"
    assert payment_row(demo, payment_id).external_id == "cs_test_1"


def test_a_stripe_refusal_is_a_message_and_leaves_nothing(demo, stripe_api):
    from modules.payments.exceptions import GatewayError

    set_up(demo)
    stripe_api.fail_next = (
        401,
        {"error": {"message": "Invalid API Key provided", "type": "invalid_request_error"}},
    )
    with pytest.raises(GatewayError) as refused:
        start(demo, method="stripe")
    assert "secret key" in str(refused.value)
    with demo.app_context():
        db.session.rollback()
        assert (
            db.session.scalar(
                sa.text("SELECT count(*) FROM payments_payment WHERE order_ref = 'A-1001'")
            )
            == 0
        )


def test_webhook_pays_once_and_announces_it(demo, stripe_api):
    set_up(demo)
    payment_id, _ = start(demo, method="stripe", amount="42.50")
    client = demo.test_client()
    event = stripe_event("evt_1", "checkout.session.completed", "cs_test_1")
    with heard("payments.payment_succeeded") as found:
        answer = post_hook(client, event)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json() == {"received": True, "outcome": "paid"}
    assert [p["payment_id"] for _, p in found] == [payment_id]
    row = payment_row(demo, payment_id)
    assert (row.state, row.external_payment_id) == ("paid", "pi_1")
    # a replay: 200, nothing changed twice, no second announcement
    with heard("payments.payment_succeeded") as again:
        replay = post_hook(client, event)
    assert replay.status_code == 200
    assert replay.get_json()["outcome"] == "replay"
    assert again == []
    assert events_count(demo) == 1
    # out of order: the session's expiry after it was paid changes nothing
    late = post_hook(client, stripe_event("evt_2", "checkout.session.expired", "cs_test_1"))
    assert late.get_json()["outcome"] == "ignored"
    assert payment_row(demo, payment_id).state == "paid"


@pytest.mark.parametrize(
    "header",
    [False, "t=1,v1=deadbeef", "garbage", "wrong-secret"],
    ids=["missing", "bad-mac", "garbage", "other-secret"],
)
def test_a_bad_or_missing_signature_is_400_and_changes_nothing(demo, stripe_api, header):
    set_up(demo)
    payment_id, _ = start(demo, method="stripe")
    event = stripe_event("evt_bad", "checkout.session.completed", "cs_test_1")
    if header == "wrong-secret":
        answer = post_hook(demo.test_client(), event, secret="whsec_not_the_shops_secret")
    else:
        answer = post_hook(demo.test_client(), event, header=header)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"]
    assert payment_row(demo, payment_id).state == "pending"
    assert events_count(demo) == 0


def test_another_shops_webhook_url_cannot_touch_this_shops_payment(demo, stripe_api):
    set_up(demo)
    set_up(demo, "bikes", methods=("stripe",), hook=BIKES_WEBHOOK_SECRET)
    payment_id, _ = start(demo, method="stripe")
    client = demo.test_client()
    event = stripe_event("evt_x", "checkout.session.completed", "cs_test_1")
    # signed with bakery's secret at bikes' URL: not bikes' provider
    assert post_hook(client, event, vendor="bikes").status_code == 400
    # signed with bikes' own secret, naming bakery's session: found nowhere in bikes
    answer = post_hook(client, event, vendor="bikes", secret=BIKES_WEBHOOK_SECRET)
    assert answer.get_json()["outcome"] == "ignored"
    assert payment_row(demo, payment_id).state == "pending"
    # and the same event id cannot be replayed into bakery afterwards
    assert post_hook(client, event).get_json()["outcome"] == "replay"


def test_a_webhook_with_another_amount_changes_nothing(demo, stripe_api):
    set_up(demo)
    payment_id, _ = start(demo, method="stripe", amount="42.50")
    event = stripe_event("evt_m", "checkout.session.completed", "cs_test_1", amount=100)
    assert post_hook(demo.test_client(), event).get_json()["outcome"] == "mismatch"
    assert payment_row(demo, payment_id).state == "pending"


def test_stripe_refunds_go_through_the_api_in_cents(demo, stripe_api, login_as):
    set_up(demo)
    payment_id, _ = start(demo, method="stripe", amount="42.50")
    post_hook(demo.test_client(), stripe_event("evt_p", "checkout.session.completed", "cs_test_1"))
    client = login_as(demo.test_client(), "bakery_owner")
    page = f"/vendor/bakery/payments/{payment_id}"
    token = csrf_token(client, page)
    answer = client.post(
        f"{page}/refund", data={"amount": "12,30", "reason": "late", "csrf_token": token}
    )
    assert answer.status_code == 302
    [sent] = stripe_api.of("POST", "/v1/refunds")
    assert sent["form"]["amount"] == "1230"
    assert sent["form"]["payment_intent"] == "pi_1"
    assert sent["headers"]["Idempotency-Key"].startswith("wizamart-refund-")
    shown = client.get(page).get_data(as_text=True)
    assert "Partially refunded" in shown and "late" in shown
    # a refusal by Stripe: a message, nothing recorded
    stripe_api.fail_next = (400, {"error": {"message": "Charge already refunded", "type": "x"}})
    refused = client.post(f"{page}/refund", data={"amount": "1", "csrf_token": token})
    assert refused.status_code == 502
    assert "Charge already refunded" in refused.get_data(as_text=True)
    row = payment_row(demo, payment_id)
    assert (row.state, row.refunded) == ("partially_refunded", Decimal("12.30"))


# -- secrets and settings -----------------------------------------------------------------
def test_keys_are_encrypted_at_rest_and_never_shown_again(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    page = "/vendor/bakery/payments/settings"
    answer = client.post(
        page,
        data={
            "enabled_methods": ["stripe", "bank_transfer"],
            "bank_account_holder": "Boulangerie Bakery",
            "bank_iban": "lu28 0019 4006 4475 0000",
            "stripe_secret_key": SECRET_KEY,
            "stripe_webhook_secret": WEBHOOK_SECRET,
            "csrf_token": csrf_token(client, page),
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    with demo.app_context():
        raw = " ".join(
            str(v) for v in db.session.execute(sa.text("SELECT * FROM payments_settings")).one()
        )
    assert SECRET_KEY not in raw and WEBHOOK_SECRET not in raw
    assert SECRET_KEY[-20:] not in raw
    shown = client.get(page).get_data(as_text=True)
    assert SECRET_KEY not in shown and WEBHOOK_SECRET not in shown
    assert "•••• 4242" in shown and "•••• 9999" in shown
    assert "/api/v1/storefront/bakery/payments/stripe/webhook" in shown
    # an empty field keeps the saved key; the decrypted key is the one typed
    from modules.payments.services import secrets
    from modules.payments.services.payments import settings_for

    client.post(
        page,
        data={
            "enabled_methods": ["stripe"],
            "csrf_token": csrf_token(client, page),
        },
    )
    with demo.test_request_context():
        saved = settings_for(vendor_id("bakery"))
        assert saved.enabled_methods == ["stripe"]
        assert secrets.decrypt(saved.stripe_secret_key_encrypted) == SECRET_KEY


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"bank_iban": "LU28 0019 4006 4475 0001"}, "bank_iban", "not a valid IBAN"),
        ({"enabled_methods": ["bank_transfer"]}, "bank_iban", "need the IBAN"),
        ({"enabled_methods": ["stripe"]}, "stripe_secret_key", "secret key"),
        ({"stripe_secret_key": "pk_live_oops"}, "stripe_secret_key", "starts with sk_"),
        ({"enabled_methods": ["paypal"]}, "enabled_methods", "methods offered"),
    ],
)
def test_bad_settings_are_422_with_the_message_and_nothing_saved(
    demo, login_as, data, field, message
):
    client = login_as(demo.test_client(), "bakery_owner")
    page = "/vendor/bakery/payments/settings"
    answer = client.post(page, data={**data, "csrf_token": csrf_token(client, page)})
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert message in html
    assert "pk_live_oops" not in html  # a secret field never echoes what was typed
    with demo.app_context():
        bakery = vendor_id("bakery")
        enabled = db.session.scalar(
            sa.text("SELECT enabled_methods FROM payments_settings WHERE vendor_id = :v"),
            {"v": bakery},
        )
    assert "stripe" not in (enabled or "") and "paypal" not in (enabled or "")


# -- pages -------------------------------------------------------------------------------
def test_list_filters_searches_and_opens_payments_of_the_shop_only(demo, login_as):
    set_up(demo)
    start(demo, ref="ZZ-7")
    client = login_as(demo.test_client(), "bakery_owner")
    listing = client.get("/vendor/bakery/payments/").get_data(as_text=True)
    assert "DEMO-1001" in listing and "ZZ-7" in listing
    found = client.get("/vendor/bakery/payments/?q=zz-").get_data(as_text=True)
    assert "ZZ-7" in found and "DEMO-1001" not in found
    paid = client.get("/vendor/bakery/payments/?state=paid").get_data(as_text=True)
    assert "DEMO-1002" in paid and "DEMO-1001" not in paid
    bikes = login_as(demo.test_client(), "bikes_owner")
    with demo.app_context():
        bakery_payment = db.session.scalar(sa.text("SELECT min(id) FROM payments_payment"))
    assert bikes.get(f"/vendor/bikes/payments/{bakery_payment}").status_code == 404
    assert "DEMO-1001" not in bikes.get("/vendor/bikes/payments/").get_data(as_text=True)


def test_mark_paid_and_refund_through_the_pages(demo, login_as):
    set_up(demo)
    payment_id, _ = start(demo, amount="20.00")
    client = login_as(demo.test_client(), "bakery_owner")
    page = f"/vendor/bakery/payments/{payment_id}"
    confirm = client.get(f"{page}/mark-paid").get_data(as_text=True)
    assert "Mark the payment for order A-1001 paid?" in confirm
    token = csrf_token(client, page)
    assert client.post(f"{page}/mark-paid", data={"csrf_token": token}).status_code == 302
    assert payment_row(demo, payment_id).state == "paid"
    for bad, message in [
        ("-5", "cannot be negative"),
        ("twenty", "Enter an amount like 12.50"),
        ("20.01", "At most 20.00 EUR can be refunded"),
        ("", "Enter an amount"),
    ]:
        refused = client.post(f"{page}/refund", data={"amount": bad, "csrf_token": token})
        assert refused.status_code == 422, bad
        assert message in refused.get_data(as_text=True), bad
    assert payment_row(demo, payment_id).state == "paid"
    done = client.post(f"{page}/refund", data={"amount": "20", "csrf_token": token})
    assert done.status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert 'data-state="refunded"' in shown
    assert 'data-action="refund"' not in shown  # nothing left to refund: no form


def test_staff_without_the_permissions_read_only(demo, login_as):
    from modules.tenancy.models import User, VendorMembership

    set_up(demo)
    payment_id, _ = start(demo)
    with demo.app_context():
        staff = db.session.scalar(sa.select(User).where(User.email == "staff@bakery.test"))
        membership = db.session.scalar(
            sa.select(VendorMembership).where(VendorMembership.user_id == staff.id)
        )
        membership.permissions = ["payments.view"]
        db.session.commit()
    client = login_as(demo.test_client(), "bakery_staff")
    page = client.get(f"/vendor/bakery/payments/{payment_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-action="mark-paid"' not in html and 'data-action="refund"' not in html
    assert 'data-action="payment-settings"' not in client.get("/vendor/bakery/payments/").get_data(
        as_text=True
    )
    token = csrf_token(client, f"/vendor/bakery/payments/{payment_id}")
    assert client.get("/vendor/bakery/payments/settings").status_code == 403
    assert (
        client.post(
            f"/vendor/bakery/payments/{payment_id}/mark-paid", data={"csrf_token": token}
        ).status_code
        == 403
    )
    assert payment_row(demo, payment_id).state == "pending"
