"""The menus pages, the same for a shop (/vendor/<code>/content/menus, `cms.view` to
look, `cms.edit` to change) and for the platform's public site (/admin/content/menus,
`cms.platform_content`): both menus side by side, the item form, up/down buttons
(plain POSTs: they work without JavaScript), drag and drop (SortableJS posts the new
order with htmx), delete after the one confirmation.

`add_menu_views(router, ...)` adds the views to the area's blueprint; every item id in
a URL is looked up among the owner's own items (anyone else's: 404).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from modules.cms.exceptions import CmsError, ValidationFailed
from modules.cms.services import menus as service
from modules.cms.services.menus import MenuInput, Owner
from wizamart.auth import has_permission, permission_required
from wizamart.extensions import db
from wizamart.htmx import is_htmx, render
from wizamart.i18n.locale import LANGUAGE_NAMES


def add_menu_views(
    router: Blueprint,
    *,
    owner: Callable[[], Owner],
    template: str,
    view_permission: str,
    edit_permission: str,
    kind_labels: dict,
    page_title,
    empty_footer_note: str | None = None,
) -> None:
    """The menus views on `router`. `kind_labels` names the three kinds of item for this
    back office; `empty_footer_note` says what an empty footer menu shows instead."""

    def page(data=None, errors=None, status=200, editing=None, **extra):
        who = owner()
        language = service.request_language()
        can_edit = has_permission(edit_permission)
        if data is None:
            location = request.args.get("location", "")
            data = MenuInput(location=location if location in service.LOCATIONS else "header")
        return render(
            template,
            menus=service.edited_menus(who, language),
            locations=service.LOCATIONS,
            location_labels=service.LOCATION_LABELS,
            data=data,
            errors=errors or {},
            editing=editing,
            can_edit=can_edit,
            pages=service.page_choices(who, language) if can_edit else [],
            targets=service.target_choices(who) if can_edit else [],
            languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in service.languages()],
            default_language=service.default_language(who),
            max_label=service.MAX_LABEL,
            kind_labels=kind_labels,
            empty_footer_note=empty_footer_note,
            page_title=page_title,
            status=status,
            **extra,
        )

    def item_or_404(menu_item_id):
        item = service.get_item(owner(), menu_item_id)
        if item is None:
            abort(404)
        return item

    def back_to(location: str | None = None):
        anchor = f"#menu-{location}" if location in service.LOCATIONS else ""
        return redirect(url_for(".index") + anchor)

    @router.route("", methods=["GET"])
    @permission_required(view_permission)
    def index():
        """Both menus, and the form for a new item (with `cms.edit`)."""
        return page()

    @router.route("/items", methods=["POST"])
    @permission_required(edit_permission)
    def add():
        data = MenuInput.from_form(request.form)
        try:
            item = service.add_item(owner(), data)
        except ValidationFailed as exc:
            db.session.rollback()
            return page(data, exc.errors, 422)
        db.session.commit()
        flash(_("%(label)s is added to the menu.", label=item_label(item)), "success")
        return back_to(item.location)

    @router.route("/items/<int:menu_item_id>", methods=["GET", "POST"])
    @permission_required(edit_permission)
    def edit(menu_item_id):
        item = item_or_404(menu_item_id)
        if request.method == "GET":
            return page(MenuInput.from_item(item), editing=item)
        data = MenuInput.from_form(request.form)
        try:
            service.update_item(owner(), item, data)
        except ValidationFailed as exc:
            db.session.rollback()
            return page(data, exc.errors, 422, editing=item_or_404(menu_item_id))
        db.session.commit()
        flash(_("%(label)s is saved.", label=item_label(item)), "success")
        return back_to(item.location)

    @router.route("/items/<int:menu_item_id>/move", methods=["POST"])
    @permission_required(edit_permission)
    def move(menu_item_id):
        """Up or down one place (the buttons: work without JavaScript)."""
        item = item_or_404(menu_item_id)
        try:
            service.move(owner(), item, request.form.get("direction", ""))
        except CmsError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return page(status=400)
        db.session.commit()
        return back_to(item.location)

    @router.route("/items/<int:menu_item_id>/delete", methods=["GET", "POST"])
    @permission_required(edit_permission)
    def delete(menu_item_id):
        item = item_or_404(menu_item_id)
        label = item_label(item)
        if request.method == "GET":
            confirm = {
                "title": _("Remove %(label)s from the menu?", label=label),
                "message": _("Only the menu item goes: the page it links to stays."),
                "action": url_for(".delete", menu_item_id=item.id),
                "confirm_label": _("Yes, remove"),
                "cancel_url": url_for(".index"),
                "icon": "trash",
            }
            return page(confirm=confirm)
        location = item.location
        service.delete_item(owner(), item)
        db.session.commit()
        flash(_("%(label)s is removed from the menu.", label=label), "success")
        return back_to(location)

    @router.route("/<location>/order", methods=["POST"])
    @permission_required(edit_permission)
    def order(location):
        """The order the drag and drop left (every item id of the menu, in order): the
        menu again, as saved."""
        if location not in service.LOCATIONS:
            abort(404)
        status, problem = 200, None
        try:
            service.reorder(owner(), location, request.form.getlist("order"))
        except CmsError as exc:
            db.session.rollback()
            status, problem = 409, str(exc)
        else:
            db.session.commit()
        if not is_htmx():
            if problem:
                flash(problem, "danger")
            return back_to(location)
        return page(status=status, order_problem={location: problem} if problem else {})

    def item_label(item) -> str:
        """The item's label as the back office names it (its own, else its target's)."""
        entries = service.edited_menus(owner(), service.request_language())[item.location]
        found = next((e for e in entries if e.id == item.id), None)
        return found.label if found else service.any_label(item.labels) or str(item.id)
