"""The shop's payments in its back office: /vendor/<vendor_code>/payments/...

The list and a payment's page need `payments.view`; marking paid and the settings
`payments.manage`; refunds `payments.refund`. Staff without them see the pages read-only.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from modules.payments.exceptions import GatewayError, PaymentsError, ValidationFailed
from modules.payments.gateways import gateway as find_gateway
from modules.payments.models import Payment, PaymentState
from modules.payments.schemas.forms import EmptyForm, RefundForm, SettingsForm
from modules.payments.services import payments as service
from modules.payments.services import settings as settings_service
from modules.payments.services.iban import grouped
from modules.payments.services.listing import PAYMENTS, payment_rows
from wizamart.auth import has_permission, permission_required
from wizamart.extensions import db
from wizamart.htmx import render
from wizamart.lists import render_list
from wizamart.scoping import get_for_vendor_or_404

router = Blueprint("payments_vendor", __name__)


def method_label(code: str) -> str:
    gw = find_gateway(code)
    return str(gw.label) if gw is not None else code


@router.route("/")
@permission_required("payments.view")
def payments():
    return render_list(
        "payments/vendor/payments.html",
        PAYMENTS,
        payment_rows(),
        page_title=_("Payments"),
        method_label=method_label,
        state_labels=service.STATE_LABELS,
        can_manage=has_permission("payments.manage"),
    )


def render_payment(payment: Payment, *, refund_form=None, confirm=None, status=200):
    gw = find_gateway(payment.method)
    can_refund = (
        has_permission("payments.refund")
        and gw is not None
        and payment.state in (PaymentState.PAID, PaymentState.PARTIALLY_REFUNDED)
    )
    if can_refund and refund_form is None:
        refund_form = RefundForm()
        refund_form.amount.data = str(payment.refundable.amount)
    can_mark_paid = (
        has_permission("payments.manage")
        and gw is not None
        and gw.capabilities.settled_by_vendor
        and payment.state == PaymentState.PENDING
    )
    return render(
        "payments/vendor/payment.html",
        payment=payment,
        gateway=gw,
        method_label=method_label,
        state_labels=service.STATE_LABELS,
        refund_form=refund_form if can_refund else None,
        can_mark_paid=can_mark_paid,
        confirm=confirm,
        breadcrumbs=[(_("Payments"), url_for(".payments"))],
        page_title=_("Payment for order %(ref)s", ref=payment.order_ref),
        status=status,
    )


def load(payment_id: int) -> Payment:
    return get_for_vendor_or_404(Payment, payment_id, options=(selectinload(Payment.refunds),))


@router.route("/<int:payment_id>")
@permission_required("payments.view")
def payment(payment_id):
    return render_payment(load(payment_id))


@router.route("/<int:payment_id>/mark-paid", methods=["GET", "POST"])
@permission_required("payments.manage")
def mark_paid(payment_id):
    row = load(payment_id)
    if request.method == "GET":
        return render_payment(
            row,
            confirm={
                "title": _("Mark the payment for order %(ref)s paid?", ref=row.order_ref),
                "message": _(
                    "Do this once the money is on the shop's account or in your hands: %(amount)s.",
                    amount=f"{row.total.amount} {row.currency}",
                ),
                "consequences": [_("The order is told that it is paid.")],
                "action": url_for(".mark_paid", payment_id=row.id),
                "confirm_label": _("Yes, it is paid"),
                "cancel_url": url_for(".payment", payment_id=row.id),
                "tone": "primary",
                "icon": "check2-circle",
            },
        )
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.mark_paid(g.vendor.id, row.id, current_user)
    except PaymentsError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return render_payment(load(payment_id), status=409)
    db.session.commit()
    flash(_("The payment for order %(ref)s is marked paid.", ref=row.order_ref), "success")
    return redirect(url_for(".payment", payment_id=row.id))


@router.route("/<int:payment_id>/refund", methods=["POST"])
@permission_required("payments.refund")
def refund(payment_id):
    row = load(payment_id)
    form = RefundForm()
    status = 422
    if form.validate_on_submit():
        try:
            made = service.refund(
                g.vendor.id, row.id, form.amount.data or "", form.reason.data or "", current_user
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        except GatewayError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
            status = 502
        except PaymentsError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
            status = 409
        else:
            flash(
                _("%(amount)s refunded.", amount=f"{made.amount} {row.currency}"),
                "success",
            )
            return redirect(url_for(".payment", payment_id=row.id))
    return render_payment(load(payment_id), refund_form=form, status=status)


@router.route("/settings", methods=["GET", "POST"])
@permission_required("payments.manage")
def payment_settings():
    gateways = settings_service.offered_gateways(g.vendor.id)
    form = SettingsForm().set_choices(gateways)
    current = service.settings_for(g.vendor.id)
    status = 200
    if request.method == "GET":
        form.enabled_methods.data = list(current.enabled_methods or [])
        form.bank_account_holder.data = current.bank_account_holder
        form.bank_iban.data = grouped(current.bank_iban) if current.bank_iban else ""
        form.bank_bic.data = current.bank_bic
    elif form.validate_on_submit():
        values = form.values()
        try:
            settings_service.save_settings(
                g.vendor.id,
                enabled_methods=values["enabled_methods"] or [],
                bank_account_holder=values["bank_account_holder"] or "",
                bank_iban=values["bank_iban"] or "",
                bank_bic=values["bank_bic"] or "",
                stripe_secret_key=values["stripe_secret_key"] or "",
                stripe_webhook_secret=values["stripe_webhook_secret"] or "",
                forget_stripe_keys=bool(values["forget_stripe_keys"]),
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            flash(_("Payment settings are saved."), "success")
            return redirect(url_for(".payment_settings"))
    if request.method == "POST":
        status = 422
    return render(
        "payments/vendor/settings.html",
        form=form,
        current=current,
        gateways=gateways,
        webhook_url=url_for("payments_api_storefront.webhook", code="stripe", _external=True),
        breadcrumbs=[(_("Payments"), url_for(".payments"))],
        page_title=_("Payment settings"),
        status=status,
    )
