"""Forms of the inventory pages. They check shape (a whole number, one of the offered
choices); the rules (never below reserved, limits, one of the vendor's locations) live
in the services, whose messages the views show on the same fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import ValidationError

from modules.inventory.services.stock import ADJUST_REASONS, MAX_QUANTITY, REASONS


def whole_number(text, *, signed=False, optional=False) -> int | None:
    """A whole number typed by a person ("+5", " 12 ", "-3"), or ValidationError."""
    text = (text or "").strip().replace("\u2212", "-")  # a typographic minus
    if not text and optional:
        return None
    sign = text[:1] if text[:1] in "+-" else ""
    digits = text[len(sign) :]
    if not digits.isascii() or not digits.isdigit() or (sign == "-" and not signed):
        raise ValidationError(_l("Enter a whole number."))
    if len(digits) > 10:  # beyond any stock figure; the service names the limit
        return MAX_QUANTITY + 1
    return -int(digits) if sign == "-" else int(digits)


class InventoryForm(FlaskForm):
    def add_errors(self, errors: dict[str, list[str]]) -> None:
        """Show a service's messages on their fields (other names: on the whole form)."""
        for name, messages in errors.items():
            field = self._fields.get(name)
            (field.errors if field is not None else self.form_errors).extend(messages)


class NumberField(StringField):
    """Text typed as a whole number; `.number` holds it once validated."""

    def __init__(self, *args, signed=False, optional=False, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(*args, **kwargs)
        self.signed, self.optional = signed, optional
        self.number = None

    def pre_validate(self, form):
        self.number = whole_number(self.data, signed=self.signed, optional=self.optional)


class LocationChoiceField(SelectField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("validate_choice", True)
        super().__init__(*args, **kwargs)
        self.type = "SelectField"  # styled as one by macros/forms.html

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(_l("Choose one of your locations."))

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


def with_locations(form, locations):
    for name in ("location", "source", "target"):
        if name in form._fields:
            form._fields[name].choices = [(loc.id, loc.name) for loc in locations]
    return form


class AdjustForm(InventoryForm):
    location = LocationChoiceField(_l("Location"))
    delta = NumberField(
        _l("Change"), signed=True, description=_l("+5 adds five, -2 takes two away.")
    )
    reason = SelectField(
        _l("Reason"),
        choices=[(code, REASONS[code]) for code in ADJUST_REASONS],
        validate_choice=False,  # validate_reason says it in our words
    )
    note = StringField(_l("Note (optional)"))

    def validate_reason(self, field):
        if field.data not in ADJUST_REASONS:
            raise ValidationError(_l("Choose a reason from the list."))


class CountForm(InventoryForm):
    location = LocationChoiceField(_l("Location"))
    on_hand = NumberField(_l("Counted on hand"))
    note = StringField(_l("Note (optional)"))


class TransferForm(InventoryForm):
    source = LocationChoiceField(_l("From"))
    target = LocationChoiceField(_l("To"))
    quantity = NumberField(_l("Quantity"))
    note = StringField(_l("Note (optional)"))


class ThresholdForm(InventoryForm):
    threshold = NumberField(
        _l("Low-stock threshold"),
        optional=True,
        description=_l("Listed as low stock at or below this many available. Empty: never."),
    )


class LocationForm(InventoryForm):
    name = StringField(_l("Name"))
    code = StringField(_l("Code"), description=_l("Short, unique: letters, digits, - and _."))
