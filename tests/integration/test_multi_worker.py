"""Several workers, one database: a module toggled in one is honoured by the others.

Each "worker" is a separate app instance on the session database, as gunicorn's
workers are separate processes on one database. Worker B serves a page first (so
it has a cached module state), worker A toggles the module, and B's very next
request must see the change — through the database stamp, and again with Redis.
"""

from __future__ import annotations

import logging
import re
import socket

import pytest
import sqlalchemy as sa

from tests.conftest import SHOP_MODULES
from wizamart.extensions import db
from wizamart.modules.models import ModuleChange
from wizamart.modules.service import ModuleServiceError, module_service

VENDOR_PAGE = "/vendor/bakery/fxpayments/"
ADMIN_PAGE = "/admin/fxpayments/"
STOREFRONT_PAGE = "/storefront/bakery/fxpayments/"


def menu_ids(client, path: str) -> set[str]:
    html = client.get(path).get_data(as_text=True)
    return set(re.findall(r'data-menu-item="([^"]+)"', html))


def toggle(worker, action: str, code: str, platform: str = "main"):
    """Enable or disable a module through one worker's app, as its admin page would."""
    from modules.tenancy.services.access import access

    with worker.app_context():
        platform_id = access.platform_by_code(platform).id
        return getattr(module_service, f"{action}_module")(platform_id, code)


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["database", "redis"])
def workers(request, shop, make_app):
    """Two workers on the demo database; with Redis (a key prefix of this test's) or without."""
    settings = {"extra_modules_dirs": [SHOP_MODULES]}
    if request.param == "redis":
        redis_url = request.getfixturevalue("redis_url")
        prefix = request.getfixturevalue("redis_prefix")
        settings.update(redis_url=redis_url, redis_prefix=prefix)
    return make_app(**settings), make_app(**settings)


def assert_module_visible(owner, admin, shopper, visible: bool) -> None:
    status = 200 if visible else 404
    assert owner.get(VENDOR_PAGE).status_code == status
    assert admin.get(ADMIN_PAGE).status_code == status
    assert shopper.get(STOREFRONT_PAGE).status_code == status
    assert ("fxpayments" in menu_ids(owner, "/vendor/bakery/")) is visible
    assert ("fxpayments" in menu_ids(admin, "/admin/")) is visible
    assert ("fxpayments" in menu_ids(shopper, "/storefront/bakery/")) is visible


def test_a_toggle_in_one_worker_is_honoured_by_another_on_its_next_request(workers, login_as):
    worker_a, worker_b = workers
    owner = login_as(worker_b.test_client(), "bakery_owner")
    admin = login_as(worker_b.test_client(), "admin")
    shopper = worker_b.test_client()
    assert_module_visible(owner, admin, shopper, True)  # B now holds a cached state

    toggle(worker_a, "disable", "fxpayments")
    assert_module_visible(owner, admin, shopper, False)
    # the cascade travelled too
    assert owner.get("/vendor/bakery/fxorders/").status_code == 404

    toggle(worker_a, "enable", "fxpayments")
    assert_module_visible(owner, admin, shopper, True)


def test_workers_honour_each_others_toggles_both_ways(workers, login_as):
    worker_a, worker_b = workers
    owner_a = login_as(worker_a.test_client(), "bakery_owner")
    owner_b = login_as(worker_b.test_client(), "bakery_owner")
    for client in (owner_a, owner_b):
        assert client.get("/vendor/bakery/fxcart/").status_code == 200

    toggle(worker_b, "disable", "fxcart")
    assert owner_a.get("/vendor/bakery/fxcart/").status_code == 404
    toggle(worker_a, "enable", "fxcart")
    assert owner_b.get("/vendor/bakery/fxcart/").status_code == 200


def test_with_redis_the_stamp_is_published_under_the_prefix(
    shop, make_app, redis_url, redis_prefix
):
    import redis

    settings = {
        "extra_modules_dirs": [SHOP_MODULES],
        "redis_url": redis_url,
        "redis_prefix": redis_prefix,
    }
    worker_a, worker_b = make_app(**settings), make_app(**settings)
    assert worker_b.test_client().get(STOREFRONT_PAGE).status_code == 200
    server = redis.Redis.from_url(redis_url)
    keys = list(server.scan_iter(f"{redis_prefix}:*stamp*"))
    assert len(keys) == 1, keys
    before = server.get(keys[0])

    toggle(worker_a, "disable", "fxpayments")

    assert server.get(keys[0]) != before
    assert worker_b.test_client().get(STOREFRONT_PAGE).status_code == 404


def test_with_redis_unreachable_pages_work_and_toggles_are_refused_cleanly(
    shop, make_app, login_as, caplog
):
    """Readers fall back to the database stamp; a writer that cannot announce a change
    to the other workers refuses it, with a message, rather than leave them stale."""
    settings = {
        "extra_modules_dirs": [SHOP_MODULES],
        "redis_url": f"redis://127.0.0.1:{closed_port()}/0",
    }
    worker_a, worker_b = make_app(**settings), make_app(**settings)
    caplog.set_level(logging.WARNING)
    owner = login_as(worker_b.test_client(), "bakery_owner")
    admin = login_as(worker_b.test_client(), "admin")
    shopper = worker_b.test_client()
    assert_module_visible(owner, admin, shopper, True)
    assert "Redis unavailable" in caplog.text

    with pytest.raises(ModuleServiceError, match="Redis is unreachable. Nothing was changed"):
        toggle(worker_a, "disable", "fxpayments")
    assert_module_visible(owner, admin, shopper, True)
    with worker_a.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleChange)) == 0


def test_a_toggle_its_worker_cannot_announce_is_refused_and_others_stay_right(
    shop, make_app, redis_url, redis_prefix
):
    reachable = {
        "extra_modules_dirs": [SHOP_MODULES],
        "redis_url": redis_url,
        "redis_prefix": redis_prefix,
    }
    cut_off = dict(reachable, redis_url=f"redis://127.0.0.1:{closed_port()}/0")
    worker_a, worker_b = make_app(**cut_off), make_app(**reachable)
    assert worker_b.test_client().get(STOREFRONT_PAGE).status_code == 200

    with pytest.raises(ModuleServiceError):
        toggle(worker_a, "disable", "fxpayments")

    assert worker_b.test_client().get(STOREFRONT_PAGE).status_code == 200
    toggle(worker_b, "disable", "fxpayments")  # the worker that reaches Redis can
    assert worker_b.test_client().get(STOREFRONT_PAGE).status_code == 404
