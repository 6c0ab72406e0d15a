"""The look of a shop, or of the platform's public site and sign-in page.

One `Theme` row per vendor, and one per platform (vendor_id NULL), made on the first
save; without a row a shop looks as it always did. A look is a logo and a favicon (images
of the owner's media library), a primary and an accent colour (`#rrggbb`), a font pair
(a fixed list of system font stacks: nothing is downloaded) and a header layout.

It reaches the pages as CSS custom properties in one small `<style>` (`look_css`), which
also sets Bootstrap's own variables, so every `btn-primary`, link and `text-primary` of
every module takes the shop's colours without a per-shop CSS file. What goes into that
`<style>` is only ever a colour that matched `COLOR_RE`, a font stack from `FONT_PAIRS`
or a rule from `HEADER_LAYOUTS`: nothing a user typed can close the element or add a rule.

Contrast follows WCAG 2.1 (relative luminance, ratio (L1 + 0.05) / (L2 + 0.05)): the text
on a coloured button is white or near-black, whichever reads better; a pair below 4.5:1
(AA for body text) is a warning on the form, never a refusal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from flask import g, has_app_context
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from modules.cms.exceptions import ValidationFailed
from modules.cms.models import Media, MediaKind, Theme
from modules.cms.services import media as media_service
from modules.cms.services.owners import Owner, as_id
from wizamart.extensions import db

COLOR_RE = re.compile(r"^#[0-9a-f]{6}$")
WHITE = "#ffffff"
NEAR_BLACK = "#212529"  # Bootstrap's body text
DARK_BODY = "#212529"  # Bootstrap's dark-mode page background
AA = 4.5  # WCAG 2.1 AA, body text

DEFAULT_PRIMARY = "#0d6efd"
DEFAULT_ACCENT = "#6c757d"

SYSTEM = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
    '"Liberation Sans", Arial, sans-serif'
)
TRANSITIONAL = 'Charter, "Bitstream Charter", "Sitka Text", Cambria, serif'
OLD_STYLE = '"Iowan Old Style", "Palatino Linotype", "URW Palladio L", P052, serif'
HUMANIST = 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif'
GEOMETRIC = 'Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif'
MONO = (
    'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, "DejaVu Sans Mono", '
    "monospace"
)


@dataclass(frozen=True)
class FontPair:
    label: object  # lazy string
    heading: str
    body: str


#: The font pairs a look may use: system fonts only (no web-font downloads).
FONT_PAIRS: dict[str, FontPair] = {
    "system": FontPair(_l("System"), SYSTEM, SYSTEM),
    "serif": FontPair(_l("Classic serif"), OLD_STYLE, TRANSITIONAL),
    "humanist": FontPair(_l("Humanist"), HUMANIST, HUMANIST),
    "geometric": FontPair(_l("Geometric headings"), GEOMETRIC, SYSTEM),
    "mono": FontPair(_l("Mono accents"), MONO, SYSTEM),
}
DEFAULT_FONT_PAIR = "system"


@dataclass(frozen=True)
class HeaderLayout:
    label: object
    help: object
    css: str  # rules for the storefront header (layouts/storefront.html)


_CENTERED = (
    "@media (min-width:768px){.store-header>.container{flex-wrap:wrap;justify-content:center}"
    ".store-header .navbar-brand{flex:0 0 100%;justify-content:center;margin:0 0 .5rem}"
    ".store-header .store-header-slot{width:auto!important;flex:0 1 28rem!important}"
    ".store-header .shop-logo{height:4rem}}"
)
#: How the shop's header is laid out (the storefront layout's markup stays as it is).
HEADER_LAYOUTS: dict[str, HeaderLayout] = {
    "classic": HeaderLayout(_l("Classic"), _l("Logo and name on the left, menu on the right."), ""),
    "centered": HeaderLayout(_l("Centred"), _l("A larger logo centred above the menu."), _CENTERED),
    "minimal": HeaderLayout(
        _l("Minimal"),
        _l("The shop's name only, in a slim header."),
        ".store-header{--bs-navbar-padding-y:.25rem}",
    ),
}
DEFAULT_HEADER_LAYOUT = "classic"

FIELDS = (
    "primary_color",
    "accent_color",
    "font_pair",
    "header_layout",
    "logo_media_id",
    "favicon_media_id",
)


# -- colours -----------------------------------------------------------------------------
def clean_color(value) -> str | None:
    """`value` as `#rrggbb` in lower case, or None when it is not one."""
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    return value if COLOR_RE.match(value) else None


def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def hex_color(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in (red, green, blue))


def mix(color: str, other: str, weight: float) -> str:
    """`weight` of `other` mixed into `color` (Sass's mix, as Bootstrap's tint/shade)."""
    return hex_color(*(a + (b - a) * weight for a, b in zip(rgb(color), rgb(other), strict=True)))


def tint(color: str, weight: float) -> str:
    return mix(color, WHITE, weight)


def shade(color: str, weight: float) -> str:
    return mix(color, "#000000", weight)


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(one: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, 1 to 21 (order does not matter)."""
    a, b = relative_luminance(one), relative_luminance(other)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def best_text_color(background: str) -> str:
    """White or near-black text, whichever contrasts more with `background`."""
    if contrast_ratio(WHITE, background) >= contrast_ratio(NEAR_BLACK, background):
        return WHITE
    return NEAR_BLACK


