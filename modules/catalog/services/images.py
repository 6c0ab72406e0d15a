"""Product images: add (checked, re-encoded, thumbnails), alt text, order, remove.

Files are written under `catalog/<vendor>/<product>/<random>/` only after the row's
checks passed; they are deleted again if the transaction does not commit, and a removed
image's files go only once the removal commits (wizamart/media.py).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.catalog.exceptions import Problems
from modules.catalog.models import Image, Product
from modules.catalog.services.products import (
    check_line,
    clean_line,
    image_keys,
    parse_id,
    publish_product_changed,
)
from modules.catalog.services.settings import shop_settings
from modules.tenancy.services.access import run_core
from wizamart.extensions import db
from wizamart.media import (
    ImageRejected,
    check_image,
    delete_after_commit,
    make_renditions,
    save_with_session,
)

MAX_IMAGES = 20  # per product
MAX_ALT = 255


def add_image(product: Product, data: bytes, alt_text: str = "", variant_id=None) -> Image:
    """Check the upload, store the image and its renditions, add the row (last)."""
    problems = Problems()
    alt = clean_line(alt_text)
    check_line(problems, "alt_text", alt, MAX_ALT)
    variant = None
    if variant_id not in (None, ""):
        wanted = parse_id(variant_id)
        variant = next((v for v in product.variants if v.id == wanted), None)
        if variant is None:
            problems.add("variant_id", _l("Pick a variant of this product."))
    if len(product.images) >= MAX_IMAGES:
        problems.add("image", _l("A product has at most %(limit)d images.", limit=MAX_IMAGES))
    checked = None
    if not problems:
        try:
            checked = check_image(data)
        except ImageRejected as exc:
            problems.add("image", str(exc))
    problems.raise_if_any()

    renditions = make_renditions(checked)
    folder = f"catalog/{product.vendor_id}/{product.id}/{secrets.token_hex(8)}"
    original, width, height = renditions.pop("original")
    image = Image(
        vendor_id=product.vendor_id,
        product_id=product.id,
        variant_id=variant.id if variant else None,
        alt_text=alt,
        position=max((i.position for i in product.images), default=0) + 1,
        width=width,
        height=height,
        storage_key=f"{folder}/original.webp",
        renditions={name: f"{folder}/{name}.webp" for name in renditions},
    )
    db.session.add(image)
    db.session.flush()  # the row is valid: now the files
    save_with_session(image.storage_key, original)
    for name, (data_, _w, _h) in renditions.items():
        save_with_session(image.renditions[name], data_)
    product.images.append(image)
    publish_product_changed(shop_settings(product.vendor_id), product.id)
    return image


def set_alt_text(image: Image, alt_text: str) -> None:
    problems = Problems()
    alt = clean_line(alt_text)
    check_line(problems, "alt_text", alt, MAX_ALT)
    problems.raise_if_any()
    image.alt_text = alt
    publish_product_changed(shop_settings(image.vendor_id), image.product_id)


def move_image(image: Image, direction: str) -> None:
    """Swap with the image before ("up") or after ("down")."""
    images = list(image.product.images)
    index = images.index(image)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(images):
        images[index], images[other] = images[other], images[index]
    for position, row in enumerate(images, 1):
        row.position = position
    publish_product_changed(shop_settings(image.vendor_id), image.product_id)


def remove_image(image: Image) -> None:
    """Delete the row now and the files once that commits."""
    for key in image_keys(image):
        delete_after_commit(key)
    product_id = image.product_id
    db.session.delete(image)
    db.session.flush()
    publish_product_changed(shop_settings(image.vendor_id), product_id)


#: What a list shows of an image (`image_tag`, the API's image): plain rows.
LIST_IMAGE_COLUMNS = (
    Image.id,
    Image.product_id,
    Image.variant_id,
    Image.storage_key,
    Image.renditions,
    Image.alt_text,
    Image.width,
    Image.height,
)


def first_images(vendor_id: int, product_ids: list[int]) -> dict[int, sa.Row]:
    """The first image of each product, in one statement (for lists): plain rows with
    the columns an image tag reads, on the session's connection (no ORM entities)."""
    if not product_ids:
        return {}
    first = (
        sa.select(Image.id)
        .where(Image.product_id == Product.id)
        .order_by(Image.position, Image.id)
        .limit(1)
        .correlate(Product)
        .scalar_subquery()
    )
    rows = run_core(
        sa.select(*LIST_IMAGE_COLUMNS)
        .join(Product, Image.id == first)
        .where(
            Image.vendor_id == vendor_id,
            Product.vendor_id == vendor_id,
            Product.id.in_(product_ids),
        )
    )
    return {image.product_id: image for image in rows}
