"""Product images over HTTP (bad uploads refused with nothing written, another vendor's
image 404, files gone after removal) and the inline stock count with and without an
inventory that answers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image as PILImage

from modules.catalog.models import Image, Product, Variant
from modules.catalog.services import listing
from modules.catalog.services import products as product_service
from tests.conftest import csrf_token
from wizamart.events import _signals
from wizamart.extensions import db

BAKERY = "/vendor/bakery/catalog"


def png(size=(120, 80)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def media_files(app) -> set[str]:
    root = Path(app.config["MEDIA_ROOT"])
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def owner(demo, login_as):
    return login_as(demo.test_client(), "bakery_owner")


def product_id(app, title="Sourdough loaf"):
    with app.app_context():
        return db.session.scalar(sa.select(Product.id).where(Product.title == title))


def upload(client, pid, data: bytes, name="photo.png", alt="A loaf"):
    token = csrf_token(client, f"{BAKERY}/products/{pid}")
    return client.post(
        f"{BAKERY}/products/{pid}/images",
        data={"csrf_token": token, "alt_text": alt, "image": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_image_is_stored_with_renditions_and_removed_with_its_files(demo, owner):
    pid = product_id(demo)
    before = media_files(demo)
    assert upload(owner, pid, png()).status_code == 302
    with demo.app_context():
        image = db.session.scalar(sa.select(Image).where(Image.product_id == pid))
        keys = {image.storage_key, *image.renditions.values()}
        image_id = image.id
    assert keys <= media_files(demo)
    page = owner.get(f"{BAKERY}/products/{pid}").get_data(as_text=True)
    assert 'alt="A loaf"' in page
    assert owner.get(f"/media/{image.renditions['thumb']}").status_code == 200

    confirm = owner.get(f"{BAKERY}/images/{image_id}/remove")
    assert confirm.status_code == 200 and "Remove this image?" in confirm.text
    token = csrf_token(owner, f"{BAKERY}/products/{pid}")
    response = owner.post(f"{BAKERY}/images/{image_id}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    assert media_files(demo) == before


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"I am text, renamed.", "photo.png", "This file is not an image we can read."),
        (b"", "empty.png", "The uploaded file is empty."),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_written(demo, owner, data, name, message):
    pid = product_id(demo)
    before = media_files(demo)
    response = upload(owner, pid, data, name)
    assert response.status_code == 422 and message in response.text
    assert 'value="A loaf"' in response.text  # the alt text is kept
    assert media_files(demo) == before
    with demo.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Image)) == 0


def test_oversized_and_bomb_images_are_refused(demo, owner):
    pid = product_id(demo)
    before = media_files(demo)
    demo.config["MEDIA_MAX_BYTES"], saved = 2000, demo.config["MEDIA_MAX_BYTES"]
    try:
        response = upload(owner, pid, png((600, 600)) + b"\0" * 3000)
        assert response.status_code == 422 and "The file is too large" in response.text
    finally:
        demo.config["MEDIA_MAX_BYTES"] = saved
    buffer = io.BytesIO()
    PILImage.new("1", (20000, 20000)).save(buffer, "PNG")
    response = upload(owner, pid, buffer.getvalue())
    assert response.status_code == 422 and "The image has too many pixels." in response.text
    assert media_files(demo) == before


def test_a_failure_after_the_files_are_written_leaves_no_files(demo, owner, monkeypatch):
    """The files of a request that fails later are deleted with its rollback."""
    from modules.catalog.services import images as image_service

    pid = product_id(demo)
    before = media_files(demo)

    def boom(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(image_service, "publish_product_changed", boom)
    demo.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = upload(owner, pid, png())
    finally:
        demo.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert media_files(demo) == before


def test_another_vendors_image_is_404(demo, owner, login_as):
    bikes = login_as(demo.test_client(), "bikes_owner")
    pid = product_id(demo, "City bike")
    token = csrf_token(bikes, f"/vendor/bikes/catalog/products/{pid}")
    bikes.post(
        f"/vendor/bikes/catalog/products/{pid}/images",
        data={"csrf_token": token, "image": (io.BytesIO(png()), "x.png")},
        content_type="multipart/form-data",
    )
    with demo.app_context():
        image_id = db.session.scalar(sa.select(Image.id))
    assert image_id is not None
    assert owner.get(f"{BAKERY}/images/{image_id}/remove").status_code == 404
    token = csrf_token(owner, f"{BAKERY}/products")
    response = owner.post(f"{BAKERY}/images/{image_id}", data={"csrf_token": token, "move": "up"})
    assert response.status_code == 404
    # Their product id with our upload route: 404 as well.
    assert upload(owner, pid, png()).status_code == 404


@pytest.fixture
def inventory_on(monkeypatch):
    """Catalog believes the inventory module is on (it is built on another branch)."""
    monkeypatch.setattr(listing, "inventory_on", lambda platform_id: True)
    from modules.catalog.routes.pages import vendor

    monkeypatch.setattr(vendor, "inventory_on", lambda platform_id: True)


@pytest.fixture
def answering_inventory(demo):
    """A stand-in for inventory's handler: a count comes back as stock_changed."""
    counted = []

    def handler(event):
        counted.append(event.payload)
        product_service.apply_stock_changed(
            event.vendor_id, event.payload.product_id, event.payload.variant_id,
            event.payload.on_hand,
        )  # fmt: skip
        db.session.commit()

    _signals.signal("catalog.stock_counted").connect(handler)
    yield counted
    _signals.signal("catalog.stock_counted").disconnect(handler)


