"""Vendor pages for CSV import and export of products (nested in catalog_vendor).

/vendor/<code>/catalog/products/csv                      import and export page
/vendor/<code>/catalog/products/csv/export.csv           the download (streamed)
/vendor/<code>/catalog/products/csv/import               POST: upload -> mapping page
/vendor/<code>/catalog/products/csv/import/<token>       the mapping; POST: the report
/vendor/<code>/catalog/products/csv/import/<token>/confirm   POST: import (a job when large)
/vendor/<code>/catalog/products/csv/import/<token>/cancel    POST: forget the upload
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from modules.catalog.services import importing
from modules.catalog.services.exporting import export_csv
from modules.catalog.services.settings import shop_settings
from wizamart.auth import permission_required
from wizamart.errors import render_error
from wizamart.htmx import render
from wizamart.jobs import JobStartError, enqueue

router = Blueprint("csv", __name__, url_prefix="/products/csv")

INDEX = "catalog/vendor/csv/index.html"
MAPPING = "catalog/vendor/csv/mapping.html"
REPORT = "catalog/vendor/csv/report.html"
PROGRESS = "catalog/vendor/csv/progress.html"


def crumbs(*extra):
    return [(_("Products"), url_for("catalog_vendor.products")), *extra]


@router.url_value_preprocessor
def limit_upload_size(endpoint, values):
    """Refuse a too large upload before anything reads its body (the CSRF check reads
    the form before the view): werkzeug raises 413, answered below."""
    if endpoint == "catalog_vendor.csv.upload":
        request.max_content_length = importing.MAX_BYTES + 64 * 1024


@router.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Raised before the gate has loaded the shop (the CSRF check reads the body first),
    so the answer is the plain error page with the message."""
    return render_error(413, importing.too_large_message())


def index_page(error=None, status=200):
    return render(
        INDEX,
        error=error,
        max_mb=importing.MAX_BYTES // (1024 * 1024),
        status=status,
        page_title=_("Import and export"),
        breadcrumbs=crumbs(),
    )


@router.get("")
@permission_required("catalog.view")
def index():
    return index_page()


@router.get("/export.csv")
@permission_required("catalog.view")
def export():
    delimiter = ";" if request.args.get("delimiter") == "semicolon" else ","
    bom = request.args.get("bom") == "1"
    filename = f"{g.vendor.code}-products.csv"
    return Response(
        stream_with_context(export_csv(g.vendor.id, delimiter, bom)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


@router.post("/import")
@permission_required("catalog.edit")
def upload():
    file = request.files.get("file")
    if file is None or not file.filename:
        return index_page(error=_("Choose a CSV file to upload."), status=422)
    data = file.read(importing.MAX_BYTES + 1)
    try:
        importing.read_upload(data)
    except importing.CsvRefused as exc:
        return index_page(error=exc.message, status=exc.status)
    token = importing.save_upload(g.vendor.id, current_user.id, file.filename, data)
    return redirect(url_for(".mapping", token=token), code=303)


def loaded_upload(token: str):
    """The vendor's upload and its parsed rows, or 404 (another vendor's, gone, unknown)."""
    loaded = importing.load_upload(token, g.vendor.id)
    if loaded is None:
        abort(404)
    meta, data = loaded
    try:
        upload = importing.read_upload(data)
    except importing.CsvRefused:
        importing.remove_upload(token)
        abort(404)
    return meta, upload


def mapping_page(token, meta, upload, mapping, errors=(), status=200):
    fields = importing.product_fields(shop_settings(g.vendor.id))
    samples = [
        [cells[i] if i < len(cells) else "" for _line, cells in upload.rows[:3]]
        for i in range(len(upload.headers))
    ]
    return render(
        MAPPING,
        token=token,
        filename=meta.get("filename") or "",
        upload=upload,
        fields=fields,
        mapping=mapping,
        samples=samples,
        errors=errors,
        status=status,
        page_title=_("Match the columns"),
        breadcrumbs=crumbs((_("Import and export"), url_for(".index"))),
    )


@router.route("/import/<token>", methods=["GET", "POST"])
@permission_required("catalog.edit")
def mapping(token: str):
    meta, upload = loaded_upload(token)
    fields = importing.product_fields(shop_settings(g.vendor.id))
    if request.method == "GET":
        chosen = meta.get("mapping") or importing.guess_mapping(upload.headers, fields)
        return mapping_page(token, meta, upload, chosen)
    chosen = [request.form.get(f"column_{i}", "") for i in range(len(upload.headers))]
    errors = importing.check_mapping(chosen, fields)
    if errors:
        return mapping_page(token, meta, upload, chosen, errors, status=422)
    report, _groups = importing.check_rows(g.vendor.id, upload, chosen)
    importing.remember_mapping(token, chosen)
    return render(
        REPORT,
        token=token,
        filename=meta.get("filename") or "",
        report=report,
        status=200 if report.ok else 422,
        page_title=_("Check the rows"),
        breadcrumbs=crumbs((_("Import and export"), url_for(".index"))),
    )


@router.post("/import/<token>/confirm")
@permission_required("catalog.edit")
def confirm(token: str):
    meta, upload = loaded_upload(token)
    if not meta.get("mapping"):
        return redirect(url_for(".mapping", token=token), code=303)
    products_url = url_for("catalog_vendor.products")
    if len(upload.rows) <= importing.INLINE_ROWS:
        try:
            report = importing.run_import(token, g.vendor.id)
        except importing.ImportFailed as exc:
            return render(
                REPORT,
                token=None,
                filename=meta.get("filename") or "",
                report=exc.report,
                status=422,
                page_title=_("Check the rows"),
                breadcrumbs=crumbs((_("Import and export"), url_for(".index"))),
            )
        flash(
            _(
                "Products created: %(created)d, updated: %(updated)d.",
                created=report.creates,
                updated=report.updates,
            ),
            "success",
        )
        return redirect(products_url, code=303)
    try:
        job = enqueue(
            "modules.catalog.tasks.import_products",
            token,
            g.vendor.id,
            products_url,
            str(get_locale() or "en"),
            platform_id=g.platform.id,
            vendor_id=g.vendor.id,
            module="catalog",
            priority="high",
            job_id=f"catalog-import-{token}",
            report_inline_failure=True,
        )
    except JobStartError as exc:
        flash(str(exc), "danger")
        return redirect(url_for(".mapping", token=token), code=303)
    return render(
        PROGRESS,
        job=job.progress(),
        rows=len(upload.rows),
        page_title=_("Importing products"),
        breadcrumbs=crumbs((_("Import and export"), url_for(".index"))),
    )


@router.post("/import/<token>/cancel")
@permission_required("catalog.edit")
def cancel(token: str):
    loaded_upload(token)
    importing.remove_upload(token)
    flash(_("The upload was discarded; nothing was imported."), "info")
    return redirect(url_for(".index"), code=303)
