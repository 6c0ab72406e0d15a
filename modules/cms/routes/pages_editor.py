"""The page editor's views, shared by a shop's pages (/vendor/<code>/content/pages,
vendor_pages.py) and the platform's own (/admin/content/pages, admin_pages.py): one set
of views, given a `Side` that says which permissions apply and which templates frame
them. Whose pages they are is the request's (services/owners.py: the shop in its back
office, the platform in the admin); another owner's page id is a 404.

Views stay thin: the rules are in services/pages.py. `view_permission` opens the pages
read-only; saving, restoring and deleting need `edit_permission`; publishing and
unpublishing `publish_permission`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from modules.cms.exceptions import CmsError, ValidationFailed
from modules.cms.models import ROLE_LABELS, STATUS_LABELS, Page, PageRole
from modules.cms.schemas.pages import page_input
from modules.cms.services import pages as service
from modules.cms.services.owners import Owner, owned_row_or_404, owner_or_404
from modules.cms.services.pages_lists import VERSIONS, author_emails, page_list, page_rows
from wizamart.auth import has_permission, permission_required
from wizamart.extensions import db
from wizamart.htmx import render
from wizamart.i18n.locale import LANGUAGE_NAMES
from wizamart.lists import render_list

TEXTS = service.WITH_TEXTS


@dataclass(frozen=True)
class Side:
    """One back office's page editor: its endpoints, permissions and templates."""

    frontend: str  # "vendor" or "admin": templates cms/<frontend>/pages/...
    endpoint: str  # "cms_vendor.pages" or "cms_admin.pages"
    view_permission: str
    edit_permission: str
    publish_permission: str
    preview_template: str

    def owner(self) -> Owner:
        """The request's shop (vendor back office) or platform (admin)."""
        return owner_or_404()

    def load(self, page_id) -> Page:
        """One of the owner's pages (another shop's or platform's id: 404)."""
        return owned_row_or_404(self.owner(), Page, page_id, options=TEXTS)

    def public_url(self, page: Page) -> str:
        owner = self.owner()
        return service.page_url(page.slug, None if owner.is_platform else g.vendor.code)

    def url(self, name: str, **values) -> str:
        return url_for(f"{self.endpoint}.{name}", **values)

    def template(self, name: str) -> str:
        return f"cms/{self.frontend}/pages/{name}.html"


# -- the list --------------------------------------------------------------------------------
def index(side: Side):
    owner = side.owner()
    spec = page_list(owner.default_language)
    return render_list(
        side.template("list"),
        spec,
        page_rows(owner),
        side=side,
        owner=owner,
        can_edit=has_permission(side.edit_permission),
        status_labels=STATUS_LABELS,
        role_labels=ROLE_LABELS,
        language_names=LANGUAGE_NAMES,
        page_title=_("Pages"),
    )


# -- the editor ------------------------------------------------------------------------------
def title_of(page: Page, owner: Owner) -> str:
    version = service.current_version(page, owner.default_language)
    return version.title if version is not None else page.slug


def form_page(side: Side, page: Page | None, data, errors=None, status=200, **extra):
    owner = side.owner()
    return render(
        side.template("form"),
        side=side,
        owner=owner,
        page=page,
        data=data,
        errors=errors or {},
        roles=list(PageRole),
        role_labels=ROLE_LABELS,
        status_labels=STATUS_LABELS,
        language_names=LANGUAGE_NAMES,
        can_edit=has_permission(side.edit_permission),
        can_publish=has_permission(side.publish_permission),
        published=page is not None and service.is_published(page),
        unpublished_changes=page is not None and service.has_unpublished_changes(page),
        public_url=side.public_url(page) if page is not None else None,
        breadcrumbs=[(_("Pages"), side.url("index"))],
        page_title=title_of(page, owner) if page else _("New page"),
        status=status,
        **extra,
    )


