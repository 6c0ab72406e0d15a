"""Vendor pages of the inventory module: stock, an item with its history and forms,
low stock, locations. Everything is the request's vendor's (wizamart.scoping): another
vendor's item or location id answers 404. Staff without inventory.adjust see the
figures and no forms."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from modules.inventory.exceptions import InvalidInput, NotEnoughStock
from modules.inventory.models import Item, Location, Reservation
from modules.inventory.schemas import (
    AdjustForm,
    CountForm,
    LocationForm,
    ThresholdForm,
    TransferForm,
    with_locations,
)
from modules.inventory.services import items as item_service
from modules.inventory.services import lists, reservations
from modules.inventory.services import stock as stock_service
from wizamart.auth import has_permission, permission_required
from wizamart.extensions import db
from wizamart.htmx import render
from wizamart.lists import render_list
from wizamart.scoping import get_for_vendor_or_404

router = Blueprint("inventory_vendor", __name__)


@router.route("/")
@permission_required("inventory.view")
def stock():
    """All items with on hand / reserved / available, per location."""
    return render_list(
        "inventory/vendor/stock.html",
        lists.STOCK,
        lists.stock_rows(),
        figures=lists.figures,
        page_title=_("Stock"),
    )


@router.route("/low-stock")
@permission_required("inventory.view")
def low_stock():
    """Items whose available stock is at or below their threshold, the lowest first."""
    return render_list(
        "inventory/vendor/low_stock.html",
        lists.LOW_STOCK,
        lists.low_stock_rows(),
        figures=lists.figures,
        page_title=_("Low stock"),
    )


# ---------------------------------------------------------------------------- one item


def item_page(item: Item, forms: dict | None = None, status: int = 200, confirm=None):
    """The item page: figures per location, the forms (for inventory.adjust), reservations
    and the paged history. `forms` carries a refused form, shown with its messages."""
    locations = item_service.locations(item.vendor_id)
    db.session.commit()  # the default location, if this was its first use
    forms = forms or {}
    built = {
        "adjust": forms.get("adjust") or AdjustForm(formdata=None),
        "count": forms.get("count") or CountForm(formdata=None),
        "transfer": forms.get("transfer") or TransferForm(formdata=None),
        "threshold": forms.get("threshold")
        or ThresholdForm(formdata=None, data={"threshold": _threshold_text(item)}),
    }
    for form in built.values():
        with_locations(form, locations)
    if "transfer" not in forms and len(locations) > 1:
        built["transfer"].target.data = locations[1].id
    levels = lists.item_levels(item)
    return render_list(
        "inventory/vendor/item.html",
        lists.HISTORY,
        lists.history_rows(item),
        view_args={"item_id": item.id},
        endpoint="inventory_vendor.item",
        item=item,
        levels=levels,
        totals=stock_service.totals(item.id),
        held=reservations.active_reservations(item.id),
        forms=built,
        open_form=next(iter(forms), None),
        can_adjust=has_permission("inventory.adjust"),
        reasons=stock_service.REASONS,
        locations=locations,
        confirm=confirm,
        status=status,
        page_title=item.title or item.sku or _("Item %(id)d", id=item.id),
        breadcrumbs=[(_("Stock"), url_for(".stock"))],
    )


def _threshold_text(item: Item) -> str:
    return "" if item.low_stock_threshold is None else str(item.low_stock_threshold)


@router.route("/items/<int:item_id>")
@permission_required("inventory.view")
def item(item_id):
    return item_page(get_for_vendor_or_404(Item, item_id))


def _location(location_id) -> Location:
    return get_for_vendor_or_404(Location, location_id)


def _apply_form(item: Item, name: str, form, change, done: str):
    """Validate `form`, run `change()`; a redirect with `done` flashed, or the item page
    again (422) with the messages on the form and what was typed kept."""
    with_locations(form, item_service.locations(item.vendor_id))
    if form.validate_on_submit():
        try:
            change()
        except InvalidInput as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        except NotEnoughStock as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for(".item", item_id=item.id))
    return item_page(item, {name: form}, status=422)


@router.route("/items/<int:item_id>/adjust", methods=["POST"])
@permission_required("inventory.adjust")
def adjust(item_id):
    item = get_for_vendor_or_404(Item, item_id)
    form = AdjustForm()

    def change():
        stock_service.adjust(
            item,
            _location(form.location.data),
            form.delta.number,
            form.reason.data,
            current_user,
            note=form.note.data,
        )

    return _apply_form(item, "adjust", form, change, _("Stock adjusted."))


@router.route("/items/<int:item_id>/count", methods=["POST"])
@permission_required("inventory.adjust")
def count(item_id):
    item = get_for_vendor_or_404(Item, item_id)
    form = CountForm()

    def change():
        stock_service.set_count(
            item, _location(form.location.data), form.on_hand.number, current_user, form.note.data
        )

    return _apply_form(item, "count", form, change, _("Stock count saved."))


@router.route("/items/<int:item_id>/transfer", methods=["POST"])
@permission_required("inventory.adjust")
def transfer(item_id):
    item = get_for_vendor_or_404(Item, item_id)
    form = TransferForm()

    def change():
        stock_service.transfer(
            item,
            _location(form.source.data),
            _location(form.target.data),
            form.quantity.number,
            current_user,
            form.note.data,
        )

    return _apply_form(item, "transfer", form, change, _("Stock moved."))


@router.route("/items/<int:item_id>/threshold", methods=["POST"])
@permission_required("inventory.adjust")
def threshold(item_id):
    item = get_for_vendor_or_404(Item, item_id)
    form = ThresholdForm()

    def change():
        item_service.set_threshold(item, form.threshold.number)

    return _apply_form(item, "threshold", form, change, _("Low-stock threshold saved."))


@router.route("/items/<int:item_id>/held/<int:reservation_id>/release", methods=["GET", "POST"])
@permission_required("inventory.adjust")
def release(item_id, reservation_id):
    """Give back what one reservation holds, after the one confirmation (GET shows it)."""
    item = get_for_vendor_or_404(Item, item_id)
    held = get_for_vendor_or_404(Reservation, reservation_id)
    if held.item_id != item.id:
        abort(404)
    if request.method == "GET":
        return item_page(item, confirm=release_confirmation(item, held))
    if reservations.release_one(held):
        db.session.commit()
        flash(_("%(n)d released for %(ref)s.", n=held.quantity, ref=held.reference), "success")
    else:
        flash(_("That reservation had already ended."), "warning")
    return redirect(url_for(".item", item_id=item.id))


def release_confirmation(item: Item, held: Reservation) -> dict:
    return {
        "title": _("Release %(n)d held for %(ref)s?", n=held.quantity, ref=held.reference),
        "message": _("They become available to sell again."),
        "consequences": [
            _("A cart or order still counting on them may find them sold when it checks out.")
        ],
        "action": url_for(".release", item_id=item.id, reservation_id=held.id),
        "confirm_label": _("Yes, release"),
        "cancel_url": url_for(".item", item_id=item.id),
        "tone": "warning",
        "icon": "unlock",
    }


# ---------------------------------------------------------------------------- locations


def locations_page(form=None, status=200):
    locations = item_service.locations(g.vendor.id)
    db.session.commit()
    return render(
        "inventory/vendor/locations.html",
        locations=locations,
        form=form or LocationForm(formdata=None),
        can_adjust=has_permission("inventory.adjust"),
        status=status,
        page_title=_("Locations"),
    )


@router.route("/locations", methods=["GET", "POST"])
@permission_required("inventory.view")
def locations():
    """The vendor's locations; its form (inventory.adjust) adds one."""
    if request.method == "GET":
        return locations_page()
    if not has_permission("inventory.adjust"):
        abort(403)
    form = LocationForm()
    if form.validate_on_submit():
        try:
            location = item_service.add_location(g.vendor.id, form.name.data, form.code.data)
        except InvalidInput as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            flash(_("Location %(name)s added.", name=location.name), "success")
            return redirect(url_for(".locations"))
    return locations_page(form, status=422)


@router.route("/locations/<int:location_id>", methods=["GET", "POST"])
@permission_required("inventory.adjust")
def edit_location(location_id):
    location = _location(location_id)
    form = LocationForm(obj=location) if request.method == "GET" else LocationForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            item_service.rename_location(location, form.name.data, form.code.data)
        except InvalidInput as exc:
            db.session.rollback()
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            flash(_("Location %(name)s saved.", name=location.name), "success")
            return redirect(url_for(".locations"))
    return render(
        "inventory/vendor/location_form.html",
        location=location,
        form=form,
        status=422 if request.method == "POST" else 200,
        page_title=_("Edit location %(name)s", name=location.name),
        breadcrumbs=[(_("Locations"), url_for(".locations"))],
    )


@router.route("/locations/<int:location_id>/default", methods=["POST"])
@permission_required("inventory.adjust")
def make_default(location_id):
    location = _location(location_id)
    item_service.set_default(location)
    db.session.commit()
    flash(_("%(name)s is now the default location.", name=location.name), "success")
    return redirect(url_for(".locations"))