def readable_on(color: str, background: str) -> str:
    """`color`, lightened or darkened in steps until it reaches AA on `background`."""
    toward = WHITE if relative_luminance(background) < 0.5 else "#000000"
    for step in range(0, 21):
        candidate = mix(color, toward, step / 20)
        if contrast_ratio(candidate, background) >= AA:
            return candidate
    return toward


def shown_ratio(ratio: float) -> str:
    """The ratio as people read it ("4.48"): two decimals, never rounded up to a pass."""
    value = round(ratio, 2)
    if ratio < AA and value >= AA:
        value = math.floor(ratio * 100) / 100
    return format_decimal(value, format="0.00")


@dataclass(frozen=True)
class ContrastCheck:
    key: str  # "primary_text", "accent_text", "primary_link"
    label: str
    foreground: str
    background: str
    ratio: float

    @property
    def passes(self) -> bool:
        return self.ratio >= AA

    @property
    def shown(self) -> str:
        return shown_ratio(self.ratio)


def contrast_checks(primary: str, accent: str) -> list[ContrastCheck]:
    """The three pairs a look puts on the page: button text on the primary colour, text
    on the accent colour, and the primary colour as link text on white."""
    on_primary, on_accent = best_text_color(primary), best_text_color(accent)
    return [
        ContrastCheck(
            "primary_text",
            str(_l("Button text on the primary colour")),
            on_primary,
            primary,
            contrast_ratio(on_primary, primary),
        ),
        ContrastCheck(
            "accent_text",
            str(_l("Text on the accent colour")),
            on_accent,
            accent,
            contrast_ratio(on_accent, accent),
        ),
        ContrastCheck(
            "primary_link",
            str(_l("The primary colour as link text on white")),
            primary,
            WHITE,
            contrast_ratio(primary, WHITE),
        ),
    ]


def contrast_warnings(primary: str, accent: str) -> list[ContrastCheck]:
    """The pairs below WCAG AA (4.5:1): shown on the form; saving is still allowed."""
    return [check for check in contrast_checks(primary, accent) if not check.passes]


# -- the look as pages use it --------------------------------------------------------------
@dataclass(frozen=True)
class Image:
    key: str
    width: int | None = None
    height: int | None = None
    content_type: str = ""


@dataclass(frozen=True)
class Look:
    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT
    font_pair: str = DEFAULT_FONT_PAIR
    header_layout: str = DEFAULT_HEADER_LAYOUT
    logo: Image | None = None
    favicon: Image | None = None

    @classmethod
    def of(cls, primary, accent, font_pair, header_layout, logo=None, favicon=None) -> Look:
        """A look from stored or typed values; anything not valid falls back to the default
        (so a value that slipped past the form can never reach a page's CSS)."""
        return cls(
            clean_color(primary) or DEFAULT_PRIMARY,
            clean_color(accent) or DEFAULT_ACCENT,
            font_pair if font_pair in FONT_PAIRS else DEFAULT_FONT_PAIR,
            header_layout if header_layout in HEADER_LAYOUTS else DEFAULT_HEADER_LAYOUT,
            logo,
            favicon,
        )

    @property
    def primary_text(self) -> str:
        return best_text_color(self.primary)

    @property
    def accent_text(self) -> str:
        return best_text_color(self.accent)

    @property
    def fonts(self) -> FontPair:
        return FONT_PAIRS[self.font_pair]


def _look_statement(owner: Owner):
    logo, favicon = aliased(Media), aliased(Media)
    return (
        sa.select(
            Theme.primary_color,
            Theme.accent_color,
            Theme.font_pair,
            Theme.header_layout,
            logo.key,
            logo.width,
            logo.height,
            favicon.key,
            favicon.content_type,
        )
        .outerjoin(logo, logo.id == Theme.logo_media_id)
        .outerjoin(favicon, favicon.id == Theme.favicon_media_id)
        .where(owner.where(Theme))
        # the owner is named above; a platform's look asked inside a vendor's request
        # (an error page) must not be hidden by the request's vendor scope
        .execution_options(all_vendors=True)
    )