def save(side: Side, page: Page | None):
    """POST of the editor: save (PRG), or 422 with the form, the input kept and each
    message next to its field."""
    owner = side.owner()
    data = page_input(request.form, owner.languages)
    try:
        saved = service.save_page(owner, page, data, author_id=current_user.id)
        db.session.commit()
    except ValidationFailed as exc:
        db.session.rollback()
        return form_page(side, reload(side, page), data, exc.errors, 422)
    except IntegrityError:  # another request took the address or role meanwhile
        db.session.rollback()
        errors = {"slug": _("Another page just took this address or role; try again.")}
        return form_page(side, reload(side, page), data, errors, 422)
    flash(_("%(title)s is saved.", title=title_of(saved, owner)), "success")
    return redirect(side.url("edit", page_id=saved.id))


def reload(side: Side, page: Page | None) -> Page | None:
    return side.load(page.id) if page is not None else None


def new(side: Side):
    if request.method == "POST":
        return save(side, None)
    return form_page(side, None, service.PageInput())


def edit(side: Side, page_id: int):
    """The editor (read-only without the edit permission)."""
    page = side.load(page_id)
    if request.method == "POST":
        if not has_permission(side.edit_permission):
            abort(403)
        return save(side, page)
    return form_page(side, page, service.input_from_page(page))


def publish(side: Side, page_id: int):
    page = side.load(page_id)
    service.publish(page)
    db.session.commit()
    flash(_("%(title)s is published.", title=title_of(page, side.owner())), "success")
    return redirect(side.url("edit", page_id=page.id))


def unpublish(side: Side, page_id: int):
    page = side.load(page_id)
    service.unpublish(page)
    db.session.commit()
    title = title_of(page, side.owner())
    flash(_("%(title)s is unpublished: visitors no longer see it.", title=title), "success")
    return redirect(side.url("edit", page_id=page.id))


def delete(side: Side, page_id: int):
    page = side.load(page_id)
    title = title_of(page, side.owner())
    if request.method == "GET":
        confirm = {
            "title": _("Delete the page %(title)s?", title=title),
            "message": _("Its texts and all their versions are deleted for good."),
            "consequences": [_("Menu entries that link to it disappear.")],
            "action": side.url("delete", page_id=page.id),
            "confirm_label": _("Yes, delete"),
            "cancel_url": side.url("edit", page_id=page.id),
            "icon": "trash",
        }
        return form_page(side, page, service.input_from_page(page), confirm=confirm)
    service.delete_page(page)
    db.session.commit()
    flash(_("The page %(title)s is deleted.", title=title), "success")
    return redirect(side.url("index"))


# -- versions --------------------------------------------------------------------------------
def versions_page(side: Side, page: Page, confirm=None):
    current = {t.language: t.current_version_id for t in page.texts}
    published = {t.language: t.published_version_id for t in page.texts}
    return render_list(
        side.template("versions"),
        VERSIONS,
        service.versions_query(page),
        view_args={"page_id": page.id},
        side=side,
        page=page,
        current=current,
        published=published,
        authors_for=author_emails,
        language_names=LANGUAGE_NAMES,
        can_edit=has_permission(side.edit_permission),
        confirm=confirm,
        breadcrumbs=[
            (_("Pages"), side.url("index")),
            (title_of(page, side.owner()), side.url("edit", page_id=page.id)),
        ],
        page_title=_("Versions"),
    )


def versions(side: Side, page_id: int):
    return versions_page(side, side.load(page_id))


def version_or_404(page: Page, version_id):
    version = service.get_version(page, version_id)
    if version is None:
        abort(404)
    return version


def compare(side: Side, page_id: int):
    """Two versions side by side: `?a=<older id>&b=<newer id>`; without `b`, the current
    version of `a`'s language."""
    page = side.load(page_id)
    old = version_or_404(page, request.args.get("a"))
    if request.args.get("b"):
        new_version = version_or_404(page, request.args.get("b"))
    else:
        new_version = service.current_version(page, old.language)
        if new_version is None:
            abort(404)
    if new_version.language != old.language:
        flash(_("Compare versions of the same language."), "warning")
        return redirect(side.url("versions", page_id=page.id))
    title = title_of(page, side.owner())
    return render(
        side.template("compare"),
        side=side,
        page=page,
        comparison=service.compare(old, new_version),
        current_id=new_version.id if not request.args.get("b") else None,
        language_names=LANGUAGE_NAMES,
        can_edit=has_permission(side.edit_permission),
        breadcrumbs=[
            (_("Pages"), side.url("index")),
            (title, side.url("edit", page_id=page.id)),
            (_("Versions"), side.url("versions", page_id=page.id)),
        ],
        page_title=_("Compare versions"),
    )


