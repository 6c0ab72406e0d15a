"""The periodic expiry of reservations, through a real Redis and RQ worker: fanned out
per platform with inventory on, it releases what is past its time and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from modules.inventory.models import Level, Reservation
from modules.inventory.services import items as item_service
from modules.inventory.services import reservations, stock
from tests.conftest import main_id, run_worker
from tests.integration.test_inventory_services import USER, make_item, vendor_ids
from wizamart.extensions import db
from wizamart.jobs.periodic import fan_out, scheduled_jobs


def test_the_expiry_job_runs_in_a_worker_and_releases_expired_reservations(
    demo, make_app, redis_url, redis_prefix
):
    app = make_app(redis_url=redis_url, redis_prefix=redis_prefix)
    with app.app_context():
        item = make_item(vendor_ids(app)["bakery"], 1)
        main = item_service.default_location(item.vendor_id)
        stock.adjust(item, main, 5, "received", USER)
        past = datetime.now(UTC) - timedelta(hours=1)
        reservations.reserve(item.vendor_id, {item.id: 2}, "old", timedelta(minutes=5), now=past)
        reservations.reserve(item.vendor_id, {item.id: 1}, "new", timedelta(hours=2))
        db.session.commit()
        (job,) = [j for j in scheduled_jobs() if j.module == "inventory"]
        assert job.job.name == "expire-reservations"
        assert main_id(app) in fan_out("inventory", job.func_path)
        # queued, not run: nothing released yet
        assert db.session.scalar(sa.select(Level.reserved)) == 3
    run_worker(app)
    with app.app_context():
        db.session.remove()
        states = dict(db.session.execute(sa.select(Reservation.reference, Reservation.state)).all())
        assert states == {"old": "expired", "new": "active"}
        assert db.session.scalar(sa.select(Level.reserved)) == 1
