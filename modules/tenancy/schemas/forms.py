"""Forms of the tenancy module. CSRF comes from Flask-WTF's CSRFProtect, app-wide.

Forms check shape (required, length, one of the offered choices); the rules (formats,
uniqueness, who may do what) live in the services, which the views call with
`form.values()`.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from modules.tenancy.services.passwords import MIN_PASSWORD_LENGTH
from wizamart.i18n.locale import LANGUAGE_NAMES


def optional_int(value):
    """Select values: "" (nothing picked) is None, anything else an id."""
    if value in (None, "", "None"):
        return None
    return int(value)


def language_choices() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes (rendered by the tenancy/macros.html `checkboxes` macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# Shape only: the services check presence and format, so one answer lists every problem.
REQUIRED = {"required": True}


class TenancyForm(FlaskForm):
    def values(self) -> dict:
        """Field data by name, for a service call (the CSRF token left out)."""
        return {name: f.data for name, f in self._fields.items() if name != "csrf_token"}

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        """Show a service's messages on their fields (other names: on the whole form)."""
        for name, messages in errors.items():
            field = self._fields.get(name)
            (field.errors if field is not None else self.form_errors).extend(messages)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=255)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1024)],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", _l("The passwords differ."))],
    )


# --- admin: platforms, companies, vendors, users ---------------------------------------


class PlatformForm(TenancyForm):
    code = StringField(
        _l("Code"),
        render_kw=REQUIRED,
        description=_l(
            "Lowercase letters, digits and hyphens. It is part of URLs and cannot change later."
        ),
    )
    name = StringField(_l("Name"), render_kw=REQUIRED)
    default_language = SelectField(_l("Default language"), render_kw=REQUIRED)
    domains = TextAreaField(
        _l("Domains"),
        validators=[Length(max=4000)],
        description=_l(
            "One a line, like shop.example.com. Requests to these hosts reach this platform."
        ),
        render_kw={"rows": 3},
    )
    is_default = BooleanField(
        _l("Default platform"),
        description=_l(
            "Hosts that match no domain reach the default platform. There is exactly one."
        ),
    )

    def set_choices(self) -> PlatformForm:
        self.default_language.choices = language_choices()
        return self


class EditPlatformForm(PlatformForm):
    code = None  # fixed once created

    @classmethod
    def for_platform(cls, platform) -> EditPlatformForm:
        """The form filled from `platform` (a POST's own values win)."""
        form = cls(
            data={
                "name": platform.name,
                "default_language": platform.default_language,
                "domains": "\n".join(platform.domain_names),
                "is_default": platform.is_default,
            }
        )
        return form.set_choices()


class CompanyForm(TenancyForm):
    legal_name = StringField(_l("Legal name"), render_kw=REQUIRED)
    vat_number = StringField(
        _l("VAT number"),
        validators=[Optional(), Length(max=32)],
        description=_l("Optional. Country code and number, like LU12345678."),
    )
    platform_id = SelectField(_l("Platform"), coerce=optional_int, render_kw=REQUIRED)

    def set_choices(self, platforms) -> CompanyForm:
        self.platform_id.choices = [(p.id, p.name) for p in platforms]
        return self


class VendorForm(TenancyForm):
    name = StringField(_l("Name"), render_kw=REQUIRED)
    vendor_code = StringField(
        _l("Vendor code"),
        render_kw=REQUIRED,
        description=_l(
            "Lowercase letters, digits and hyphens; unique on its platform. It is "
            "part of the shop's URLs."
        ),
    )
    platform_id = SelectField(_l("Platform"), coerce=optional_int, render_kw=REQUIRED)
    company_id = SelectField(_l("Company"), coerce=optional_int, render_kw=REQUIRED)
    is_active = BooleanField(
        _l("Active"),
        default=True,
        description=_l("A suspended vendor's shop is closed to shoppers."),
    )
    custom_domain = StringField(
        _l("Custom domain"),
        validators=[Optional(), Length(max=255)],
        description=_l("Optional. A host name that opens this vendor's shop directly."),
    )

    def set_choices(self, platforms, companies) -> VendorForm:
        if self.platform_id is not None:
            self.platform_id.choices = [(p.id, p.name) for p in platforms]
        by_platform: dict[str, list] = {}
        for company in companies:
            by_platform.setdefault(company.platform.name, []).append(
                (company.id, company.legal_name)
            )
        # One group per platform when there are several (a super admin's view).
        if len(by_platform) == 1:
            self.company_id.choices = next(iter(by_platform.values()))
        else:
            self.company_id.choices = by_platform
        return self


