"""E-mail (wizamart/mail.py): sent once per key, in the recipient's language, with links on
the platform's own domain; without an SMTP server, to the log and to .eml files."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import sqlalchemy as sa

from tests.conftest import main_id
from wizamart.extensions import db
from wizamart.mail import ALREADY_SENT, SENT, deliver, render_mail, send_mail

MOMENT = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)


def test_mail(app, key="t:1", language="en", to="shopper@example.test", links=None):
    return deliver(
        key,
        to,
        "mail/test",
        language,
        main_id(app),
        {"platform": "Wizamart Main", "sent_at": MOMENT},
        links or {"home": "/storefront/bakery/"},
    )


test_mail.__test__ = False  # a helper, not a test


def test_a_job_run_twice_sends_one_mail(demo, mailbox):
    with demo.test_request_context():
        assert test_mail(demo) == SENT
        assert test_mail(demo) == ALREADY_SENT
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == "shopper@example.test"
    assert message["Subject"] == "Test mail from Wizamart Main"
    assert message["X-Wizamart-Key"] == "t:1"
    # a text and an HTML part
    assert "the mail settings of Wizamart Main work" in mailbox.text(message)
    assert "<p>This is a test mail" in mailbox.html(message)
    with demo.app_context():
        keys = db.session.scalars(sa.text("SELECT key FROM job_effect")).all()
    assert keys == ["mail:t:1"]


def test_send_mail_queued_twice_inline_sends_once(demo, mailbox):
    with demo.test_request_context():
        for _ in range(2):
            ref = send_mail(
                "t:queued",
                to="a@example.test",
                template="mail/test",
                language="en",
                platform_id=main_id(demo),
                module="core",
                context={"platform": "Main", "sent_at": MOMENT},
                links={"home": "/"},
            )
            assert ref.status == "finished"
    assert len(mailbox.messages) == 1


def test_the_mail_speaks_the_recipients_language(demo, mailbox):
    with demo.test_request_context(headers={"Accept-Language": "en"}):
        test_mail(demo, "t:de", "de")
        test_mail(demo, "t:fr", "fr")
    german, french = mailbox.messages
    assert "Betrieben mit Wizamart" in mailbox.text(german)  # the catalog's German
    assert "27. November 2026" in mailbox.text(german)  # Babel's German date
    assert '<html lang="de">' in mailbox.html(german)
    assert "27 novembre 2026" in mailbox.text(french)


def test_links_use_the_platforms_domain_never_the_requests_host(demo, mailbox):
    demo.config["PUBLIC_PORT"] = 8443
    try:
        with demo.test_request_context(base_url="http://evil.example"):
            test_mail(demo, links={"home": "/storefront/bakery/account/confirm/abc"})
    finally:
        demo.config["PUBLIC_PORT"] = None
    (message,) = mailbox.messages
    links = mailbox.links(message)
    assert links == ["https://localhost:8443/storefront/bakery/account/confirm/abc"]
    assert "evil.example" not in message.as_string()
    assert 'href="https://localhost:8443/storefront/bakery/account/confirm/abc"' in (
        mailbox.html(message)
    )


def test_a_failed_send_can_be_retried(demo, smtp_server):
    """The SMTP server is down: the claim is rolled back, so the retry sends it."""
    host, port, box = smtp_server
    box.clear()
    demo.config.update(MAIL_HOST="127.0.0.1", MAIL_PORT=1, MAIL_SECURITY="none")
    try:
        with demo.test_request_context():
            try:
                test_mail(demo, "t:retry")
            except Exception as exc:  # MailError
                assert "not sent" in str(exc)
            else:
                raise AssertionError("a closed port accepted the mail")
            demo.config["MAIL_PORT"] = port
            assert test_mail(demo, "t:retry") == SENT
    finally:
        demo.config.update(MAIL_HOST=None, MAIL_PORT=587, MAIL_SECURITY="starttls")
    assert len(box.messages) == 1


def test_without_smtp_host_the_mail_goes_to_the_log_and_a_file(demo, tmp_path, caplog):
    demo.config["MAIL_DIR"] = tmp_path
    with demo.test_request_context():
        assert test_mail(demo, "t:log") == SENT
    (path,) = tmp_path.glob("*.eml")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["Subject"] == "Test mail from Wizamart Main"
    assert "WIZAMART_MAIL_HOST is not set" in caplog.text
    assert "the mail settings of Wizamart Main work" in caplog.text


def test_render_mail_subject_is_one_line(demo):
    with demo.test_request_context():
        rendered = render_mail(
            "mail/test", "en", {"platform": "A\nB", "sent_at": MOMENT, "links": {"home": "x"}}
        )
    assert rendered.subject == "Test mail from A B"


def test_flask_mail_test_command(demo, mailbox):
    result = demo.test_cli_runner().invoke(args=["mail", "test", "ops@example.test"])
    assert result.exit_code == 0, result.output
    assert "Test mail to ops@example.test" in result.output
    (message,) = mailbox.to("ops@example.test")
    assert mailbox.links(message) == ["https://localhost/"]
