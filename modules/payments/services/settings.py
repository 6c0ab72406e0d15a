"""A shop's payment settings: the methods it offers, its bank account, its Stripe keys.

Keys are write-only: a new value replaces the stored one (encrypted), an empty field
keeps it, "forget" removes it. Only their last four characters are ever shown.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from modules.payments.exceptions import Problems, SecretsUnavailable
from modules.payments.gateways import registered
from modules.payments.models import PaymentSettings
from modules.payments.services import iban as ibans
from modules.payments.services import secrets
from modules.payments.services.payments import gateway_on_platform, platform_of
from wizamart.extensions import db

SECRET_MAX = 255


def offered_gateways(vendor_id: int):
    """The gateways a shop of this platform may switch on (their module is enabled)."""
    platform_id = platform_of(vendor_id)
    return [gw for gw in registered() if gateway_on_platform(gw, platform_id)]


def save_settings(
    vendor_id: int,
    *,
    enabled_methods: list[str],
    bank_account_holder: str = "",
    bank_iban: str = "",
    bank_bic: str = "",
    stripe_secret_key: str = "",
    stripe_webhook_secret: str = "",
    forget_stripe_keys: bool = False,
) -> PaymentSettings:
    """Check everything, then write (ValidationFailed by field, nothing written). Does not
    commit."""
    problems = Problems()
    codes = {gw.code for gw in offered_gateways(vendor_id)}
    enabled = [code for code in dict.fromkeys(enabled_methods or []) if code in codes]
    if len(enabled) != len(set(enabled_methods or [])):
        problems.add("enabled_methods", _l("Choose among the methods offered."))
    holder = (bank_account_holder or "").strip()
    iban = ibans.normalise(bank_iban)
    bic = ibans.normalise(bank_bic)
    if len(holder) > 200:
        problems.add("bank_account_holder", _l("At most 200 characters."))
    if iban and not ibans.is_valid_iban(iban):
        problems.add("bank_iban", _l("This is not a valid IBAN: check the digits."))
    if bic and not ibans.is_valid_bic(bic):
        problems.add("bank_bic", _l("A BIC has 8 or 11 letters and digits."))
    if "bank_transfer" in enabled:
        if not iban and "bank_iban" not in problems:
            problems.add("bank_iban", _l("Bank transfers need the IBAN shoppers pay to."))
        if not holder:
            problems.add("bank_account_holder", _l("Bank transfers need the account holder."))
    row = db.session.get(PaymentSettings, vendor_id)
    secret_key = (stripe_secret_key or "").strip()
    webhook_secret = (stripe_webhook_secret or "").strip()
    if secret_key and (
        not secret_key.startswith(("sk_", "rk_"))
        or len(secret_key) > SECRET_MAX
        or " " in secret_key
    ):
        problems.add("stripe_secret_key", _l("A Stripe secret key starts with sk_ (or rk_)."))
    if webhook_secret and (
        not webhook_secret.startswith("whsec_") or len(webhook_secret) > SECRET_MAX
    ):
        problems.add("stripe_webhook_secret", _l("A webhook signing secret starts with whsec_."))
    has_key = bool(secret_key) or (
        row is not None and row.stripe_secret_key_encrypted and not forget_stripe_keys
    )
    has_hook = bool(webhook_secret) or (
        row is not None and row.stripe_webhook_secret_encrypted and not forget_stripe_keys
    )
    if "stripe" in enabled:
        if not has_key and "stripe_secret_key" not in problems:
            problems.add("stripe_secret_key", _l("Stripe needs the shop's secret key."))
        if not has_hook and "stripe_webhook_secret" not in problems:
            problems.add("stripe_webhook_secret", _l("Stripe needs the webhook signing secret."))
    encrypted = {}
    if not problems:
        try:
            for name, value in (("secret_key", secret_key), ("webhook_secret", webhook_secret)):
                if value:
                    encrypted[name] = (secrets.encrypt(value), secrets.last4(value))
        except SecretsUnavailable as exc:
            problems.add("", str(exc))
    problems.raise_if_any()
    if row is None:
        row = PaymentSettings(vendor_id=vendor_id)
        db.session.add(row)
    row.enabled_methods = enabled
    row.bank_account_holder = holder
    row.bank_iban = iban
    row.bank_bic = bic
    if forget_stripe_keys:
        row.stripe_secret_key_encrypted = row.stripe_webhook_secret_encrypted = None
        row.stripe_secret_key_last4 = row.stripe_webhook_secret_last4 = ""
    if "secret_key" in encrypted:
        row.stripe_secret_key_encrypted, row.stripe_secret_key_last4 = encrypted["secret_key"]
    if "webhook_secret" in encrypted:
        row.stripe_webhook_secret_encrypted, row.stripe_webhook_secret_last4 = encrypted[
            "webhook_secret"
        ]
    return row


def rotate_all() -> int:
    """Re-encrypt every stored secret with the first key of WIZAMART_SECRETS_KEY; the
    number of secrets rewritten. Does not commit."""
    count = 0
    for row in db.session.scalars(db.select(PaymentSettings)):
        for column in ("stripe_secret_key_encrypted", "stripe_webhook_secret_encrypted"):
            token = getattr(row, column)
            if token:
                setattr(row, column, secrets.rotate(token))
                count += 1
    return count
