"""CSV import of products: read the file, map its columns, check every row, then import.

The steps (docs/catalog.md, "CSV import and export"):

1. `read_upload(data)`: UTF-8 with or without BOM (anything else is refused with a
   message saying how to save the file), `,` or `;` found from the header, at most
   `MAX_BYTES` and `MAX_ROWS`. The file is kept in a private temp folder under a random
   token (`save_upload`) between the steps and removed after the import, when it fails,
   or after `KEEP_SECONDS`.
2. `guess_mapping(headers, ...)`: each column matched to a field by its name in English,
   German or French (the fields' translated labels and a few common synonyms).
3. `check_rows(...)`: the rows grouped into products (one row per variant; rows sharing a
   `handle` are one product, a row without handle is a product of its own), each product
   matched to an existing one by SKU (update) or new (create), then checked with the same
   functions as the product form (`services/products.py`). The answer is a `Report`:
   (line, column, message) per problem. Nothing is written.
4. `import_rows(...)`: the same rows through `create_product` / `update_product` in one
   transaction: every row or none.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from modules.catalog.config import setting
from modules.catalog.exceptions import Problems, ValidationFailed
from modules.catalog.models import (
    STATUS_LABELS,
    VAT_LABELS,
    VAT_RATES,
    Product,
    ProductStatus,
    Variant,
    VatClass,
)
from modules.catalog.services.categories import category_names
from modules.catalog.services.planner import analyze
from modules.catalog.services.products import (
    OptionInput,
    ProductInput,
    TextInput,
    VariantInput,
    check_categories,
    check_options,
    check_texts,
    check_variants,
    create_product,
    input_from_product,
    update_product,
)
from modules.catalog.services.settings import ShopSettings, shop_settings
from wizamart.extensions import db
from wizamart.i18n.locale import LANGUAGE_NAMES

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
INLINE_ROWS = 500  # more rows than this are imported by a background job
MAX_REPORTED = 500  # problems listed in the report (all are counted)
KEEP_SECONDS = 24 * 3600
BOM = b"\xef\xbb\xbf"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
NEUTRALISED_RE = re.compile(r"^'[=+\-@\t\r]")
OPTION_COUNT = 3
SKU_CHUNK = 500


class CsvRefused(ValueError):
    """A file that cannot be read as a product CSV; the message says why and what to do."""

    def __init__(self, message, status: int = 422):
        super().__init__(str(message))
        self.message = message
        self.status = status


# -- fields ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    key: str
    label: object  # lazy string
    synonyms: tuple[str, ...] = ()


def product_fields(settings: ShopSettings) -> list[Field]:
    """What a column can be imported as, in the order the mapping page lists them."""
    fields = [
        Field("handle", _l("Product handle"), ("handle", "product", "produkt", "produit")),
        Field("sku", _l("SKU"), ("ref", "reference", "article number", "artikelnummer")),
        Field("price", _l("Price"), ("preis", "prix")),
        Field("compare_at_price", _l("Compare-at price"), ("compare at", "streichpreis")),
        Field("status", _l("Status"), ("statut",)),
        Field("vat_class", _l("VAT rate"), ("vat", "tva", "mwst", "ust")),
        Field("categories", _l("Categories"), ("category", "kategorie", "categorie")),
    ]
    for number in range(1, OPTION_COUNT + 1):
        fields.append(Field(f"option{number}_name", _l("Option %(n)d name", n=number)))
        fields.append(Field(f"option{number}_value", _l("Option %(n)d value", n=number)))
    for language in settings.languages:
        default = language == settings.default_language
        name = LANGUAGE_NAMES.get(language, language)
        fields.append(
            Field(
                f"title_{language}",
                _l("Title (%(language)s)", language=name),
                ("title", "titel", "titre", "name", "nom") if default else (),
            )
        )
        fields.append(
            Field(
                f"description_{language}",
                _l("Description (%(language)s)", language=name),
                ("description", "beschreibung") if default else (),
            )
        )
    return fields


REQUIRED_FIELDS = ("sku",)


def normalise(name: str) -> str:
    """'Prix barré ' -> 'prix barre': what header names are compared as."""
    ascii_text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def field_names(fields: list[Field]) -> dict[str, str]:
    """Every name a field is known by (key, label in en/de/fr, synonyms) -> its key."""
    names: dict[str, str] = {}
    for language in ("en", "de", "fr"):
        with force_locale(language):
            for f in fields:
                names.setdefault(normalise(str(f.label)), f.key)
    for f in fields:
        names[normalise(f.key)] = f.key  # the export's own headers win
        for synonym in f.synonyms:
            names.setdefault(normalise(synonym), f.key)
    return names


def guess_mapping(headers: list[str], fields: list[Field]) -> list[str]:
    """For each column, the field its name matches ("" = not imported); a field is
    matched once, by its first column."""
    names = field_names(fields)
    taken: set[str] = set()
    mapping = []
    for header in headers:
        key = names.get(normalise(header), "")
        if key in taken:
            key = ""
        taken.add(key)
        mapping.append(key)
    return mapping


def check_mapping(mapping: list[str], fields: list[Field]) -> list:
    """Problems of a mapping chosen by the user (unknown field, a field twice, required
    field missing)."""
    known = {f.key: f for f in fields}
    problems = []
    seen: set[str] = set()
    for key in mapping:
        if not key:
            continue
        if key not in known:
            problems.append(_l("Pick the fields from the lists."))
            return problems
        if key in seen:
            problems.append(
                _l("Two columns are imported as “%(field)s”.", field=str(known[key].label))
            )
        seen.add(key)
    for key in REQUIRED_FIELDS:
        if key not in seen:
            problems.append(_l("Choose the column that holds the %(field)s.", field="SKU"))
    return problems


# -- reading ----------------------------------------------------------------------------
@dataclass
class Upload:
    """A file read as a product CSV: its header and rows as (line number, cells)."""

    delimiter: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    had_bom: bool = False


def decode(data: bytes) -> tuple[str, bool]:
    """The file's text (UTF-8, BOM removed) and whether it had a BOM; CsvRefused else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvRefused(_l("This file is in UTF-16. Save it as “CSV UTF-8” and upload it again."))
    had_bom = data.startswith(BOM)
    if had_bom:
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvRefused(
            _l(
                "This file is not in UTF-8 (line %(line)d cannot be read). In your "
                "spreadsheet, save it as “CSV UTF-8” and upload it again.",
                line=line,
            )
        ) from None
    if "\x00" in text:
        raise CsvRefused(_l("This is not a CSV file. Export your sheet as CSV and try again."))
    return text, had_bom


