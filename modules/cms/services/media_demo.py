"""Demo media: a generated PNG logo for each demo shop (bakery, bikes, books) and for each
demo platform (main, oms): a coloured badge with a simple shape and the initials, drawn
with Pillow (no pictures of anyone's), uploaded through the library like any file, so
it is stored as WebP with its renditions and has alt text.

Idempotent: a shop whose library already holds `<code>-logo.png` is left alone.
`demo_logo(owner, code)` finds that item (the look's demo sets it as the shop's logo).
The app setting `CMS_DEMO_LOGOS` (default on) is off in the tests: five logos and their
WebP renditions take about a second, and most tests seed the demo; tests that want the
logos call `seed_logos()`.
"""

from __future__ import annotations

import io

import sqlalchemy as sa
from flask import current_app

from modules.cms.models import Media
from modules.cms.services.media import media_rows, upload
from modules.cms.services.owners import Owner
from modules.tenancy.models import Platform, Vendor
from wizamart.extensions import db

SIZE = 512
#: code -> (initials, background, accent, shape, alt text)
LOGOS = {
    "bakery": ("BB", "#8c4a1e", "#f3c77b", "loaf", "Boulangerie Bakery logo: a golden loaf"),
    "bikes": ("B&C", "#1f5fa8", "#ffd23f", "wheels", "Bikes & Co logo: two bicycle wheels"),
    "books": ("BC", "#3b4a7a", "#f2efe6", "book", "Books Corner logo: an open book"),
}
PLATFORM_LOGOS = {
    "main": ("W", "#0d6efd", "#ffffff", "cart", "Wizamart Main logo"),
    "oms": ("OMS", "#6f42c1", "#ffffff", "cart", "OMS Marketplace logo"),
}


def logo_filename(code: str) -> str:
    return f"{code}-logo.png"


def draw_logo(initials: str, background: str, accent: str, shape: str) -> bytes:
    """A square PNG badge: a rounded background, a shape and the initials."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=96, fill=background)
    s = SIZE
    if shape == "loaf":
        draw.ellipse((s * 0.18, s * 0.14, s * 0.82, s * 0.46), fill=accent)
        for x in (0.34, 0.5, 0.66):
            draw.line(
                (s * (x - 0.05), s * 0.22, s * (x + 0.05), s * 0.38), fill=background, width=10
            )
    elif shape == "wheels":
        for cx in (0.32, 0.68):
            box = (s * (cx - 0.15), s * 0.14, s * (cx + 0.15), s * 0.44)
            draw.ellipse(box, outline=accent, width=16)
        draw.line((s * 0.32, s * 0.29, s * 0.5, s * 0.2, s * 0.68, s * 0.29), fill=accent, width=12)
    elif shape == "book":
        draw.polygon(
            [(s * 0.2, s * 0.18), (s * 0.5, s * 0.24), (s * 0.5, s * 0.46), (s * 0.2, s * 0.4)],
            fill=accent,
        )
        draw.polygon(
            [(s * 0.8, s * 0.18), (s * 0.5, s * 0.24), (s * 0.5, s * 0.46), (s * 0.8, s * 0.4)],
            fill=accent,
        )
        draw.line((s * 0.5, s * 0.24, s * 0.5, s * 0.46), fill=background, width=6)
    else:  # cart
        draw.rectangle((s * 0.26, s * 0.2, s * 0.74, s * 0.36), fill=accent)
        for cx in (0.34, 0.66):
            draw.ellipse((s * (cx - 0.05), s * 0.39, s * (cx + 0.05), s * 0.47), fill=accent)
    font = ImageFont.load_default(size=int(s * (0.3 if len(initials) < 3 else 0.22)))
    draw.text((s / 2, s * 0.7), initials, fill=accent, font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def demo_logo(owner: Owner, code: str) -> Media | None:
    """The demo logo in the library of `owner` (the shop or platform with that code)."""
    return db.session.scalar(
        media_rows(owner).where(Media.filename == logo_filename(code)).order_by(Media.id)
    )


def seed() -> list[str]:
    """The demo's media (`flask demo seed`), unless CMS_DEMO_LOGOS is off."""
    if not current_app.config.get("CMS_DEMO_LOGOS", True):
        return []
    return seed_logos()


def seed_logos() -> list[str]:
    """A logo for each demo shop and platform that has none yet."""
    made = []
    owners = [
        (Owner.of_vendor(v), v.vendor_code, LOGOS[v.vendor_code])
        for v in db.session.scalars(sa.select(Vendor).where(Vendor.vendor_code.in_(LOGOS)))
    ] + [
        (Owner.of_platform(p), p.code, PLATFORM_LOGOS[p.code])
        for p in db.session.scalars(sa.select(Platform).where(Platform.code.in_(PLATFORM_LOGOS)))
    ]
    for owner, code, (initials, background, accent, shape, alt) in owners:
        if demo_logo(owner, code) is not None:
            continue
        upload(owner, logo_filename(code), draw_logo(initials, background, accent, shape), alt)
        made.append(code)
    db.session.flush()
    return [f"Media: demo logos for {', '.join(made)}."] if made else []