class EditVendorForm(VendorForm):
    platform_id = None  # a vendor stays on its platform


class UserForm(TenancyForm):
    email = EmailField(_l("Email"), render_kw=REQUIRED)
    role = SelectField(_l("Role"), render_kw=REQUIRED)
    platform_id = SelectField(
        _l("Platform"),
        coerce=optional_int,
        validators=[Optional()],
        description=_l("For platform admins: the platform they run."),
    )
    vendor_id = SelectField(
        _l("Vendor"),
        coerce=optional_int,
        validators=[Optional()],
        description=_l(
            "For vendor owners and staff: the shop whose team they join. The owner "
            "picks staff permissions on the shop's Team page."
        ),
    )
    translator_languages = MultiCheckboxField(
        _l("Languages to translate"), description=_l("For translators.")
    )
    language = SelectField(_l("Language of the back office"), render_kw=REQUIRED)
    is_active = BooleanField(
        _l("Active"), default=True, description=_l("Inactive users cannot sign in.")
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[Length(max=1024)],
        render_kw=REQUIRED,
        description=_l(
            "At least %(n)d characters. Tell it to the user; they can change it after signing in.",
            n=MIN_PASSWORD_LENGTH,
        ),
    )

    def set_choices(self, roles, platforms, vendors, translator_languages) -> UserForm:
        self.role.choices = roles
        self.platform_id.choices = [("", "—")] + [(p.id, p.name) for p in platforms]
        self.vendor_id.choices = [("", "—")] + [
            (v.id, f"{v.name} ({v.vendor_code}, {v.platform.name})") for v in vendors
        ]
        self.translator_languages.choices = [
            (code, LANGUAGE_NAMES.get(code, code)) for code in translator_languages
        ]
        self.language.choices = language_choices()
        return self


class EditUserForm(UserForm):
    password = PasswordField(
        _l("New password"),
        validators=[Length(max=1024)],
        description=_l(
            "Leave empty to keep the current one. A new password signs the user out everywhere."
        ),
    )

    @classmethod
    def for_user(cls, user) -> EditUserForm:
        """The form filled from `user` (a POST's own values win)."""
        from modules.tenancy.services.accounts import role_of

        role, vendor_id = role_of(user)
        return cls(
            data={
                "email": user.email,
                "role": role,
                "platform_id": user.platform_id,
                "vendor_id": vendor_id,
                "translator_languages": list(user.translator_languages or []),
                "language": user.language,
                "is_active": user.is_active,
            }
        )


# --- vendor: the team -------------------------------------------------------------------


class StaffPermissionsForm(TenancyForm):
    # The service says what is wrong with a permission (unknown, or not the editor's to give).
    permissions = MultiCheckboxField(_l("Permissions"), validate_choice=False)

    def set_choices(self, permissions) -> StaffPermissionsForm:
        self.permissions.choices = [(code, str(p.label)) for code, p in permissions.items()]
        return self


class InviteStaffForm(StaffPermissionsForm):
    email = EmailField(_l("Email"), render_kw=REQUIRED)


class ApiTokenForm(StaffPermissionsForm):
    """A new API token: its name, the permissions it carries, an optional last day."""

    name = StringField(
        _l("Name"),
        render_kw={**REQUIRED, "maxlength": 80},
        description=_l("What uses it, e.g. “Stock sync”."),
    )
    expires_on = DateField(
        _l("Valid until (optional)"),
        validators=[Optional()],
        description=_l("The token stops working after this day (UTC). Empty: until revoked."),
    )


class AcceptInvitationForm(FlaskForm):
    password = PasswordField(
        _l("Choose a password"),
        validators=[DataRequired(), Length(max=1024)],
        description=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )
