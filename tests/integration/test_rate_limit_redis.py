"""With Redis configured, login limits are shared by every worker (two apps, one Redis)."""

from __future__ import annotations

from tests.conftest import login, seed_demo


def test_login_limit_is_shared_between_workers_through_redis(
    app, make_app, redis_url, redis_prefix
):
    seed_demo(app)
    settings = {"redis_url": redis_url, "redis_prefix": redis_prefix}
    worker_a = make_app(**settings)
    worker_b = make_app(**settings)
    for attempt in range(5):
        worker = worker_a if attempt % 2 else worker_b
        assert login(worker.test_client(), "owner@bikes.test", "wrong").status_code == 422
    # the sixth attempt, on either worker, is refused — even with the right password
    assert login(worker_a.test_client(), "owner@bikes.test", "demo-vendor").status_code == 429
    assert login(worker_b.test_client(), "owner@bikes.test", "demo-vendor").status_code == 429
    # a worker with its own memory store would not have known (the contrast that makes the point)
    alone = make_app()
    assert login(alone.test_client(), "owner@bikes.test", "demo-vendor").status_code == 302
