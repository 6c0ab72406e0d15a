"""A large CSV import runs as a job on a real RQ worker, with the progress widget."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

import modules.catalog.tasks as catalog_tasks
from modules.catalog.models import Variant
from modules.tenancy.models import Vendor
from tests.conftest import close_app, csrf_token, login, run_worker
from tests.http.test_catalog_csv import check
from wizamart.extensions import db
from wizamart.jobs import job_status

SIZES = ("XS", "S", "M", "L", "XL")


def big_file(products: int) -> bytes:
    lines = ["handle,sku,price,title_en,title_de,option1_name,option1_value"]
    for n in range(products):
        for i, size in enumerate(SIZES):
            product_columns = f"Shirt {n},Hemd {n},Size" if i == 0 else ",,"
            lines.append(f"shirt-{n},SH-{n}-{size},{10 + n % 7}.90,{product_columns},{size}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def redis_app(demo, make_app, redis_url, redis_prefix, tmp_path):
    app = make_app(redis_url=redis_url, redis_prefix=redis_prefix)
    app.config["CATALOG_IMPORT_DIR"] = str(tmp_path / "imports")
    yield app
    close_app(app)


def test_a_10000_row_file_is_imported_by_a_worker_with_the_progress_bar_moving(
    redis_app, tmp_path, monkeypatch
):
    client = redis_app.test_client()
    assert login(client, "owner@bakery.test", "demo-vendor").status_code == 302
    base = "/vendor/bakery/catalog/products/csv"
    response = client.post(
        f"{base}/import",
        data={
            "csrf_token": csrf_token(client, base),
            "file": (io.BytesIO(big_file(2000)), "shirts.csv"),
        },
        content_type="multipart/form-data",
    )
    location = response.headers["Location"]
    report = check(client, location)
    assert report.status_code == 200
    assert "2000 new products" in report.get_data(as_text=True)
    page = client.post(f"{location}/confirm", data={"csrf_token": csrf_token(client, location)})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="job-progress"' in html
    assert "Waiting for a worker" in html  # queued: nothing imported yet
    with redis_app.app_context():
        shirts = sa.select(sa.func.count()).select_from(Variant).where(Variant.sku.like("SH-%"))
        assert db.session.scalar(shirts) == 0

    seen = []
    report_progress = catalog_tasks.report_progress

    def spy(done, total=None, message=""):
        seen.append((done, total))
        report_progress(done, total, message)

    monkeypatch.setattr(catalog_tasks, "report_progress", spy)
    run_worker(redis_app)

    dones = [done for done, _total in seen]
    assert dones == sorted(dones) and len(set(dones)) >= 10  # the bar moved, step by step
    assert seen[-1] == (10_000, 10_000)
    job_id = html.split('hx-get="/jobs/', 1)[1].split("/", 1)[0]
    with redis_app.app_context():
        status = job_status(job_id)
        assert status.state == "finished" and status.done == 10_000
        assert status.result["label"].startswith("Products created: 2000, updated: 0")
        bakery = db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == "bakery"))
        counts = db.session.execute(
            sa.select(sa.func.count(sa.distinct(Variant.product_id)), sa.func.count()).where(
                Variant.vendor_id == bakery, Variant.sku.like("SH-%")
            )
        ).one()
    assert tuple(counts) == (2000, 10_000)
    widget = client.get(f"/jobs/{job_id}/progress").get_data(as_text=True)
    assert "Products created: 2000" in widget and 'href="/vendor/bakery/catalog/products"' in widget
    assert list((tmp_path / "imports").iterdir()) == []
