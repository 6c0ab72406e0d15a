"""Vendor pages of the catalog: the product list (search, filters, sorts, bulk actions,
inline price and stock), the product form (texts per language, options and variants,
categories, images) and the category tree.

Every id in a URL is loaded with `get_for_vendor_or_404` (another vendor's id: 404).
`catalog.view` opens the pages read-only; every change needs `catalog.edit`.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from modules.catalog.exceptions import ValidationFailed
from modules.catalog.models import (
    STATUS_LABELS,
    VAT_LABELS,
    VAT_RATES,
    Category,
    Image,
    Product,
    ProductStatus,
    Variant,
    VatClass,
)
from modules.catalog.routes.vendor_csv import router as csv_router
from modules.catalog.schemas import category_names_input, product_input
from modules.catalog.services import categories as category_service
from modules.catalog.services import images as image_service
from modules.catalog.services import products as product_service
from modules.catalog.services.listing import inventory_on, product_list, product_rows
from modules.catalog.services.settings import shop_settings
from modules.catalog.services.storefront import HOME_FEATURED
from wizamart.auth import has_permission, permission_required
from wizamart.extensions import db
from wizamart.htmx import is_htmx, render
from wizamart.i18n.locale import LANGUAGE_NAMES
from wizamart.jobs.queue import enqueue
from wizamart.lists import bulk_done, render_list
from wizamart.media import MediaError
from wizamart.redirects import safe_next
from wizamart.scoping import get_for_vendor_or_404

router = Blueprint("catalog_vendor", __name__)
router.register_blueprint(csv_router)  # CSV import and export: /products/csv/...


def settings():
    return shop_settings(g.vendor.id)


# -- the product list ----------------------------------------------------------------------
def list_context(spec):
    """What the product list's template needs besides `listing` (wizamart.lists)."""
    vendor_id = g.vendor.id
    return {
        "thumbs_for": lambda rows: image_service.first_images(vendor_id, [p.id for p in rows]),
        "shop": settings(),
        "show_stock": any(c.key == "stock" for c in spec.columns),
        "status_labels": STATUS_LABELS,
        "can_edit": has_permission("catalog.edit"),
        "page_title": _("Products"),
    }


@router.route("/products")
@permission_required("catalog.view")
def products():
    spec = product_list(g.vendor.platform_id)
    rows = product_rows(g.vendor.id)
    selection = spec.selection(request.args, rows, ".products")
    return render_list(
        "catalog/vendor/products.html", spec, rows, selection=selection, **list_context(spec)
    )


@router.route("/products/bulk", methods=["POST"])
@permission_required("catalog.edit")
def products_bulk():
    """Activate, archive, feature, unfeature or delete the selected products (after the
    one confirmation)."""
    spec = product_list(g.vendor.platform_id)
    rows = product_rows(g.vendor.id)
    template = "catalog/vendor/products.html"
    selection = spec.selection(request.form, rows, ".products")
    if selection is None:
        abort(400)
    if not selection.rows:
        return render_list(
            template,
            spec,
            rows,
            values=request.form,
            endpoint=".products",
            selection=selection,
            **list_context(spec),
        )
    ids = [p.id for p in selection.to_change]
    key = selection.action.key
    if key == "delete":
        count = product_service.delete_products(g.vendor.id, ids)
        message = ngettext("%(num)d product deleted.", "%(num)d products deleted.", count)
    elif key == "feature":
        count = product_service.set_featured(g.vendor.id, ids, True)
        message = ngettext(
            "%(num)d product featured on the home page.",
            "%(num)d products featured on the home page.",
            count,
        )
    elif key == "unfeature":
        count = product_service.set_featured(g.vendor.id, ids, False)
        message = ngettext(
            "%(num)d product no longer featured.", "%(num)d products no longer featured.", count
        )
    else:
        status = ProductStatus.ACTIVE if key == "activate" else ProductStatus.ARCHIVED
        count = product_service.set_status(g.vendor.id, ids, status)
        if key == "activate":
            message = ngettext("%(num)d product activated.", "%(num)d products activated.", count)
        else:
            message = ngettext("%(num)d product archived.", "%(num)d products archived.", count)
    db.session.commit()
    return bulk_done(message, template, spec, rows, selection, **list_context(spec))


# -- inline edits in the list ------------------------------------------------------------
def back_to_list():
    return redirect(safe_next(request.form.get("next")) or url_for(".products"))