def look_of(owner: Owner) -> Look | None:
    """The owner's look with its logo and favicon, in one statement, cached for the
    request; None when the owner never saved one (the pages keep their usual look)."""
    cache = g.setdefault("cms_looks", {}) if has_app_context() else {}
    if owner in cache:
        return cache[owner]
    row = db.session.execute(_look_statement(owner)).first()
    look = None
    if row is not None:
        primary, accent, font_pair, layout, logo_key, width, height, fav_key, fav_type = row
        look = Look.of(
            primary,
            accent,
            font_pair,
            layout,
            Image(logo_key, width, height) if logo_key else None,
            Image(fav_key, content_type=fav_type or "") if fav_key else None,
        )
    cache[owner] = look
    return look


def forget_looks() -> None:
    if has_app_context():
        g.pop("cms_looks", None)


# -- the CSS -------------------------------------------------------------------------------
def _triplet(color: str) -> str:
    return ",".join(str(c) for c in rgb(color))


def _button(selector: str, background: str, text: str, outline: bool = False) -> str:
    light_text = text == WHITE
    hover = shade(background, 0.15) if light_text else tint(background, 0.15)
    active = shade(background, 0.2) if light_text else tint(background, 0.2)
    focus = _triplet(mix(background, text, 0.15))
    if outline:
        return (
            f"{selector}{{--bs-btn-color:var(--bs-link-color);--bs-btn-border-color:{background};"
            f"--bs-btn-hover-color:{text};--bs-btn-hover-bg:{background};"
            f"--bs-btn-hover-border-color:{background};--bs-btn-focus-shadow-rgb:{focus};"
            f"--bs-btn-active-color:{text};--bs-btn-active-bg:{background};"
            f"--bs-btn-active-border-color:{background};"
            f"--bs-btn-disabled-color:{background};--bs-btn-disabled-border-color:{background}}}"
        )
    return (
        f"{selector}{{--bs-btn-color:{text};--bs-btn-bg:{background};"
        f"--bs-btn-border-color:{background};--bs-btn-hover-color:{text};"
        f"--bs-btn-hover-bg:{hover};--bs-btn-hover-border-color:{hover};"
        f"--bs-btn-focus-shadow-rgb:{focus};--bs-btn-active-color:{text};"
        f"--bs-btn-active-bg:{active};--bs-btn-active-border-color:{active};"
        f"--bs-btn-disabled-color:{text};--bs-btn-disabled-bg:{background};"
        f"--bs-btn-disabled-border-color:{background}}}"
    )


def look_css(look: Look, scope: str = ":root", header: bool = False) -> str:
    """The look as CSS: custom properties on `scope` (`:root` for a whole page, a
    selector for the preview panel) and the few Bootstrap rules whose colours are not
    variables. `header` adds the storefront header's layout. Every value comes from a
    checked colour or a fixed list, so the text is safe inside <style>."""
    return _css(look.primary, look.accent, look.font_pair, look.header_layout, scope, header)


