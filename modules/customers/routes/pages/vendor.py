"""The shop's customers in its back office: /vendor/<vendor_code>/customers/...

The list (search by name or e-mail, segments, sorts, pages) and a customer's page.
`customers.view` opens both; `customers.edit` changes the shop's customer settings.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from modules.customers.config import setting
from modules.customers.exceptions import ValidationFailed
from modules.customers.models import Customer, utcnow
from modules.customers.schemas.forms import SettingsForm
from modules.customers.services import settings as settings_service
from modules.customers.services.countries import country_name
from modules.customers.services.listing import (
    CUSTOMERS,
    DORMANT_DAYS,
    NEW_DAYS,
    REPEAT_ORDERS,
    customer_rows,
)
from modules.customers.services.tokens import as_utc
from wizamart.auth import has_permission, permission_required
from wizamart.extensions import db
from wizamart.htmx import render
from wizamart.lists import render_list
from wizamart.money import Money
from wizamart.scoping import get_for_vendor_or_404

router = Blueprint("customers_vendor", __name__)


def money(amount) -> Money:
    return Money(amount, setting("currency"))


def segments_of(customer: Customer, vip: object) -> list[str]:
    """The segments a customer is in, by the list's rules (services/listing.py)."""
    now, found = utcnow(), []
    if as_utc(customer.created_at) >= now - timedelta(days=NEW_DAYS):
        found.append("new")
    if customer.order_count >= REPEAT_ORDERS:
        found.append("repeat")
    if customer.total_spent >= vip:
        found.append("vip")
    if customer.last_order_at and as_utc(customer.last_order_at) < now - timedelta(
        days=DORMANT_DAYS
    ):
        found.append("dormant")
    return found


@router.route("/customers/")
@permission_required("customers.view")
def customers():
    return render_list(
        "customers/vendor/customers.html",
        CUSTOMERS,
        customer_rows(),
        money=money,
        page_title=_("Customers"),
        can_edit=has_permission("customers.edit"),
    )


@router.route("/customers/<int:customer_id>")
@permission_required("customers.view")
def customer(customer_id):
    row = get_for_vendor_or_404(Customer, customer_id, options=(selectinload(Customer.addresses),))
    vip = settings_service.vip_threshold(g.vendor.id)
    return render(
        "customers/vendor/customer.html",
        customer=row,
        segments=segments_of(row, vip),
        money=money,
        country_name=country_name,
        breadcrumbs=[(_("Customers"), url_for(".customers"))],
        page_title=row.name or row.email if not row.is_deleted else _("Deleted account"),
    )


@router.route("/customers/settings", methods=["GET", "POST"])
@permission_required("customers.edit")
def customer_settings():
    form = SettingsForm()
    status = 200
    if request.method == "GET":
        own = settings_service.own_vip_threshold(g.vendor.id)
        form.vip_threshold.data = "" if own is None else str(money(own).amount)
    elif form.validate_on_submit():
        try:
            settings_service.save_vip_threshold(
                g.vendor.id, form.vip_threshold.data or "", setting("currency")
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            flash(_("Customer settings are saved."), "success")
            return redirect(url_for(".customers"))
    if request.method == "POST":
        status = 422
    return render(
        "customers/vendor/settings.html",
        form=form,
        default_vip=money(setting("vip_threshold")),
        breadcrumbs=[(_("Customers"), url_for(".customers"))],
        page_title=_("Customer settings"),
        status=status,
    )