def sniff_delimiter(text: str) -> str:
    """`,` or `;`: the one that splits the header into more columns."""
    first_lines = "\n".join(text.splitlines()[:20])
    best, best_count = ",", 0
    for delimiter in (",", ";"):
        try:
            header = next(csv.reader(io.StringIO(first_lines), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(header) > best_count:
            best, best_count = delimiter, len(header)
    if best_count < 2:
        raise CsvRefused(
            _l(
                "No columns found. The first line must name the columns, separated "
                "by commas or semicolons."
            )
        )
    return best


def read_upload(data: bytes) -> Upload:
    """Check and parse an uploaded file (CsvRefused with a message for the user)."""
    if len(data) > MAX_BYTES:
        raise CsvRefused(too_large_message(), status=413)
    if not data.strip():
        raise CsvRefused(_l("The file is empty."))
    text, had_bom = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [h.strip() for h in next(reader)]
        rows = []
        last_line = reader.line_num
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num  # a cell may span lines
            if not any(c.strip() for c in cells):
                continue
            rows.append((first_line, cells))
            if len(rows) > MAX_ROWS:
                raise CsvRefused(
                    _l("The file has more than %(limit)d rows; split it.", limit=MAX_ROWS),
                    status=413,
                )
    except csv.Error as exc:
        raise CsvRefused(
            _l(
                "The file cannot be read as CSV at line %(line)d (%(error)s).",
                line=reader.line_num,
                error=str(exc),
            )
        ) from None
    if len(headers) > MAX_COLUMNS:
        raise CsvRefused(
            _l("The file has more than %(limit)d columns.", limit=MAX_COLUMNS), status=413
        )
    headers = [h or str(_l("Column %(n)d", n=i)) for i, h in enumerate(headers, 1)]
    if not rows:
        raise CsvRefused(_l("The file has a header but no rows."))
    return Upload(delimiter, headers, rows, had_bom)


def too_large_message():
    return _l(
        "The file is larger than %(limit)d MB. Split it into smaller files.",
        limit=MAX_BYTES // (1024 * 1024),
    )


# -- the file between the steps ------------------------------------------------------------
def upload_dir() -> Path:
    folder = Path(setting("import_dir") or Path(tempfile.gettempdir()) / "wizamart-catalog-imports")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def save_upload(vendor_id: int, user_id: int | None, filename: str, data: bytes) -> str:
    """Keep an accepted upload for the next steps; returns its token."""
    remove_stale_uploads()
    token = secrets.token_urlsafe(24)
    folder = upload_dir()
    (folder / f"{token}.csv").write_bytes(data)
    meta = {
        "vendor_id": vendor_id,
        "user_id": user_id,
        "filename": (filename or "")[:200],
        "created": time.time(),
        "mapping": None,
    }
    (folder / f"{token}.json").write_text(json.dumps(meta))
    return token


def load_upload(token: str, vendor_id: int) -> tuple[dict, bytes] | None:
    """The upload's metadata and bytes, if `token` is one of the vendor's uploads."""
    if not TOKEN_RE.match(token or ""):
        return None
    folder = upload_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        data = (folder / f"{token}.csv").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("vendor_id") != vendor_id:
        return None
    return meta, data


def remember_mapping(token: str, mapping: list[str]) -> None:
    path = upload_dir() / f"{token}.json"
    meta = json.loads(path.read_text())
    meta["mapping"] = mapping
    path.write_text(json.dumps(meta))


def remove_upload(token: str) -> None:
    if not TOKEN_RE.match(token or ""):
        return
    folder = upload_dir()
    for suffix in (".csv", ".json"):
        (folder / f"{token}{suffix}").unlink(missing_ok=True)


def remove_stale_uploads() -> None:
    """Uploads nobody confirmed within KEEP_SECONDS go."""
    limit = time.time() - KEEP_SECONDS
    for path in upload_dir().glob("*.*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue


# -- rows -> products --------------------------------------------------------------------
@dataclass
class Problem:
    line: int
    column: str
    message: str


@dataclass
class Report:
    """What checking the rows found: the problems (first MAX_REPORTED of them), how many
    there are, and what an import would do."""

    rows: int = 0
    creates: int = 0
    updates: int = 0
    variants: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    def add(self, line: int, column: str, message) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(Problem(line, column, str(message)))

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


@dataclass
class Row:
    line: int
    values: dict[str, str]  # field key -> cell


@dataclass
class Group:
    """The rows of one product (one per variant)."""

    handle: str
    rows: list[Row]
    product: Product | None = None
    data: ProductInput | None = None
    variant_rows: list[Row | None] = field(default_factory=list)  # per data.variants


def cell_value(text: str) -> str:
    """A cell as the product form would get it: stripped, with the export's formula
    neutralising quote taken off again."""
    text = (text or "").strip()
    if NEUTRALISED_RE.match(text):
        text = text[1:]
    return text


def mapped_rows(upload: Upload, mapping: list[str], report: Report) -> list[Row]:
    rows = []
    width = len(upload.headers)
    for line, cells in upload.rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            report.add(line, "", _l("This row has more cells than the header has columns."))
        values = {
            key: cell_value(cells[i]) for i, key in enumerate(mapping) if key and i < len(cells)
        }
        rows.append(Row(line, values))
    return rows


def group_rows(rows: list[Row]) -> list[Group]:
    groups: dict[str, Group] = {}
    out = []
    for row in rows:
        handle = row.values.get("handle", "")
        if handle and handle.lower() in groups:
            groups[handle.lower()].rows.append(row)
            continue
        group = Group(handle, [row])
        if handle:
            groups[handle.lower()] = group
        out.append(group)
    return out


def existing_variants(vendor_id: int, skus: list[str]) -> dict[str, tuple[int, int]]:
    """{lower sku: (product id, variant id)} of the vendor's variants among `skus`."""
    found: dict[str, tuple[int, int]] = {}
    unique = sorted({s.lower() for s in skus if s})
    for start in range(0, len(unique), SKU_CHUNK):
        chunk = unique[start : start + SKU_CHUNK]
        for sku, product_id, variant_id in db.session.execute(
            sa.select(Variant.sku, Variant.product_id, Variant.id).where(
                Variant.vendor_id == vendor_id, sa.func.lower(Variant.sku).in_(chunk)
            )
        ):
            found[sku.lower()] = (product_id, variant_id)
    return found


PRODUCT_KEYS = ("status", "vat_class", "categories") + tuple(
    f"option{n}_name" for n in range(1, OPTION_COUNT + 1)
)


def first_value(group: Group, key: str, report: Report, columns: dict[str, str]) -> str:
    """A product-level value: from the first row that has it; another value in a later
    row is a problem (it would be lost)."""
    value, line = "", 0
    for row in group.rows:
        cell = row.values.get(key, "")
        if not cell:
            continue
        if not value:
            value, line = cell, row.line
        elif cell != value:
            report.add(
                row.line,
                columns.get(key, key),
                _l("Line %(line)d gives this product another value.", line=line),
            )
    return value


def status_value(text: str) -> str:
    """'Aktiv' / 'active' / 'Actif' -> 'active' (anything else is passed on to be refused)."""
    wanted = normalise(text)
    for status, label in STATUS_LABELS.items():
        if wanted == status.value:
            return status.value
        for language in ("en", "de", "fr"):
            with force_locale(language):
                if wanted == normalise(str(label)):
                    return status.value
    return text


def vat_value(text: str) -> str:
    """'reduced' / '8' / '8 %' / a label -> 'reduced'."""
    wanted = normalise(text)
    for vat_class, rate in VAT_RATES.items():
        if wanted in (
            vat_class.value,
            normalise(vat_class.value),
            f"{rate}".rstrip("0"),
            str(rate),
        ):
            return vat_class.value
        for language in ("en", "de", "fr"):
            with force_locale(language):
                if wanted == normalise(str(VAT_LABELS[vat_class]).replace("%%", "%")):
                    return vat_class.value
    return text


def category_ids(text: str, categories: dict[str, int], report_to) -> list[int]:
    """'Breads | Cakes › Tarts' -> ids; an unknown name is reported."""
    ids = []
    for name in (n.strip() for n in text.split("|")):
        if not name:
            continue
        found = categories.get(normalise(name))
        if found is None:
            report_to(_l("No category is called “%(name)s”.", name=name))
        else:
            ids.append(found)
    return ids


def category_lookup(settings: ShopSettings) -> dict[str, int]:
    """Category paths ("Cakes › Tarts") and plain names (when unique) -> id."""
    lookup: dict[str, int] = {}
    plain: dict[str, list[int]] = {}
    for category_id, path in category_names(settings.vendor_id).items():
        lookup[normalise(path)] = category_id
        plain.setdefault(normalise(path.split(" › ")[-1]), []).append(category_id)
    for name, ids in plain.items():
        if len(ids) == 1:
            lookup.setdefault(name, ids[0])
    return lookup


def build_inputs(
    settings: ShopSettings, upload: Upload, mapping: list[str], report: Report
) -> list[Group]:
    """Rows -> groups with the ProductInput each would save (creates and updates)."""
    columns = {key: upload.headers[i] for i, key in enumerate(mapping) if key}
    rows = mapped_rows(upload, mapping, report)
    groups = group_rows(rows)
    skus = [row.values.get("sku", "") for row in rows]
    existing = existing_variants(settings.vendor_id, skus)
    products = load_products({pid for pid, _vid in existing.values()})
    categories = category_lookup(settings) if "categories" in columns else {}
    seen_skus: dict[str, int] = {}

    for group in groups:
        first = group.rows[0]
        for row in group.rows:
            sku = row.values.get("sku", "").lower()
            if sku and sku in seen_skus:
                report.add(
                    row.line,
                    columns["sku"],
                    _l("This SKU is also on line %(line)d.", line=seen_skus[sku]),
                )
            elif sku:
                seen_skus[sku] = row.line
        owners = {
            existing[s][0] for r in group.rows if (s := r.values.get("sku", "").lower()) in existing
        }
        if len(owners) > 1:
            report.add(
                first.line,
                columns.get("handle", columns["sku"]),
                _l("These rows name SKUs of different existing products."),
            )
            continue
        group.product = products.get(owners.pop()) if owners else None
        values = {key: first_value(group, key, report, columns) for key in PRODUCT_KEYS}

        def report_categories(message, line=first.line):
            report.add(line, columns.get("categories", ""), message)

        cat_ids = (
            category_ids(values["categories"], categories, report_categories)
            if values["categories"]
            else None
        )
        option_names = [
            values[f"option{n}_name"]
            for n in range(1, OPTION_COUNT + 1)
            if values[f"option{n}_name"]
        ]
        data = input_from_product(group.product) if group.product else ProductInput(variants=[])
        if group.product is None:
            data.variants = []
        for language in settings.languages:
            title = first_value(group, f"title_{language}", report, columns)
            description = first_value(group, f"description_{language}", report, columns)
            if not (title or description):
                continue
            text = data.texts.get(language) or TextInput()
            if title:
                text.title = title
            if description:
                text.description = description
            data.texts[language] = text
        if values["status"]:
            data.status = status_value(values["status"])
        if values["vat_class"]:
            data.vat_class = vat_value(values["vat_class"])
        if cat_ids is not None:
            data.category_ids = cat_ids
        by_sku = {v.sku.lower(): v for v in data.variants}
        group.variant_rows = [None] * len(data.variants)
        for row in group.rows:
            sku = row.values.get("sku", "")
            variant = by_sku.get(sku.lower()) if sku else None
            if variant is None:
                variant = VariantInput(sku=sku)
                data.variants.append(variant)
                group.variant_rows.append(row)
            else:
                group.variant_rows[data.variants.index(variant)] = row
            if row.values.get("price") or variant.id is None:
                variant.price = row.values.get("price", "")
            if "compare_at_price" in columns and (
                row.values.get("compare_at_price") or variant.id is None
            ):
                variant.compare_at_price = row.values.get("compare_at_price", "")
            if option_names:
                variant.options = {
                    name: row.values.get(f"option{n}_value", "")
                    for n, name in enumerate(option_names, 1)
                }
        if option_names:
            data.options = [
                OptionInput(name, unique([v.options.get(name, "") for v in data.variants]))
                for name in option_names
            ]
        group.data = data
    return groups


def unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def load_products(ids: set[int]) -> dict[int, Product]:
    if not ids:
        return {}
    products = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), SKU_CHUNK):
        for product in db.session.scalars(
            sa.select(Product)
            .where(Product.id.in_(ordered[start : start + SKU_CHUNK]))
            .options(
                sa.orm.selectinload(Product.texts),
                sa.orm.selectinload(Product.variants),
                sa.orm.selectinload(Product.options),
                sa.orm.selectinload(Product.categories),
            )
        ):
            products[product.id] = product
    return products


# -- checking -----------------------------------------------------------------------------
FIELD_RE = re.compile(r"^(variant_sku|variant_price|variant_compare)_(\d+)$")
VARIANT_FIELDS = {
    "variant_sku": "sku",
    "variant_price": "price",
    "variant_compare": "compare_at_price",
}


def check_group(settings: ShopSettings, group: Group) -> dict[str, list[str]]:
    """The product form's checks (services/products.py) for one group: {field: messages}."""
    problems = Problems()
    data = group.data
    check_texts(problems, data, settings, group.product)
    if data.status not in ProductStatus.__members__.values():
        problems.add("status", _l("Pick a status from the list."))
    if data.vat_class not in VatClass.__members__.values():
        problems.add("vat_class", _l("Pick a VAT rate from the list."))
    check_categories(problems, settings.vendor_id, data.category_ids)
    options = check_options(problems, data.options)
    check_variants(problems, data, options, settings, group.product)
    return {name: [str(m) for m in messages] for name, messages in problems.errors.items()}


def report_group(report: Report, group: Group, errors: dict, columns: dict[str, str]) -> None:
    """Service field names -> (line, CSV column) of the row they come from."""
    first = group.rows[0]
    for name, messages in errors.items():
        line, key = first.line, ""
        match = FIELD_RE.match(name)
        if match:
            index = int(match.group(2))
            row = group.variant_rows[index] if index < len(group.variant_rows) else None
            line = row.line if row is not None else first.line
            key = VARIANT_FIELDS[match.group(1)]
        elif name.startswith(("title_", "description_")):
            key = name
        elif name.startswith("option_name_") or name.startswith("option_values_"):
            key = f"option{int(name.rsplit('_', 1)[1]) + 1}_name"
        elif name in ("status", "vat_class", "categories"):
            key = name
        elif name == "variants":
            key = "handle" if "handle" in columns else "sku"
        else:
            key = name
        column = columns.get(key) or key
        for message in messages:
            report.add(line, column, message)


def check_rows(vendor_id: int, upload: Upload, mapping: list[str]) -> tuple[Report, list[Group]]:
    """Check every row without writing anything."""
    settings = shop_settings(vendor_id)
    report = Report(rows=len(upload.rows))
    columns = {key: upload.headers[i] for i, key in enumerate(mapping) if key}
    groups = build_inputs(settings, upload, mapping, report)
    with db.session.no_autoflush:
        for group in groups:
            if group.data is None:
                continue
            errors = check_group(settings, group)
            if errors:
                report_group(report, group, errors, columns)
            if group.product is None:
                report.creates += 1
            else:
                report.updates += 1
            report.variants += len(group.data.variants)
    return report, groups


class ImportFailed(ValueError):
    """The rows did not pass the checks at import time: nothing was written."""

    def __init__(self, report: Report):
        super().__init__(f"{report.problem_count} problem(s)")
        self.report = report


def import_rows(vendor_id: int, upload: Upload, mapping: list[str], progress=None) -> Report:
    """Create or update every product of the file in the caller's transaction, or raise
    ImportFailed (the caller rolls back). `progress(done, total)` is called as rows go."""
    report, groups = check_rows(vendor_id, upload, mapping)
    if not report.ok:
        raise ImportFailed(report)
    columns = {key: upload.headers[i] for i, key in enumerate(mapping) if key}
    done = 0
    for number, group in enumerate(groups, 1):
        try:
            if group.product is None:
                create_product(vendor_id, group.data)
            else:
                update_product(group.product, group.data)
        except ValidationFailed as exc:  # e.g. changed since the check: all or nothing
            report_group(report, group, exc.errors, columns)
            raise ImportFailed(report) from None
        done += len(group.rows)
        if progress is not None and (number % 50 == 0 or number == len(groups)):
            progress(done, report.rows)
    return report


def report_to_json(report: Report) -> dict:
    return {
        "rows": report.rows,
        "creates": report.creates,
        "updates": report.updates,
        "variants": report.variants,
        "problem_count": report.problem_count,
        "problems": [[p.line, p.column, p.message] for p in report.problems],
    }


class UploadGone(ValueError):
    """The upload's file is not there any more (imported, failed, or too old)."""


def run_import(token: str, vendor_id: int, progress=None) -> Report:
    """Import a checked upload in one transaction and commit it; the file is removed
    whatever happens (ImportFailed / any error: rolled back, nothing written). A file
    too large for the request (the job's) refreshes the planner statistics afterwards."""
    loaded = load_upload(token, vendor_id)
    if loaded is None:
        raise UploadGone(token)
    meta, data = loaded
    try:
        upload = read_upload(data)
        report = import_rows(vendor_id, upload, meta.get("mapping") or [], progress)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        remove_upload(token)
    if report.rows > INLINE_ROWS:
        analyze()
    return report