def variant_of(app, title="Sourdough loaf"):
    with app.app_context():
        return db.session.scalar(sa.select(Variant.id).join(Product).where(Product.title == title))


HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def switch_inventory_off(app) -> None:
    """Inventory off on the demo platform, where the module is installed at all (it is
    built on another branch): its handlers then skip every event."""
    from tests.conftest import main_id
    from wizamart.modules.service import module_service

    if "inventory" in app.extensions["wizamart.registry"]:
        with app.app_context():
            module_service.disable_module(main_id(app), "inventory")
            db.session.commit()


def test_without_inventory_the_stock_column_and_route_are_absent(demo, owner):
    switch_inventory_off(demo)
    html = owner.get(f"{BAKERY}/products").get_data(as_text=True)
    assert 'name="stock"' not in html and ">Stock<" not in html
    token = csrf_token(owner, f"{BAKERY}/products")
    url = f"{BAKERY}/variants/{variant_of(demo)}/stock"
    assert owner.post(url, data={"csrf_token": token, "stock": "3"}).status_code == 404


def test_stock_count_arrives_through_inventory(demo, owner, inventory_on, answering_inventory):
    html = owner.get(f"{BAKERY}/products").get_data(as_text=True)
    assert 'name="stock"' in html
    token = csrf_token(owner, f"{BAKERY}/products")
    url = f"{BAKERY}/variants/{variant_of(demo)}/stock"
    response = owner.post(url, data={"csrf_token": token, "stock": "7"}, headers=HTMX)
    assert response.status_code == 200 and 'value="7"' in response.text
    assert [p.on_hand for p in answering_inventory] == [7]
    assert answering_inventory[0].user_email == "owner@bakery.test"
    with demo.app_context():
        product = db.session.scalar(sa.select(Product).where(Product.title == "Sourdough loaf"))
        assert product.stock_available == 7


def test_stock_count_without_an_answer_says_so(demo, owner, inventory_on):
    switch_inventory_off(demo)  # catalog still shows stock (patched); nobody answers
    token = csrf_token(owner, f"{BAKERY}/products")
    url = f"{BAKERY}/variants/{variant_of(demo)}/stock"
    response = owner.post(url, data={"csrf_token": token, "stock": "7"}, headers=HTMX)
    assert response.status_code == 202
    assert "Inventory has not confirmed the count yet." in response.text


@pytest.mark.parametrize("typed", ["-1", "abc", "1.5", "", "9" * 23, "3\r\n4"])
def test_bad_stock_counts_are_refused(demo, owner, inventory_on, answering_inventory, typed):
    token = csrf_token(owner, f"{BAKERY}/products")
    url = f"{BAKERY}/variants/{variant_of(demo)}/stock"
    response = owner.post(url, data={"csrf_token": token, "stock": typed}, headers=HTMX)
    assert response.status_code == 422
    assert answering_inventory == []


def test_deleting_a_product_deletes_its_image_files(demo, owner):
    pid = product_id(demo)
    before = media_files(demo)
    assert upload(owner, pid, png()).status_code == 302
    assert media_files(demo) > before
    token = csrf_token(owner, f"{BAKERY}/products")
    response = owner.post(f"{BAKERY}/products/{pid}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert media_files(demo) == before
    with demo.app_context():
        assert db.session.get(Product, pid) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Image)) == 0
