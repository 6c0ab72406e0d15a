"""Forms of the customers module. CSRF comes from Flask-WTF's CSRFProtect, app-wide.

Forms carry the fields and the CSRF token; the rules (required, lengths, formats,
postcodes) live in the services, so one answer lists every problem (422, input kept).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo

from modules.customers.models import EMAIL_MAX, NAME_MAX
from modules.customers.services.addresses import LIMITS
from modules.customers.services.countries import country_choices
from modules.tenancy.schemas.forms import TenancyForm
from wizamart.i18n.locale import LANGUAGE_NAMES


def language_choices() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


class CustomersForm(TenancyForm):
    """values() and add_errors() of the tenancy forms; nothing refused by shape alone."""


def name_field(label):
    return StringField(label, render_kw={"maxlength": NAME_MAX, "autocomplete": "off"})


def email_field():
    return EmailField(_l("E-mail"), render_kw={"maxlength": EMAIL_MAX, "autocomplete": "email"})


class RegisterForm(CustomersForm):
    first_name = name_field(_l("First name"))
    last_name = name_field(_l("Last name"))
    email = email_field()
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", _l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    language = SelectField(_l("Language of our e-mails"), validate_choice=False)

    def set_choices(self, language: str) -> RegisterForm:
        self.language.choices = language_choices()
        if not self.language.data:
            self.language.data = language
        return self


class LoginForm(CustomersForm):
    email = email_field()
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "current-password"})


class ForgotForm(CustomersForm):
    email = email_field()


class ResetForm(CustomersForm):
    password = PasswordField(_l("New password"), render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", _l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ProfileForm(CustomersForm):
    first_name = name_field(_l("First name"))
    last_name = name_field(_l("Last name"))
    email = email_field()
    language = SelectField(_l("Language"), validate_choice=False)
    password = PasswordField(
        _l("Current password"),
        description=_l("Needed only to change your e-mail address."),
        render_kw={"autocomplete": "current-password"},
    )

    def set_choices(self) -> ProfileForm:
        self.language.choices = language_choices()
        return self


class PasswordForm(CustomersForm):
    current_password = PasswordField(
        _l("Current password"), render_kw={"autocomplete": "current-password"}
    )
    new_password = PasswordField(_l("New password"), render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new_password", _l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


def limited(label, name, **render_kw):
    return StringField(label, render_kw={"maxlength": LIMITS.get(name, 16), **render_kw})


class AddressForm(CustomersForm):
    name = limited(_l("Full name"), "name", autocomplete="name")
    company = limited(_l("Company (optional)"), "company", autocomplete="organization")
    street = limited(_l("Street and number"), "street", autocomplete="address-line1")
    street2 = limited(_l("Address line 2 (optional)"), "street2", autocomplete="address-line2")
    postcode = limited(_l("Postcode"), "postcode", autocomplete="postal-code")
    city = limited(_l("City"), "city", autocomplete="address-level2")
    country = SelectField(
        _l("Country"), validate_choice=False, render_kw={"autocomplete": "country"}
    )
    phone = limited(_l("Phone (optional)"), "phone", autocomplete="tel", type="tel")
    is_default = BooleanField(_l("My default address"))

    def set_choices(self) -> AddressForm:
        self.country.choices = country_choices()
        return self


class PasswordCheckForm(CustomersForm):
    """Deleting the account asks for the password once more."""

    password = PasswordField(_l("Your password"), render_kw={"autocomplete": "current-password"})


class EmptyForm(CustomersForm):
    """A button that POSTs: only the CSRF token."""


class SettingsForm(CustomersForm):
    vip_threshold = StringField(
        _l("VIP from a total spend of"), render_kw={"inputmode": "decimal", "maxlength": 14}
    )