@lru_cache(maxsize=256)
def _css(primary, accent, font_pair, header_layout, scope: str, header: bool) -> str:
    # never trust the caller: the values pass the checks again
    look = Look.of(primary, accent, font_pair, header_layout)
    p, a = look.primary, look.accent
    p_text, a_text = look.primary_text, look.accent_text
    link_hover = shade(p, 0.2)
    dark_link = readable_on(p, DARK_BODY)
    dark_hover = tint(dark_link, 0.2)
    fonts = look.fonts
    dark_scope = (
        ":root[data-bs-theme=dark]" if scope == ":root" else f"[data-bs-theme=dark] {scope}"
    )
    inner = f"{scope} "
    rules = [
        f"{scope}{{--shop-primary:{p};--shop-primary-rgb:{_triplet(p)};--shop-primary-text:{p_text};"
        f"--shop-accent:{a};--shop-accent-rgb:{_triplet(a)};--shop-accent-text:{a_text};"
        f"--shop-font-body:{fonts.body};--shop-font-heading:{fonts.heading};"
        f"--bs-primary:{p};--bs-primary-rgb:{_triplet(p)};"
        f"--bs-primary-text-emphasis:{shade(p, 0.6)};--bs-primary-bg-subtle:{tint(p, 0.8)};"
        f"--bs-primary-border-subtle:{tint(p, 0.6)};"
        f"--bs-link-color:{p};--bs-link-color-rgb:{_triplet(p)};"
        f"--bs-link-hover-color:{link_hover};--bs-link-hover-color-rgb:{_triplet(link_hover)};"
        f"--bs-focus-ring-color:rgba({_triplet(p)},.25);"
        f"--bs-body-font-family:var(--shop-font-body);font-family:var(--shop-font-body)}}",
        f"{dark_scope}{{--bs-primary-text-emphasis:{tint(p, 0.4)};"
        f"--bs-primary-bg-subtle:{shade(p, 0.8)};--bs-primary-border-subtle:{shade(p, 0.4)};"
        f"--bs-link-color:{dark_link};--bs-link-color-rgb:{_triplet(dark_link)};"
        f"--bs-link-hover-color:{dark_hover};--bs-link-hover-color-rgb:{_triplet(dark_hover)}}}",
        _button(f"{inner}.btn-primary", p, p_text),
        _button(f"{inner}.btn-outline-primary", p, p_text, outline=True),
        _button(f"{inner}.btn-accent", a, a_text),
        f"{inner}.text-bg-accent{{color:{a_text}!important;background-color:{a}!important}}",
        f"{inner}.pagination{{--bs-pagination-active-bg:{p};--bs-pagination-active-border-color:{p};"
        f"--bs-pagination-active-color:{p_text}}}",
        f"{inner}.nav-pills{{--bs-nav-pills-link-active-bg:{p};"
        f"--bs-nav-pills-link-active-color:{p_text}}}",
        f"{inner}.form-check-input:checked{{background-color:{p};border-color:{p}}}",
        f"{inner}.form-control:focus,{inner}.form-select:focus,{inner}.form-check-input:focus"
        f"{{border-color:{tint(p, 0.5)};box-shadow:0 0 0 .25rem rgba({_triplet(p)},.25)}}",
        f"{inner}:is(h1,h2,h3,h4,h5,h6,.h1,.h2,.h3,.h4,.h5,.h6,.navbar-brand,.public-brand)"
        "{font-family:var(--shop-font-heading)}",
        f"{inner}.shop-logo{{height:2.5rem;width:auto;max-width:14rem;object-fit:contain}}",
        f"{inner}.store-header{{border-top:.25rem solid var(--shop-accent)}}",
    ]
    if header:
        rules.append(HEADER_LAYOUTS[look.header_layout].css)
    return "\n".join(rule for rule in rules if rule)


# -- editing -------------------------------------------------------------------------------
def theme_of(owner: Owner) -> Theme | None:
    return db.session.scalar(sa.select(Theme).where(owner.where(Theme)))


def form_values(theme: Theme | None) -> dict[str, str]:
    """The form's fields for a stored look (the defaults without one)."""
    if theme is None:
        return {
            "primary_color": DEFAULT_PRIMARY,
            "accent_color": DEFAULT_ACCENT,
            "font_pair": DEFAULT_FONT_PAIR,
            "header_layout": DEFAULT_HEADER_LAYOUT,
            "logo_media_id": "",
            "favicon_media_id": "",
        }
    return {
        "primary_color": theme.primary_color,
        "accent_color": theme.accent_color,
        "font_pair": theme.font_pair,
        "header_layout": theme.header_layout,
        "logo_media_id": str(theme.logo_media_id or ""),
        "favicon_media_id": str(theme.favicon_media_id or ""),
    }


def typed_values(form: Mapping) -> dict[str, str]:
    """The form's fields as typed (strings, cut to a sane length), for a refused form."""
    return {name: str(form.get(name, "") or "")[:50] for name in FIELDS}


IMAGE_FIELDS = ("logo_media_id", "favicon_media_id")


def chosen_ids(values: Mapping) -> dict[str, int | None | bool]:
    """The logo's and favicon's ids as typed: None for "no image", False when the value
    is not an id at all."""
    ids: dict[str, int | None | bool] = {}
    for name in IMAGE_FIELDS:
        raw = str(values.get(name) or "").strip()
        ids[name] = (as_id(raw) or False) if raw else None
    return ids


def chosen_images(owner: Owner, values: Mapping) -> dict[int, Media]:
    """The owner's images the form names (one statement, none without a choice)."""
    return media_service.images(owner, [i for i in chosen_ids(values).values() if i])