def restore(side: Side, page_id: int, version_id: int):
    page = side.load(page_id)
    version = version_or_404(page, version_id)
    if request.method == "GET":
        confirm = {
            "title": _(
                "Restore version %(number)d (%(language)s)?",
                number=version.number,
                language=LANGUAGE_NAMES.get(version.language, version.language),
            ),
            "message": _(
                "Its text becomes a new current version; the versions in between stay in "
                "the history."
            ),
            "consequences": [_("Shoppers see it once the page is published again.")]
            if service.is_published(page)
            else [],
            "action": side.url("restore", page_id=page.id, version_id=version.id),
            "confirm_label": _("Yes, restore"),
            "cancel_url": side.url("versions", page_id=page.id),
            "icon": "arrow-counterclockwise",
        }
        return versions_page(side, page, confirm=confirm)
    try:
        copy = service.restore(page, version, author_id=current_user.id)
    except CmsError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
        return redirect(side.url("versions", page_id=page.id))
    db.session.commit()
    flash(
        _("Version %(old)d is restored as version %(new)d.", old=version.number, new=copy.number),
        "success",
    )
    return redirect(side.url("edit", page_id=page.id))


# -- preview ---------------------------------------------------------------------------------
def preview(side: Side, page_id: int):
    """The page as it will look once published (its current versions), in the shop's
    (or the platform's public) layout, labelled as a preview and kept out of search
    engines."""
    page = side.load(page_id)
    owner = side.owner()
    by_language = {t.language: t.current for t in page.texts}
    wanted = request.args.get("language") or owner.default_language
    view = service.view_of(page, by_language, wanted, owner.default_language)
    if view is None:
        abort(404)
    response = render(
        side.preview_template,
        view=view,
        preview=True,
        back_url=side.url("edit", page_id=page.id),
        preview_urls={
            lang: side.url("preview", page_id=page.id, language=lang)
            for lang in owner.languages
            if lang in by_language
        },
        language_names=LANGUAGE_NAMES,
        page_title=view.seo_title or view.title,
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# -- wiring ----------------------------------------------------------------------------------
def register(router, side: Side) -> None:
    """Add the editor's URLs to `router` (mounted at .../content/pages)."""
    routes = [
        ("", "index", index, side.view_permission, ["GET"]),
        ("/new", "new", new, side.edit_permission, ["GET", "POST"]),
        ("/<int:page_id>", "edit", edit, side.view_permission, ["GET", "POST"]),
        ("/<int:page_id>/publish", "publish", publish, side.publish_permission, ["POST"]),
        ("/<int:page_id>/unpublish", "unpublish", unpublish, side.publish_permission, ["POST"]),
        ("/<int:page_id>/delete", "delete", delete, side.edit_permission, ["GET", "POST"]),
        ("/<int:page_id>/versions", "versions", versions, side.view_permission, ["GET"]),
        ("/<int:page_id>/compare", "compare", compare, side.view_permission, ["GET"]),
        (
            "/<int:page_id>/versions/<int:version_id>/restore",
            "restore",
            restore,
            side.edit_permission,
            ["GET", "POST"],
        ),
        ("/<int:page_id>/preview", "preview", preview, side.view_permission, ["GET"]),
    ]
    for rule, endpoint, view, permission, methods in routes:
        router.add_url_rule(
            rule,
            endpoint,
            permission_required(permission)(bound(view, side)),
            methods=methods,
        )


def bound(view, side: Side):
    def endpoint_view(**kwargs):
        return view(side, **kwargs)

    endpoint_view.__name__ = view.__name__
    endpoint_view.__doc__ = view.__doc__
    endpoint_view.__module__ = view.__module__
    return endpoint_view
