"""E-mail: messages rendered from templates in the recipient's language, sent by a job.

    from wizamart.mail import send_mail

    send_mail(
        f"customers.confirm:{customer.id}:{token.id}",  # the message's key: sent once
        to=customer.email,
        template="customers/mail/confirm",  # .txt (with a `subject` block) and .html
        language=customer.language,
        platform_id=vendor.platform_id,
        vendor_id=vendor.id,
        module="customers",
        context={"shop": vendor.name},  # values RQ can pickle (str, int, datetime...)
        links={"confirm": url_for(".confirm", token=secret)},  # paths: made absolute
    )

`send_mail` queues `deliver` on the `high` queue (inline without Redis, as every job).
`deliver` claims the key in the framework's `job_effect` table (`wizamart.jobs.once`)
before it sends, so a job that runs twice sends one mail; when sending fails the claim
is rolled back and the retry (3 attempts) sends it.

Links are made absolute on the platform's primary domain, asked of the tenancy backend
(`platform_domain`), never taken from a request's Host header (which the sender of a
request chooses). `WIZAMART_PUBLIC_SCHEME` and `WIZAMART_PUBLIC_PORT` complete them.

Without `WIZAMART_MAIL_HOST` (the demo) a mail is written to the log and, as a `.eml`
file, to `WIZAMART_MAIL_DIR` (instance/mail/); the log says so. See docs/mail.md.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app
from flask_babel import force_locale

from wizamart.jobs import JobRef, enqueue, once

log = logging.getLogger(__name__)

DELIVER = "wizamart.mail.deliver"
SENT = "sent"
ALREADY_SENT = "already sent"


class MailError(RuntimeError):
    """The SMTP server refused or could not be reached (the job retries)."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def send_mail(
    key: str,
    *,
    to: str,
    template: str,
    language: str,
    platform_id: int,
    module: str,
    vendor_id: int | None = None,
    context: dict | None = None,
    links: dict[str, str] | None = None,
) -> JobRef:
    """Queue one message to `to`; `key` names it (the same key is sent once, ever).

    Call it after the change that causes the mail is committed. A failure to queue is
    raised (JobStartError); without Redis the mail is delivered now, and a failure to
    send is logged, not raised: the user's action stands, and the log says what to fix.
    """
    return enqueue(
        DELIVER,
        key,
        to,
        template,
        language,
        platform_id,
        dict(context or {}),
        dict(links or {}),
        platform_id=platform_id,
        vendor_id=vendor_id,
        module=module,
        priority="high",
        attempts=3,
        retry_delays=(10, 60),
        job_id=job_id(key),
        report_inline_failure=True,
    )


def job_id(key: str) -> str:
    """An RQ job id for a message key (RQ allows letters, digits, `-` and `_`)."""
    return "mail-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)[:180]


def deliver(
    key: str,
    to: str,
    template: str,
    language: str,
    platform_id: int,
    context: dict,
    links: dict,
) -> str:
    """The job: render and send the message `key`, unless it was sent already."""
    with once(f"mail:{key}") as first:
        if not first:
            log.info("mail %s was sent already: not sent again", key)
            return ALREADY_SENT
        absolute = {name: public_url(platform_id, path) for name, path in links.items()}
        rendered = render_mail(template, language, {**context, "links": absolute})
        message = build_message(key, to, rendered)
        transport(message)
    return SENT


def render_mail(template: str, language: str, context: dict) -> Rendered:
    """Subject, text and HTML of `template` (`<template>.txt` with a `subject` block,
    `<template>.html`) in `language`."""
    env = current_app.jinja_env
    with force_locale(language):
        text_template = env.get_template(f"{template}.txt")
        variables = {"language": language, **context}
        subject_block = text_template.blocks.get("subject")
        if subject_block is None:
            raise LookupError(f"{template}.txt has no {{% block subject %}}")
        subject = "".join(subject_block(text_template.new_context(variables))).strip()
        text = text_template.render(variables)
        html = env.get_template(f"{template}.html").render({**variables, "subject": subject})
    return Rendered(" ".join(subject.split()), text.strip() + "\n", html)