def render_cell(variant, kind, error=None, value=None, status=200, note=None):
    return render(
        "catalog/vendor/cell.html",
        variant=variant,
        kind=kind,
        error=error,
        value=value,
        note=note,
        shop=settings(),
        show_stock=inventory_on(g.vendor.platform_id),
        can_edit=True,
        status=status,
    )


@router.route("/variants/<int:variant_id>/price", methods=["POST"])
@permission_required("catalog.edit")
def variant_price(variant_id):
    """Inline price edit: the cell again (422 with the message and the typed value)."""
    variant = get_for_vendor_or_404(Variant, variant_id)
    typed = request.form.get("price", "")
    try:
        product_service.set_price(variant, typed)
    except ValidationFailed as exc:
        db.session.rollback()
        if not is_htmx():
            flash(exc.errors["price"][0], "danger")
            return back_to_list()
        variant = get_for_vendor_or_404(Variant, variant_id)
        return render_cell(variant, "price", exc.errors["price"][0], typed, 422)
    db.session.commit()
    if not is_htmx():
        flash(_("Price saved."), "success")
        return back_to_list()
    return render_cell(variant, "price", note=_("Saved"))


@router.route("/variants/<int:variant_id>/stock", methods=["POST"])
@permission_required("catalog.edit")
def variant_stock(variant_id):
    """Inline stock count: announce it (catalog.stock_counted), commit (inventory's
    handler answers with inventory.stock_changed, which catalog applies), read it back.
    If the figure did not arrive, the cell says so."""
    variant = get_for_vendor_or_404(Variant, variant_id)
    if not inventory_on(g.vendor.platform_id):
        abort(404)
    typed = request.form.get("stock", "")
    try:
        on_hand = product_service.count_stock(variant, typed, current_user)
    except ValidationFailed as exc:
        db.session.rollback()
        if not is_htmx():
            flash(exc.errors["stock"][0], "danger")
            return back_to_list()
        return render_cell(variant, "stock", exc.errors["stock"][0], typed, 422)
    db.session.commit()  # handlers run here
    db.session.expire_all()
    variant = get_for_vendor_or_404(Variant, variant_id)
    arrived = variant.stock_available is not None
    if not is_htmx():
        if arrived:
            flash(_("Stock count saved."), "success")
        else:
            flash(_("The count was sent, but inventory has not confirmed it yet."), "warning")
        return back_to_list()
    if not arrived:
        return render_cell(
            variant, "stock", _("Inventory has not confirmed the count yet."), str(on_hand), 202
        )
    return render_cell(variant, "stock", note=_("Saved"))


# -- the product form ----------------------------------------------------------------------
def form_context(product, data, errors=None, status=200, **extra):
    shop = settings()
    return render(
        "catalog/vendor/product_form.html",
        product=product,
        data=data,
        errors=errors or {},
        shop=shop,
        language_names=LANGUAGE_NAMES,
        status_labels=STATUS_LABELS,
        vat_labels=VAT_LABELS,
        vat_rates=VAT_RATES,
        statuses=list(ProductStatus),
        vat_classes=list(VatClass),
        categories=category_service.category_names(g.vendor.id),
        can_edit=has_permission("catalog.edit"),
        show_stock=inventory_on(g.vendor.platform_id),
        featured_limit=HOME_FEATURED,
        breadcrumbs=[(_("Products"), url_for(".products"))],
        page_title=product.title if product else _("New product"),
        status=status,
        **extra,
    )


def save_product(product):
    """POST of the product form: 'generate' redraws the variant rows for the options;
    otherwise save (PRG) or answer 422 with the form and the input kept."""
    data = product_input(request.form, settings().languages)
    if request.form.get("action") == "generate":
        try:
            data = product_service.plan_variants(data)
        except ValidationFailed as exc:
            return form_context(product, data, exc.errors, 422)
        return form_context(product, data)
    for attempt in (1, 2):
        try:
            saved = product_service.save_product(product, g.vendor.id, data)
            db.session.commit()
            break
        except ValidationFailed as exc:
            db.session.rollback()  # nothing was written: the checks come first
            return form_context(product, data, exc.errors, 422)
        except IntegrityError:
            # Another request took a SKU or slug between our check and our write: check
            # again, and this time the checks see it (a 422 naming the field).
            db.session.rollback()
            if attempt == 2:
                raise
    product = saved
    flash(_("%(title)s is saved.", title=product.title), "success")
    return redirect(url_for(".product", product_id=product.id))