def check_values(owner: Owner, values: Mapping) -> tuple[dict, dict[str, str]]:
    """The form's values checked: (clean values, errors by field name). The logo and
    favicon must be images of the owner's own library with alt text, as for a page
    (`media.not_choosable`: another shop's id is refused like a wrong one). One
    statement at most (the media ids)."""
    errors: dict[str, str] = {}
    clean: dict = {}
    for name, label in (("primary_color", _l("primary")), ("accent_color", _l("accent"))):
        color = clean_color(values.get(name))
        if color is None:
            errors[name] = str(
                _l(
                    "Give the %(which)s colour as # and six hexadecimal digits, like #1a7f5a.",
                    which=label,
                )
            )
        clean[name] = color
    font_pair = values.get("font_pair") or DEFAULT_FONT_PAIR
    if font_pair not in FONT_PAIRS:
        errors["font_pair"] = str(_l("Pick one of the font pairs."))
    clean["font_pair"] = font_pair
    layout = values.get("header_layout") or DEFAULT_HEADER_LAYOUT
    if layout not in HEADER_LAYOUTS:
        errors["header_layout"] = str(_l("Pick one of the header layouts."))
    clean["header_layout"] = layout
    ids = chosen_ids(values)
    found = chosen_images(owner, values)
    for name, ident in ids.items():
        if ident is None:
            continue
        problem = media_service.not_choosable(found.get(ident) if ident else None)
        if problem:
            errors[name] = str(problem)
            ids[name] = None
    clean.update(ids)
    return clean, errors


def save_theme(owner: Owner, values: Mapping) -> Theme:
    """Check and store the owner's look (its row made on the first save); raises
    ValidationFailed with every field's problem and stores nothing then."""
    clean, errors = check_values(owner, values)
    if errors:
        raise ValidationFailed(errors)
    theme = theme_of(owner)
    if theme is None:
        theme = Theme(platform_id=owner.platform_id, vendor_id=owner.vendor_id)
        db.session.add(theme)
    theme.primary_color = clean["primary_color"]
    theme.accent_color = clean["accent_color"]
    theme.font_pair = clean["font_pair"]
    theme.header_layout = clean["header_layout"]
    theme.logo_media_id = clean["logo_media_id"]
    theme.favicon_media_id = clean["favicon_media_id"]
    db.session.flush()
    forget_looks()
    return theme


def preview_look(values: Mapping, images: Mapping[int, Media]) -> Look:
    """The look the form's (possibly unsaved, possibly wrong) values would give: wrong
    values fall back to the defaults; the logo comes from `images` (`chosen_images`)."""
    ids = chosen_ids(values)

    def image(name):
        found = images.get(ids[name]) if ids[name] else None
        if found is None:
            return None
        return Image(found.key, found.width, found.height, found.content_type)

    return Look.of(
        values.get("primary_color"),
        values.get("accent_color"),
        values.get("font_pair"),
        values.get("header_layout"),
        image("logo_media_id"),
        image("favicon_media_id"),
    )


# -- demo ----------------------------------------------------------------------------------
DEMO_LOOKS = {
    # vendor code: primary, accent, font pair, header layout
    "bakery": ("#8a4b16", "#f2c14e", "serif", "centered"),
    "bikes": ("#0b6e4f", "#f25c05", "geometric", "classic"),
    "books": ("#5b2a86", "#2ec4b6", "humanist", "minimal"),
}


def seed_demo() -> None:
    """The demo shops' looks (idempotent: a look already saved keeps its values); a
    shop's logo (and favicon) is the image of its library whose file name starts with
    "logo" or is "<code>-logo.png" (the media library's demo logo), if there is one yet."""
    from modules.tenancy.models import Vendor

    vendors = db.session.execute(
        sa.select(Vendor.id, Vendor.platform_id, Vendor.vendor_code).where(
            Vendor.vendor_code.in_(DEMO_LOOKS)
        )
    ).all()
    for vendor_id, platform_id, code in vendors:
        owner = Owner(platform_id, vendor_id)
        theme = theme_of(owner)
        if theme is not None and theme.logo_media_id is not None:
            continue
        logo = db.session.scalar(
            sa.select(Media.id)
            .where(
                owner.where(Media),
                Media.kind == MediaKind.IMAGE.value,
                Media.alt_text != "",  # choosable, as in the form
                # "logo…", or the media library's demo logo "<code>-logo.png"
                sa.or_(Media.filename.like("logo%"), Media.filename == f"{code}-logo.png"),
            )
            .order_by(Media.id)
            .limit(1)
        )
        if theme is not None:  # saved before the media library had its logo
            if logo is not None:
                theme.logo_media_id = theme.favicon_media_id = logo
            continue
        primary, accent, font_pair, layout = DEMO_LOOKS[code]
        save_theme(
            owner,
            {
                "primary_color": primary,
                "accent_color": accent,
                "font_pair": font_pair,
                "header_layout": layout,
                "logo_media_id": logo or "",
                "favicon_media_id": logo or "",
            },
        )