def public_url(platform_id: int, path: str) -> str:
    """`path` on the platform's primary domain: the address mails may link to."""
    from wizamart.tenancy import tenancy_backend

    if not path.startswith("/"):
        raise ValueError(f"a mail link is a path of ours, not {path!r}")
    domain = tenancy_backend().platform_domain(platform_id)
    if domain is None:
        raise LookupError(f"platform {platform_id} has no domain: mail links need one")
    scheme = current_app.config["PUBLIC_SCHEME"]
    port = current_app.config.get("PUBLIC_PORT")
    default_port = {"https": 443, "http": 80}[scheme]
    host = domain if port in (None, default_port) else f"{domain}:{port}"
    return f"{scheme}://{host}{path}"


def build_message(key: str, to: str, rendered: Rendered) -> EmailMessage:
    message = EmailMessage()
    sender = current_app.config["MAIL_FROM"]
    message["From"] = sender
    message["To"] = to
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Wizamart-Key"] = key
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def transport(message: EmailMessage) -> None:
    """Send through the configured SMTP server, or write the message to the log and to
    MAIL_DIR when there is none."""
    config = current_app.config
    if not config.get("MAIL_HOST"):
        write_to_folder(message)
        return
    try:
        with smtp_connection(config) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"mail {message['X-Wizamart-Key']} not sent: {exc}") from exc
    log.info("mail %s sent to %s", message["X-Wizamart-Key"], message["To"])


def smtp_connection(config) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_HOST"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    security = config.get("MAIL_SECURITY", "starttls")
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def write_to_folder(message: EmailMessage) -> Path:
    """No SMTP server configured: the message goes to the log and to MAIL_DIR as .eml."""
    folder = Path(current_app.config["MAIL_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{job_id(message['X-Wizamart-Key'])}.eml"
    path.write_bytes(message.as_bytes())
    text = message.get_body(("plain",))
    log.warning(
        "WIZAMART_MAIL_HOST is not set: mail not sent, written to %s\nTo: %s\nSubject: %s\n\n%s",
        path,
        message["To"],
        message["Subject"],
        text.get_content() if text is not None else "",
    )
    return path


# -- `flask mail test ADDRESS`: is the SMTP server set up right? ----------------------------
def mail_cli():
    import click
    from flask.cli import AppGroup

    group = AppGroup("mail", help="E-mail (docs/mail.md).")

    @group.command("test")
    @click.argument("address")
    @click.option("--platform", "platform_code", help="Platform whose domain the link uses.")
    @click.option("--language", default=None, help="Language of the mail (en, fr, de, lb).")
    def test_command(address, platform_code, language):
        """Send a test mail to ADDRESS now, through the configured SMTP server."""
        import uuid

        from wizamart.tenancy import tenancy_backend

        backend = tenancy_backend()
        if platform_code:
            platform = backend.platform_by_code(platform_code)
        else:
            ids = backend.platform_ids()
            platform = backend.platform_by_id(ids[0]) if ids else None
        if platform is None:
            raise click.ClickException("no such platform")
        language = language or platform.default_language
        if language not in current_app.config["LANGUAGES"]:
            raise click.ClickException(f"unknown language {language!r}")
        try:
            deliver(
                f"mail.test:{uuid.uuid4().hex}",
                address,
                "mail/test",
                language,
                platform.id,
                {"platform": platform.name, "sent_at": datetime.now(UTC)},
                {"home": "/"},
            )
        except MailError as exc:
            raise click.ClickException(str(exc)) from None
        where = current_app.config.get("MAIL_HOST") or current_app.config["MAIL_DIR"]
        click.echo(f"Test mail to {address} handed to {where}.")

    return group