@router.route("/products/new", methods=["GET", "POST"])
@permission_required("catalog.edit")
def new_product():
    if request.method == "POST":
        return save_product(None)
    return form_context(None, product_service.ProductInput())


@router.route("/products/<int:product_id>", methods=["GET", "POST"])
@permission_required("catalog.view")
def product(product_id):
    """The product form (read-only without catalog.edit)."""
    item = get_for_vendor_or_404(Product, product_id)
    if request.method == "POST":
        if not has_permission("catalog.edit"):
            abort(403)
        return save_product(item)
    return form_context(item, product_service.input_from_product(item))


@router.route("/products/<int:product_id>/delete", methods=["GET", "POST"])
@permission_required("catalog.edit")
def delete_product(product_id):
    item = get_for_vendor_or_404(Product, product_id)
    if request.method == "GET":
        confirm = {
            "title": _("Delete %(title)s?", title=item.title),
            "message": _("Its variants, texts and images are deleted for good."),
            "action": url_for(".delete_product", product_id=item.id),
            "confirm_label": _("Yes, delete"),
            "cancel_url": url_for(".product", product_id=item.id),
            "icon": "trash",
        }
        return form_context(item, product_service.input_from_product(item), confirm=confirm)
    title = item.title
    product_service.delete_products(g.vendor.id, [item.id])
    db.session.commit()
    flash(_("%(title)s is deleted.", title=title), "success")
    return redirect(url_for(".products"))


# -- images --------------------------------------------------------------------------------
@router.route("/products/<int:product_id>/images", methods=["POST"])
@permission_required("catalog.edit")
def add_image(product_id):
    item = get_for_vendor_or_404(Product, product_id)
    upload = request.files.get("image")
    data = upload.read() if upload else b""
    try:
        image_service.add_image(
            item, data, request.form.get("alt_text", ""), request.form.get("variant_id")
        )
    except (ValidationFailed, MediaError) as exc:
        db.session.rollback()
        errors = getattr(exc, "errors", {"image": [str(exc)]})
        item = get_for_vendor_or_404(Product, product_id)
        return form_context(
            item,
            product_service.input_from_product(item),
            status=422,
            image_errors=errors,
            image_alt=request.form.get("alt_text", ""),
        )
    db.session.commit()
    flash(_("The image is added."), "success")
    return redirect(url_for(".product", product_id=item.id) + "#images")


@router.route("/images/<int:image_id>", methods=["POST"])
@permission_required("catalog.edit")
def edit_image(image_id):
    """Alt text, or a move up/down (`move`)."""
    image = get_for_vendor_or_404(Image, image_id)
    product_id = image.product_id
    try:
        if request.form.get("move") in ("up", "down"):
            image_service.move_image(image, request.form["move"])
        else:
            image_service.set_alt_text(image, request.form.get("alt_text", ""))
    except ValidationFailed as exc:
        db.session.rollback()
        flash(" ".join(m for ms in exc.errors.values() for m in ms), "danger")
        return redirect(url_for(".product", product_id=product_id) + "#images")
    db.session.commit()
    flash(_("The image is saved."), "success")
    return redirect(url_for(".product", product_id=product_id) + "#images")


@router.route("/images/<int:image_id>/remove", methods=["GET", "POST"])
@permission_required("catalog.edit")
def remove_image(image_id):
    image = get_for_vendor_or_404(Image, image_id)
    item = image.product
    if request.method == "GET":
        confirm = {
            "title": _("Remove this image?"),
            "message": _("The image and its thumbnails are deleted."),
            "action": url_for(".remove_image", image_id=image.id),
            "confirm_label": _("Yes, remove"),
            "cancel_url": url_for(".product", product_id=item.id) + "#images",
            "icon": "image",
        }
        return form_context(item, product_service.input_from_product(item), confirm=confirm)
    image_service.remove_image(image)
    db.session.commit()
    flash(_("The image is removed."), "success")
    return redirect(url_for(".product", product_id=item.id) + "#images")


# -- categories ----------------------------------------------------------------------------
def categories_context(form_category=None, names=None, parent_id=None, errors=None, **extra):
    shop = settings()
    return render(
        "catalog/vendor/categories.html",
        tree=category_service.category_tree(g.vendor.id, texts=False),
        choices=category_service.category_names(g.vendor.id),
        shop=shop,
        language_names=LANGUAGE_NAMES,
        editing=form_category,
        names=names or {},
        parent_id=parent_id,
        errors=errors or {},
        can_edit=has_permission("catalog.edit"),
        page_title=_("Categories"),
        **extra,
    )


