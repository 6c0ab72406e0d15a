"""Content pages: a shop's (vendor_id set) or the platform's own (vendor_id NULL).

Rules (docs/cms.md, "Pages"):
- **Texts per language.** A page has a text in the owner's default language (the
  platform's) and may have one in each other language of the platform. Shoppers get
  their language, else the default language, else any language the page has.
- **Versions.** Every save writes a new `PageVersion` for each language whose title,
  body or SEO fields changed; versions are never changed afterwards. `PageText` points at
  the version being edited (`current`) and the one shoppers see (`published`).
- **Bodies are cleaned** with `wizamart.richtext.clean_html` (nh3) on every save, whatever
  the browser sent: no scripts, styles, event handlers, iframes or `javascript:` links.
  Images stay only as this site's media files with alt text, and must be the owner's
  own library images with alt text there (`_check_images`).
- **Publishing** publishes the current version of every language; later saves stay
  unseen until the next publish ("unpublished changes"). Unpublishing hides the page:
  visitors get 404.
- **Restoring** a version writes a new version copying it (history is never rewritten).
- **Slugs** are unique per owner, made from the default-language title when the page is
  created (`first_free`: "about", "about-2"...), and stable: a new title keeps the slug.
- **Roles** ("terms", "privacy"...) are unique per owner, so other modules can ask
  `page_for_role("terms", vendor_id=...)` without knowing slugs.

Services flush; the caller commits (one transaction per request).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from modules.cms.exceptions import CmsError, ValidationFailed
from modules.cms.models import (
    Page,
    PageRole,
    PageStatus,
    PageText,
    PageVersion,
)
from modules.cms.services import media as media_service
from modules.cms.services.owners import Owner, as_id
from modules.tenancy.models import Platform, Vendor
from wizamart.extensions import db
from wizamart.richtext import clean_html, excerpt, images_in, media_key_of, plain_lines
from wizamart.slugs import MAX_SLUG, first_free, is_valid_slug, slugify, taken_slugs

MAX_TITLE = 200
MAX_SEO_TITLE = 200
MAX_SEO_DESCRIPTION = 400
#: A page body, cleaned: about 30 printed pages. More is a mistake (or an attack).
MAX_BODY = 200_000
MAX_POSITION = 9999
#: Load options: a page with its texts and their current versions (two more statements).
WITH_TEXTS = (sa.orm.selectinload(Page.texts).joinedload(PageText.current),)


def utcnow() -> datetime:
    return datetime.now(UTC)


# -- input -------------------------------------------------------------------------------
@dataclass
class TextInput:
    title: str = ""
    body: str = ""
    seo_title: str = ""
    seo_description: str = ""

    def is_empty(self) -> bool:
        return not any((self.title, self.body, self.seo_title, self.seo_description))

    def same_as(self, version: PageVersion | None) -> bool:
        return version is not None and all(
            getattr(self, f.name) == (getattr(version, f.name) or "") for f in fields(self)
        )

    @classmethod
    def of(cls, version: PageVersion | None) -> TextInput:
        if version is None:
            return cls()
        return cls(version.title, version.body, version.seo_title, version.seo_description)


@dataclass
class PageInput:
    texts: dict[str, TextInput] = field(default_factory=dict)
    slug: str = ""
    role: str = ""
    on_home: bool = False
    position: str | int = 0


def input_from_page(page: Page) -> PageInput:
    return PageInput(
        texts={t.language: TextInput.of(t.current) for t in page.texts},
        slug=page.slug,
        role=page.role or "",
        on_home=page.on_home,
        position=page.position,
    )


def _clean_text(text: TextInput) -> TextInput:
    return TextInput(
        title=(text.title or "").strip(),
        body=clean_html(text.body or "", images=True),
        seo_title=(text.seo_title or "").strip(),
        seo_description=" ".join((text.seo_description or "").split()),
    )


def _check_text(errors: dict, language: str, text: TextInput, required: bool) -> None:
    if text.is_empty() and not required:
        return
    if not text.title:
        errors[f"title_{language}"] = str(
            _l("Give the page a title.")
            if required
            else _l("Give a title in this language, or leave all its fields empty.")
        )
    elif len(text.title) > MAX_TITLE:
        errors[f"title_{language}"] = str(_l("At most %(count)d characters.", count=MAX_TITLE))
    if len(text.body) > MAX_BODY:
        errors[f"body_{language}"] = str(
            _l("The text is too long: at most %(count)d characters.", count=MAX_BODY)
        )
    if len(text.seo_title) > MAX_SEO_TITLE:
        errors[f"seo_title_{language}"] = str(
            _l("At most %(count)d characters.", count=MAX_SEO_TITLE)
        )
    if len(text.seo_description) > MAX_SEO_DESCRIPTION:
        errors[f"seo_description_{language}"] = str(
            _l("At most %(count)d characters.", count=MAX_SEO_DESCRIPTION)
        )


def _check_images(errors: dict, owner: Owner, texts: dict[str, TextInput]) -> None:
    """Images in the bodies (the cleaner kept only this site's media files with alt text)
    must be the owner's own images, and those need alt text in the library too: as
    anywhere an image is chosen (`media.not_choosable`). One statement for all texts."""
    keys = {
        lang: [media_key_of(image["src"]) for image in images_in(text.body)]
        for lang, text in texts.items()
    }
    wanted = [key for found in keys.values() for key in found]
    if not wanted:
        return
    library = media_service.images_by_key(owner, wanted)
    for lang, found in keys.items():
        for key in found:
            media = library.get(key)
            if media is None:
                problem = _l(
                    "An image in this text is not one of your media library's: insert "
                    "images with “Insert image”."
                )
            else:
                problem = media_service.not_choosable(media)
            if problem:
                errors.setdefault(f"body_{lang}", str(problem))
                break


def _owner_slugs(owner: Owner, page: Page | None):
    statement = sa.select(Page.slug).where(owner.where(Page))
    if page is not None and page.id is not None:
        statement = statement.where(Page.id != page.id)
    return statement.execution_options(all_vendors=True)


def _check_slug(errors: dict, owner: Owner, page: Page | None, slug: str, title: str) -> str:
    """The slug to keep: the typed one (checked), else the page's own, else one made
    from the default-language title."""
    if not slug:
        if page is not None:
            return page.slug
        base = slugify(title, fallback="page")
        return first_free(base, taken_slugs([_owner_slugs(owner, page)], base))
    if not is_valid_slug(slug):
        errors["slug"] = str(
            _l(
                "Use lower-case letters, digits and single hyphens (at most %(count)d), "
                "like about-us.",
                count=MAX_SLUG,
            )
        )
    elif db.session.scalar(_owner_slugs(owner, page).where(Page.slug == slug)):
        errors["slug"] = str(_l("Another page already has this address."))
    return slug


def _check_role(errors: dict, owner: Owner, page: Page | None, role: str) -> str | None:
    if not role:
        return None
    if role not in {r.value for r in PageRole}:
        errors["role"] = str(_l("Pick a role from the list."))
        return None
    statement = sa.select(Page.id).where(owner.where(Page), Page.role == role)
    if page is not None and page.id is not None:
        statement = statement.where(Page.id != page.id)
    if db.session.scalar(statement.execution_options(all_vendors=True)):
        errors["role"] = str(_l("Another page already has this role."))
    return role


def _check_position(errors: dict, value) -> int:
    try:
        number = int(str(value).strip() or 0)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_POSITION:
        errors["position"] = str(_l("A whole number from 0 to %(max)d.", max=MAX_POSITION))
        return 0
    return number


def save_page(owner: Owner, page: Page | None, data: PageInput, author_id=None) -> Page:
    """Create (`page` None) or change a page of `owner`: everything is checked first
    (ValidationFailed lists every problem, nothing written), then a new version for each
    language whose text changed. Flushes; the caller commits."""
    texts = {lang: _clean_text(data.texts.get(lang) or TextInput()) for lang in owner.languages}
    errors: dict[str, str] = {}
    for lang in owner.languages:
        _check_text(errors, lang, texts[lang], required=lang == owner.default_language)
    _check_images(errors, owner, texts)
    slug_text = (data.slug or "").strip().lower()
    slug = _check_slug(errors, owner, page, slug_text, texts[owner.default_language].title)
    role = _check_role(errors, owner, page, (data.role or "").strip())
    position = _check_position(errors, data.position) if owner.is_platform else 0
    if errors:
        raise ValidationFailed(errors)

    if page is None:
        page = Page(
            platform_id=owner.platform_id,
            vendor_id=owner.vendor_id,
            status=PageStatus.DRAFT.value,
            texts=[],
        )
        db.session.add(page)
    page.slug, page.role = slug, role
    page.on_home = bool(data.on_home) if owner.is_platform else False
    page.position = position
    db.session.flush()

    existing = {t.language: t for t in page.texts}
    changed = False
    for lang in owner.languages:
        text, row = texts[lang], existing.get(lang)
        if text.is_empty():
            if row is not None:  # the translation is taken away; its versions stay
                db.session.delete(row)
                page.texts.remove(row)
                changed = True
            continue
        if row is not None and text.same_as(row.current):
            continue
        version = _new_version(page, lang, text, author_id)
        if row is None:
            page.texts.append(
                PageText(
                    page_id=page.id,
                    vendor_id=page.vendor_id,
                    language=lang,
                    current_version_id=version.id,
                )
            )
        else:
            row.current_version_id = version.id
            db.session.expire(row, ["current"])
        changed = True
    if changed:
        page.updated_at = utcnow()
    db.session.flush()
    return page


def _new_version(page: Page, language: str, text: TextInput, author_id) -> PageVersion:
    number = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(PageVersion.number), 0))
        .where(PageVersion.page_id == page.id, PageVersion.language == language)
        .execution_options(all_vendors=True)
    )
    version = PageVersion(
        page_id=page.id,
        vendor_id=page.vendor_id,
        language=language,
        number=number + 1,
        title=text.title,
        body=text.body,
        seo_title=text.seo_title,
        seo_description=text.seo_description,
        author_id=author_id,
    )
    db.session.add(version)
    db.session.flush()
    return version


# -- publishing ----------------------------------------------------------------------------
def publish(page: Page) -> None:
    """Shoppers see the current version of every language from now on."""
    for text in page.texts:
        text.published_version_id = text.current_version_id
        db.session.expire(text, ["published"])
    page.status = PageStatus.PUBLISHED.value
    page.published_at = utcnow()
    db.session.flush()


def unpublish(page: Page) -> None:
    """Visitors get 404; the texts and versions stay for the next publish."""
    for text in page.texts:
        text.published_version_id = None
        db.session.expire(text, ["published"])
    page.status = PageStatus.DRAFT.value
    db.session.flush()


def is_published(page: Page) -> bool:
    return page.status == PageStatus.PUBLISHED.value


def has_unpublished_changes(page: Page) -> bool:
    """Published, but a language's current version is not the one shoppers see."""
    return is_published(page) and any(
        t.current_version_id != t.published_version_id for t in page.texts
    )


def delete_page(page: Page) -> None:
    """The page, its texts and every version; menu entries pointing at it go with it
    (their foreign key cascades). Texts first: they point at versions."""
    db.session.execute(
        sa.delete(PageText)
        .where(PageText.page_id == page.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.delete(PageVersion)
        .where(PageVersion.page_id == page.id)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(page, ["texts"])
    db.session.delete(page)
    db.session.flush()


# -- versions ------------------------------------------------------------------------------
def versions_query(page: Page, language: str | None = None) -> sa.Select:
    """The page's versions (for wizamart.lists), one language or all."""
    statement = sa.select(PageVersion).where(PageVersion.page_id == page.id)
    if language:
        statement = statement.where(PageVersion.language == language)
    return statement


def get_version(page: Page, version_id) -> PageVersion | None:
    """A version of this page (None for anything else, another page's included)."""
    ident = as_id(version_id)
    if ident is None:
        return None
    return db.session.scalar(
        sa.select(PageVersion)
        .where(PageVersion.id == ident, PageVersion.page_id == page.id)
        .execution_options(all_vendors=page.vendor_id is None)
    )


def current_version(page: Page, language: str) -> PageVersion | None:
    text = next((t for t in page.texts if t.language == language), None)
    return text.current if text is not None else None


def restore(page: Page, version: PageVersion, author_id=None) -> PageVersion:
    """A new current version of `version`'s language, copying it."""
    if version.page_id != page.id:
        raise CmsError(str(_l("This version belongs to another page.")))
    current = current_version(page, version.language)
    if current is not None and current.id == version.id:
        raise CmsError(str(_l("This version is already the current one.")))
    copy = _new_version(page, version.language, TextInput.of(version), author_id)
    row = next((t for t in page.texts if t.language == version.language), None)
    if row is None:
        page.texts.append(
            PageText(
                page_id=page.id,
                vendor_id=page.vendor_id,
                language=version.language,
                current_version_id=copy.id,
            )
        )
    else:
        row.current_version_id = copy.id
        db.session.expire(row, ["current"])
    page.updated_at = utcnow()
    db.session.flush()
    return copy


# -- comparing -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DiffRow:
    """A line of the side-by-side comparison: `kind` is equal, change, removed, added or
    skip (unchanged lines left out, `left` says how many)."""

    kind: str
    left: Markup
    right: Markup


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class Comparison:
    old: PageVersion
    new: PageVersion
    fields: list[FieldChange]
    rows: list[DiffRow]

    @property
    def same(self) -> bool:
        return not any(f.changed for f in self.fields) and all(r.kind == "equal" for r in self.rows)


def _word_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """Both lines, the words only one of them has marked with <del> / <ins>."""
    a, b = old.split(" "), new.split(" ")
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_words, new_words = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if tag == "equal":
            left.append(old_words)
            right.append(new_words)
            continue
        if i2 > i1:
            left.append(Markup("<del>%s</del>") % old_words)
        if j2 > j1:
            right.append(Markup("<ins>%s</ins>") % new_words)
    return Markup(" ").join(left), Markup(" ").join(right)


CONTEXT = 2


def diff_rows(old_lines: list[str], new_lines: list[str]) -> list[DiffRow]:
    """difflib's opcodes as side-by-side rows; long unchanged stretches are shortened to
    CONTEXT lines around each change."""
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            lines = old_lines[i1:i2]
            keep_start = CONTEXT if index > 0 else 0
            keep_end = CONTEXT if index < len(opcodes) - 1 else 0
            if len(lines) > keep_start + keep_end + 1:
                head, tail = lines[:keep_start], lines[len(lines) - keep_end :]
                skipped = len(lines) - len(head) - len(tail)
            else:
                head, tail, skipped = lines, [], 0
            rows += [DiffRow("equal", escape(line), escape(line)) for line in head]
            if skipped:
                rows.append(DiffRow("skip", Markup(str(skipped)), Markup("")))
            rows += [DiffRow("equal", escape(line), escape(line)) for line in tail]
            continue
        old_part, new_part = old_lines[i1:i2], new_lines[j1:j2]
        for k in range(max(len(old_part), len(new_part))):
            if k < len(old_part) and k < len(new_part):
                left, right = _word_diff(old_part[k], new_part[k])
                rows.append(DiffRow("change", left, right))
            elif k < len(old_part):
                rows.append(DiffRow("removed", escape(old_part[k]), Markup("")))
            else:
                rows.append(DiffRow("added", Markup(""), escape(new_part[k])))
    return rows


def compare(old: PageVersion, new: PageVersion) -> Comparison:
    """What changed from `old` to `new`: the title and SEO fields, and the body's text
    line by line (difflib), words marked within changed lines."""
    changes = [
        FieldChange(str(_l("Title")), old.title, new.title),
        FieldChange(str(_l("Search engine title")), old.seo_title, new.seo_title),
        FieldChange(str(_l("Search engine description")), old.seo_description, new.seo_description),
    ]

    def image(alt: str) -> str:
        return str(_l("Image: %(alt)s", alt=alt))

    old_lines, new_lines = plain_lines(old.body, image), plain_lines(new.body, image)
    return Comparison(old, new, changes, diff_rows(old_lines, new_lines))


# -- what visitors see ---------------------------------------------------------------------
@dataclass(frozen=True)
class PageView:
    """A published page in one language, ready to show."""

    page_id: int
    slug: str
    role: str | None
    language: str
    title: str
    body: str
    seo_title: str
    seo_description: str
    published_at: datetime | None
    languages: tuple[str, ...] = ()  # the languages it is published in

    @property
    def description(self) -> str:
        """For search engines: the SEO description, else the text's beginning."""
        return self.seo_description or excerpt(self.body, 160)


def pick_language(by_language: dict, wanted: str | None, default: str):
    """The wanted language's entry, else the default language's, else the first of the
    configured languages the page has (None: nothing)."""
    for language in (wanted, default, *current_app.config["LANGUAGES"]):
        if language in by_language:
            return by_language[language]
    return next(iter(by_language.values()), None)


def view_of(page: Page, by_language: dict, wanted: str | None, default: str) -> PageView | None:
    """The page in the best of its languages (`by_language`: language -> version)."""
    version = pick_language(by_language, wanted, default)
    if version is None:
        return None
    return PageView(
        page_id=page.id,
        slug=page.slug,
        role=page.role,
        language=version.language,
        title=version.title,
        body=version.body,
        seo_title=version.seo_title,
        seo_description=version.seo_description,
        published_at=page.published_at,
        languages=tuple(sorted(by_language)),
    )


def request_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def _published(where: Iterable, language: str | None) -> list[PageView]:
    """The published pages matching `where`, each in the best language: one statement."""
    rows = db.session.execute(
        sa.select(Page, PageVersion, Platform.default_language)
        .join(PageText, PageText.page_id == Page.id)
        .join(PageVersion, PageVersion.id == PageText.published_version_id)
        .join(Platform, Platform.id == Page.platform_id)
        .where(Page.status == PageStatus.PUBLISHED.value, *where)
        .order_by(Page.position, Page.id)
        .execution_options(all_vendors=True)
    ).all()
    pages: dict[int, tuple[Page, str, dict[str, PageVersion]]] = {}
    for page, version, default in rows:
        pages.setdefault(page.id, (page, default, {}))[2][version.language] = version
    views = []
    wanted = language or request_language()
    for page, default, by_language in pages.values():
        views.append(view_of(page, by_language, wanted, default))
    return views


def _owner_where(vendor_id: int | None, platform_id: int | None) -> list:
    if vendor_id is not None:
        return [Page.vendor_id == vendor_id]
    if platform_id is None:
        raise ValueError("page lookups name a vendor or a platform")
    return [Page.platform_id == platform_id, Page.vendor_id.is_(None)]


def published_page(
    slug: str, *, vendor_id: int | None = None, platform_id: int | None = None, language=None
) -> PageView | None:
    """The published page `slug` of the shop (or of the platform), in `language` (the
    request's) or its fallback; None when there is none (unknown, unpublished)."""
    if not is_valid_slug(slug or ""):
        return None
    found = _published([*_owner_where(vendor_id, platform_id), Page.slug == slug], language)
    return found[0] if found else None


@dataclass(frozen=True)
class PageLink:
    url: str
    title: str
    role: str | None = None
    slug: str = ""


def page_url(slug: str, vendor_code: str | None = None, **kwargs) -> str:
    if vendor_code is not None:
        return url_for("cms_storefront.page", vendor_code=vendor_code, slug=slug, **kwargs)
    return url_for("cms_public.page", slug=slug, **kwargs)


def _vendor_code(vendor_id: int) -> str:
    return db.session.scalar(sa.select(Vendor.vendor_code).where(Vendor.id == vendor_id))


def page_for_role(
    role: str,
    *,
    vendor_id: int | None = None,
    platform_id: int | None = None,
    language: str | None = None,
) -> PageLink | None:
    """The URL and title of the shop's (or the platform's) published page with this role
    ("terms", "privacy", "imprint"...), in the request's language; None when it has none
    published. Checkout links the terms with `page_for_role("terms", vendor_id=...)`."""
    if role not in {r.value for r in PageRole}:
        return None
    found = _published([*_owner_where(vendor_id, platform_id), Page.role == role], language)
    if not found:
        return None
    view = found[0]
    code = _vendor_code(vendor_id) if vendor_id is not None else None
    return PageLink(page_url(view.slug, code), view.title, role, view.slug)


def home_blocks(platform_id: int, language: str | None = None) -> list[PageView]:
    """The platform's published pages shown on its home page, by position."""
    return _published(
        [Page.platform_id == platform_id, Page.vendor_id.is_(None), Page.on_home.is_(True)],
        language,
    )


# -- sitemap ---------------------------------------------------------------------------------
def _published_of_vendor(vendor_id: int) -> sa.Select:
    return sa.select(Page).where(
        Page.vendor_id == vendor_id, Page.status == PageStatus.PUBLISHED.value
    )


def count_published(vendor_id: int) -> int:
    statement = _published_of_vendor(vendor_id).with_only_columns(sa.func.count(Page.id))
    return db.session.scalar(statement)


def published_urls(vendor_id: int, vendor_code: str, offset: int, limit: int):
    """(absolute URL, last change) of the shop's published pages, by id."""
    rows = db.session.execute(
        _published_of_vendor(vendor_id)
        .with_only_columns(Page.slug, Page.published_at)
        .order_by(Page.id)
        .offset(offset)
        .limit(limit)
    ).all()
    for slug, published_at in rows:
        yield page_url(slug, vendor_code, _external=True), published_at
