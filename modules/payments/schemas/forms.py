"""Forms of the payments module. CSRF comes from Flask-WTF's CSRFProtect, app-wide.

Forms carry the fields and the token; the rules live in the services, so one answer
lists every problem (422, input kept). Secret fields never carry a value back.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, TextAreaField

from modules.payments.models import REASON_MAX
from modules.tenancy.schemas.forms import MultiCheckboxField, TenancyForm


class PaymentsForm(TenancyForm):
    """values() and add_errors() of the tenancy forms; nothing refused by shape alone."""


class SettingsForm(PaymentsForm):
    enabled_methods = MultiCheckboxField(_l("Payment methods offered"), validate_choice=False)
    bank_account_holder = StringField(_l("Account holder"), render_kw={"maxlength": 200})
    bank_iban = StringField(
        _l("IBAN"), render_kw={"maxlength": 42, "autocomplete": "off", "spellcheck": "false"}
    )
    bank_bic = StringField(_l("BIC (optional)"), render_kw={"maxlength": 14})
    # Write-only: rendered empty every time (PasswordField does not echo its data).
    stripe_secret_key = PasswordField(
        _l("Stripe secret key"), render_kw={"autocomplete": "off", "maxlength": 255}
    )
    stripe_webhook_secret = PasswordField(
        _l("Stripe webhook signing secret"), render_kw={"autocomplete": "off", "maxlength": 255}
    )
    forget_stripe_keys = BooleanField(_l("Forget the saved Stripe keys"))

    def set_choices(self, gateways) -> SettingsForm:
        self.enabled_methods.choices = [(gw.code, gw.label) for gw in gateways]
        return self


class RefundForm(PaymentsForm):
    amount = StringField(
        _l("Amount to refund"), render_kw={"inputmode": "decimal", "maxlength": 14}
    )
    reason = TextAreaField(_l("Reason (optional)"), render_kw={"maxlength": REASON_MAX, "rows": 2})


class EmptyForm(PaymentsForm):
    """A button that POSTs: only the CSRF token."""