@router.route("/categories", methods=["GET", "POST"])
@permission_required("catalog.view")
def categories():
    """The tree, and the form for a new category (POST here)."""
    if request.method == "GET":
        return categories_context()
    if not has_permission("catalog.edit"):
        abort(403)
    names = category_names_input(request.form, settings().languages)
    parent_id = request.form.get("parent_id")
    try:
        category = category_service.save_category(g.vendor.id, names, parent_id)
    except ValidationFailed as exc:
        db.session.rollback()
        return categories_context(
            None, names, parent_id, exc.errors, status=422, anchor="category-form"
        )
    db.session.commit()
    flash(_("Category %(name)s is created.", name=category.name), "success")
    return redirect(url_for(".categories"))


@router.route("/categories/<int:category_id>", methods=["GET", "POST"])
@permission_required("catalog.edit")
def edit_category(category_id):
    category = get_for_vendor_or_404(Category, category_id)
    if request.method == "GET":
        names = {t.language: t.name for t in category.texts}
        return categories_context(category, names, category.parent_id)
    names = category_names_input(request.form, settings().languages)
    parent_id = request.form.get("parent_id")
    try:
        category_service.save_category(g.vendor.id, names, parent_id, category=category)
    except ValidationFailed as exc:
        db.session.rollback()
        category = get_for_vendor_or_404(Category, category_id)
        return categories_context(category, names, parent_id, exc.errors, status=422)
    db.session.commit()
    flash(_("Category %(name)s is saved.", name=category.name), "success")
    return redirect(url_for(".categories"))


@router.route("/categories/<int:category_id>/move", methods=["POST"])
@permission_required("catalog.edit")
def move_category(category_id):
    category = get_for_vendor_or_404(Category, category_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    category_service.move_category(category, direction)
    db.session.commit()
    return redirect(url_for(".categories"))


@router.route("/categories/<int:category_id>/delete", methods=["GET", "POST"])
@permission_required("catalog.edit")
def delete_category(category_id):
    category = get_for_vendor_or_404(Category, category_id)
    if request.method == "GET":
        confirm = {
            "title": _("Delete the category %(name)s?", name=category.name),
            "message": _("Its products stay in the shop and in their other categories."),
            "consequences": [_("Categories below it move up one level.")],
            "action": url_for(".delete_category", category_id=category.id),
            "confirm_label": _("Yes, delete"),
            "cancel_url": url_for(".categories"),
            "icon": "trash",
        }
        return categories_context(confirm=confirm)
    name = category.name
    category_service.delete_category(category)
    db.session.commit()
    flash(_("Category %(name)s is deleted.", name=name), "success")
    return redirect(url_for(".categories"))


# -- settings --------------------------------------------------------------------------
@router.route("/settings", methods=["GET", "POST"])
@permission_required("catalog.edit")
def catalog_settings():
    """The shop's currency and default language for product texts."""
    from modules.catalog.services import settings as settings_service

    shop = settings()
    values = {"currency": shop.currency, "default_language": own_language(g.vendor.id)}
    errors, status = {}, 200
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in values}
        try:
            changed = settings_service.save_settings(
                g.vendor.id, values["currency"], values["default_language"]
            )
        except ValidationFailed as exc:
            db.session.rollback()
            errors, status = exc.errors, 422
        else:
            if changed:
                settings_service.retitle(g.vendor.id)
            db.session.commit()
            if changed:  # inventory's titles follow: every variant announced again
                enqueue(
                    "modules.catalog.tasks.announce_vendor_variants",
                    g.vendor.platform_id,
                    g.vendor.id,
                    platform_id=g.vendor.platform_id,
                    vendor_id=g.vendor.id,
                    module="catalog",
                    priority="low",
                )
            flash(_("Catalog settings are saved."), "success")
            return redirect(url_for(".catalog_settings"))
    return render(
        "catalog/vendor/settings.html",
        values=values,
        errors=errors,
        currencies=settings_service.CURRENCIES,
        platform_language=settings_service.platform_language(g.vendor.id),
        language_names=LANGUAGE_NAMES,
        languages=current_app.config["LANGUAGES"],
        breadcrumbs=[(_("Products"), url_for(".products"))],
        page_title=_("Catalog settings"),
        status=status,
    )


def own_language(vendor_id: int) -> str:
    from modules.catalog.models import CatalogSettings

    row = db.session.scalar(
        sa.select(CatalogSettings.default_language).where(CatalogSettings.vendor_id == vendor_id)
    )
    return row or ""
