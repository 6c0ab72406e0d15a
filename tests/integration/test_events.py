"""Events between modules (wizamart.events), through the fixture modules of the shop set:
fxsales publishes `fxsales.sale_made`; fxstock (in the request, and as a job) and fxaudit
subscribe by name without importing fxsales.
"""

from __future__ import annotations

import importlib
import logging
import textwrap

import pytest
import sqlalchemy as sa
from rq import Queue

from tests.conftest import SHOP_MODULES, csrf_token, main_id, run_worker
from wizamart import create_app
from wizamart.events import (
    EventDeclarationError,
    EventPayload,
    EventPayloadError,
    UnknownEventError,
    declare,
    declared_events,
    publish,
)
from wizamart.extensions import db
from wizamart.jobs.idempotency import JobEffect
from wizamart.jobs.queue import queue_name
from wizamart.modules.findings import ModuleLoadError
from wizamart.modules.service import module_service

SALES = "/api/v1/storefront/bakery/fxsales/sales"


def part(app, code: str, name: str):
    """A fixture module's file, imported under the synthetic package it was loaded as."""
    return importlib.import_module(f"{app.extensions['wizamart.registry'][code].package}.{name}")


@pytest.fixture
def seen(shop):
    """What the handlers saw: fxstock's reservations and fxaudit's notes (emptied per test)."""
    stock, audit = part(shop, "fxstock", "subscribers"), part(shop, "fxaudit", "subscribers")
    lists = (stock.RESERVED, audit.NOTED, audit.CHAINED, audit.TOGGLED)
    for found in lists:
        found.clear()
    yield stock.RESERVED, audit.NOTED
    for found in lists:
        found.clear()


def record_sale(app, ref: str, platform_id: int | None = None):
    services = part(app, "fxsales", "services")
    return services.record_sale(platform_id or main_id(app), None, ref)


def claims(prefix: str) -> set[str]:
    """The once() keys taken by fxstock's handlers (their own committed writes)."""
    return set(db.session.scalars(sa.select(JobEffect.key).where(JobEffect.key.like(prefix + "%"))))


def sale_refs() -> list[str]:
    return list(db.session.execute(sa.text("SELECT ref FROM fxsales_sale ORDER BY id")).scalars())


# -- delivery follows the transaction ----------------------------------------------------
def test_handlers_run_after_the_commit_and_see_the_committed_sale(shop, seen):
    reserved, noted = seen
    with shop.app_context():
        sale = record_sale(shop, "A-1")
        sale_id = sale.id
        assert reserved == [] and noted == []  # published, not delivered before the commit
        db.session.commit()
        assert reserved == [(sale_id, "A-1")]  # another connection already reads the sale
        assert noted[0] | {"request_id": None} == {
            "sale_id": sale_id,
            "ref": "A-1",
            "platform_id": main_id(shop),
            "vendor_id": None,
            "request_id": None,
        }
        # The job handler ran inline (no Redis) and committed its own write.
        assert claims("fxstock:") == {f"fxstock:reserve:{sale_id}", f"fxstock:ship:{sale_id}"}


def test_nothing_is_delivered_for_a_rolled_back_change(shop, seen):
    reserved, noted = seen
    with shop.app_context():
        record_sale(shop, "GONE-1")
        db.session.rollback()
        db.session.commit()  # a later commit does not bring the dropped event back
        assert reserved == [] and noted == []
        assert sale_refs() == [] and claims("fxstock:") == set()


def test_a_rolled_back_savepoint_drops_only_its_own_events(shop, seen):
    _, noted = seen
    with shop.app_context():
        record_sale(shop, "KEPT-1")
        savepoint = db.session.begin_nested()
        record_sale(shop, "GONE-2")
        savepoint.rollback()
        with db.session.begin_nested():
            record_sale(shop, "KEPT-2")
        assert noted == []  # releasing a savepoint is not the commit
        db.session.commit()
        assert [note["ref"] for note in noted] == ["KEPT-1", "KEPT-2"]
        assert sale_refs() == ["KEPT-1", "KEPT-2"]


def test_an_event_published_before_the_transaction_begins_joins_the_next_commit(shop, seen):
    _, noted = seen
    with shop.app_context():
        db.session.remove()  # no transaction in progress
        publish("fxsales.sale_made", platform_id=main_id(shop), sale_id=999, ref="EARLY")
        assert noted == []
        db.session.commit()
        assert [note["ref"] for note in noted] == ["EARLY"]


def test_an_event_published_by_a_handler_is_delivered_after_the_current_ones(shop, seen):
    chained = part(shop, "fxaudit", "subscribers").CHAINED
    with shop.app_context():
        sale_id = record_sale(shop, "CHAIN-1").id
        db.session.commit()
        # fxaudit's handler runs first and publishes; fxstock's handlers of the sale run
        # before the chained event is delivered, not in the middle of it.
        assert chained == [(sale_id, True)]
        # what the chained handler left uncommitted was rolled back
        assert claims("fxaudit:") == set()


# -- modules and platforms ----------------------------------------------------------------
def test_handlers_of_a_module_disabled_on_the_events_platform_do_not_run(shop, seen):
    reserved, noted = seen
    from modules.tenancy.services.access import access

    with shop.app_context():
        oms = access.platform_by_code("oms").id
        module_service.disable_module(main_id(shop), "fxstock")
        on_main = record_sale(shop, "MAIN-1").id
        db.session.commit()
        assert [note["sale_id"] for note in noted] == [on_main]  # the other module still hears it
        assert reserved == [] and claims("fxstock:") == set()
        on_oms = record_sale(shop, "OMS-1", platform_id=oms).id  # fxstock is on there
        db.session.commit()
        assert [sale_id for sale_id, _ in reserved] == [on_oms]
        assert claims("fxstock:") == {f"fxstock:reserve:{on_oms}", f"fxstock:ship:{on_oms}"}


def test_switching_a_module_is_an_event_other_modules_hear_after_the_commit(shop, seen):
    toggled = part(shop, "fxaudit", "subscribers").TOGGLED
    with shop.app_context():
        platform = main_id(shop)
        module_service.disable_module(platform, "fxpayments")  # checkout and orders follow
        off = [(name, code) for name, pid, code in toggled if pid == platform]
        assert ("modules.module_disabled", "fxpayments") in off
        assert ("modules.module_disabled", "fxcheckout") in off
        toggled.clear()
        module_service.enable_module(platform, "fxcheckout")  # brings payments back
        on = sorted(code for name, _, code in toggled if name == "modules.module_enabled")
        assert "fxcheckout" in on and "fxpayments" in on
        toggled.clear()
        module_service.enable_module(platform, "fxcheckout")  # already on: nothing happens
        assert toggled == []


def test_an_app_without_the_subscriber_modules_delivers_nothing_to_them(app, shop, seen):
    """Several apps in one process share the declarations; each runs only its own modules."""
    reserved, noted = seen
    assert {"fxsales.sale_made", "fxaudit.sale_noted"} <= set(declared_events(shop))
    assert "fxsales.sale_made" not in declared_events(app)
    with app.app_context():
        publish("fxsales.sale_made", platform_id=1, sale_id=1, ref="ELSEWHERE")
        db.session.commit()
    assert reserved == [] and noted == []


# -- failures stay with the handler -------------------------------------------------------
def test_a_failing_handler_is_logged_with_the_request_id_and_the_sale_still_stands(
    shop, seen, caplog
):
    reserved, noted = seen
    client = shop.test_client()
    token = csrf_token(client)
    caplog.set_level(logging.ERROR, logger="wizamart.events")
    response = client.post(SALES, data={"ref": "fail-7"}, headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.get_data(as_text=True)
    sale_id, request_id = response.json["id"], response.headers["X-Request-ID"]
    failures = [r for r in caplog.records if r.name == "wizamart.events"]
    assert len(failures) == 1
    message = failures[0].getMessage()
    assert "fxstock" in message and "reserve_stock" in message and request_id in message
    assert "warehouse unreachable" in failures[0].exc_text
    with shop.app_context():
        assert sale_refs() == ["fail-7"]  # the publisher's data is committed
        # the failing handler's claim was rolled back; the handlers after it still ran
        assert claims("fxstock:") == {f"fxstock:ship:{sale_id}"}
    assert reserved == []
    assert noted[0]["sale_id"] == sale_id and noted[0]["request_id"] == request_id


def test_a_sale_over_http_reaches_every_handler(shop, seen):
    reserved, noted = seen
    client = shop.test_client()
    response = client.post(
        SALES, data={"ref": "WEB-1"}, headers={"X-CSRFToken": csrf_token(client)}
    )
    assert response.status_code == 201
    assert reserved == [(response.json["id"], "WEB-1")]
    assert noted[0]["vendor_id"] is not None and noted[0]["platform_id"] == main_id(shop)


def test_a_refused_sale_publishes_nothing(shop, seen):
    reserved, noted = seen
    client = shop.test_client()
    response = client.post(SALES, data={"ref": "  "}, headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 400 and "ref must be" in response.json["error"]
    assert reserved == [] and noted == []
    with shop.app_context():
        assert sale_refs() == []


def test_a_sale_without_the_csrf_token_is_refused(shop, seen):
    response = shop.test_client().post(SALES, data={"ref": "X-1"})
    assert response.status_code == 400
    with shop.app_context():
        assert sale_refs() == []


# -- programming errors are raised where they are made ------------------------------------
@pytest.mark.parametrize(
    "payload",
    [
        {"sale_id": "seven", "ref": "R"},  # wrong type
        {"ref": "R"},  # missing field
        {"sale_id": 7, "ref": "R", "total": "9.99"},  # field the schema does not have
        {"sale_id": object(), "ref": "R"},  # an object, not an id
    ],
)
def test_a_payload_that_does_not_fit_the_schema_is_refused_at_publish(shop, seen, payload):
    with shop.app_context():
        with pytest.raises(EventPayloadError, match="fxsales.sale_made"):
            publish("fxsales.sale_made", platform_id=main_id(shop), **payload)
        db.session.commit()
    assert seen == ([], [])


def test_publishing_an_undeclared_event_is_refused(shop):
    with shop.app_context(), pytest.raises(UnknownEventError, match="fxsales.sale_mad'"):
        publish("fxsales.sale_mad", platform_id=main_id(shop), sale_id=1, ref="R")


def test_a_schema_with_objects_in_it_cannot_be_declared():
    class Holder(EventPayload):
        model_config = {"frozen": True, "arbitrary_types_allowed": True}
        engine: sa.Engine

    with pytest.raises(EventDeclarationError, match="JSON values only"):
        declare("tests.holder", Holder)


def write_module(root, code: str, files: dict[str, str]) -> None:
    folder = root / code
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text('"""A module made by a test."""\n')
    definition = f"""
        from wizamart.modules import ModuleDefinition

        m = ModuleDefinition(code="{code}", name="{code}", is_self_contained=False)
    """
    (folder / "definition.py").write_text(textwrap.dedent(definition))
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text))


def test_a_subscription_to_an_unknown_event_stops_the_app(tmp_path, migrated_database):
    from tests.conftest import test_settings

    write_module(
        tmp_path,
        "fxtypo",
        {
            "subscribers.py": """
                from wizamart.events import subscribe

                @subscribe("fxsales.sale_mad")
                def misspelt(event):
                    pass
            """
        },
    )
    settings = test_settings(migrated_database, extra_modules_dirs=[SHOP_MODULES, tmp_path])
    with pytest.raises(
        ModuleLoadError,
        match=r"MOD-018 \[fxtypo\].*'fxsales\.sale_mad'; module 'fxsales' declares: fxsales\.sale_",
    ):
        create_app(settings)


def test_a_subscription_to_a_module_that_is_not_installed_waits_for_it(
    tmp_path, migrated_database, caplog
):
    """Events connect modules without a hard dependency: a listener of a publisher that
    this deployment does not have still starts, and says so; the check reports it too."""
    from click.testing import CliRunner

    from tests.conftest import test_settings
    from wizamart.modules.cli import modules_cli

    write_module(
        tmp_path,
        "fxlistener",
        {
            "subscribers.py": """
                from wizamart.events import subscribe

                @subscribe("fxloyalty.points_earned")
                def thank(event):
                    pass
            """
        },
    )
    caplog.set_level("INFO", logger="wizamart.events")
    app = create_app(test_settings(migrated_database, extra_modules_dirs=[tmp_path]))
    assert "fxlistener" in app.extensions["wizamart.registry"]
    said = [r.getMessage() for r in caplog.records if r.name == "wizamart.events"]
    assert any("INFO MOD-018 [fxlistener]" in line and "'fxloyalty'" in line for line in said)
    with app.app_context():
        result = CliRunner().invoke(modules_cli, ["check", "--modules-dir", str(tmp_path)])
    assert "INFO MOD-018 [fxlistener]" in result.output, result.output
    assert "not installed: the handler runs once it is" in result.output


def test_an_event_named_after_another_module_stops_the_app(tmp_path, migrated_database):
    from tests.conftest import test_settings

    write_module(
        tmp_path,
        "fxclaimer",
        {
            "events.py": """
                from wizamart.events import EventPayload, declare

                class Claimed(EventPayload):
                    id: int

                declare("fxorders.order_claimed", Claimed)
            """
        },
    )
    settings = test_settings(migrated_database, extra_modules_dirs=[tmp_path])
    with pytest.raises(
        ModuleLoadError, match=r"MOD-018 \[fxclaimer\].*'fxclaimer\.<what happened>'"
    ):
        create_app(settings)


# -- job handlers through a real RQ worker ------------------------------------------------
@pytest.fixture
def redis_app(shop, make_app, redis_url, redis_prefix):
    return make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )


def test_a_job_handler_runs_in_a_worker_after_the_commit(redis_app, seen):
    reserved, _ = seen
    with redis_app.app_context():
        queue = Queue(queue_name("default"), connection=redis_app.extensions["wizamart.redis"])
        sale_id = record_sale(redis_app, "JOB-1").id
        assert queue.count == 0  # nothing is queued before the commit
        db.session.commit()
        assert [sale for sale, _ in reserved] == [sale_id]  # the in-request handler ran
        [job] = queue.jobs
        assert job.meta["module"] == "fxstock" and job.meta["platform_id"] == main_id(redis_app)
        assert claims("fxstock:ship:") == set()  # queued, not run
    run_worker(redis_app)
    with redis_app.app_context():
        job.refresh()
        assert job.get_status() == "finished" and job.return_value() == "shipped JOB-1"
        assert claims("fxstock:ship:") == {f"fxstock:ship:{sale_id}"}


def test_a_failing_job_handler_fails_its_job_with_the_publishing_request_id(
    redis_app, seen, caplog
):
    client = redis_app.test_client()
    headers = {"X-CSRFToken": csrf_token(client)}
    response = client.post(SALES, data={"ref": "jobfail-1"}, headers=headers)
    assert response.status_code == 201  # queued, not run: the sale is made
    request_id = response.headers["X-Request-ID"]
    with redis_app.app_context():
        queue = Queue(queue_name("default"), connection=redis_app.extensions["wizamart.redis"])
        [job] = queue.jobs
    caplog.set_level(logging.ERROR, logger="wizamart.events")
    run_worker(redis_app)
    with redis_app.app_context():
        assert job.get_status(refresh=True) == "failed"
        assert claims("fxstock:ship:") == set()  # its claim was rolled back
        assert sale_refs() == ["jobfail-1"]
    [failure] = [r for r in caplog.records if r.name == "wizamart.events"]
    assert "fxstock.subscribers.ship" in failure.getMessage()
    assert request_id in failure.getMessage()


def test_without_redis_a_failing_job_handler_is_logged_and_the_sale_stands(shop, seen, caplog):
    reserved, noted = seen
    client = shop.test_client()
    caplog.set_level(logging.ERROR, logger="wizamart.events")
    headers = {"X-CSRFToken": csrf_token(client)}
    response = client.post(SALES, data={"ref": "jobfail-2"}, headers=headers)
    assert response.status_code == 201
    messages = [r.getMessage() for r in caplog.records if r.name == "wizamart.events"]
    assert any("ship" in m and response.headers["X-Request-ID"] in m for m in messages)
    assert [sale for sale, _ in reserved] == [response.json["id"]]
    with shop.app_context():
        assert sale_refs() == ["jobfail-2"] and claims("fxstock:ship:") == set()


def test_a_job_handler_is_not_queued_for_a_rolled_back_sale(redis_app, seen):
    with redis_app.app_context():
        record_sale(redis_app, "JOB-GONE")
        db.session.rollback()
        queue = Queue(queue_name("default"), connection=redis_app.extensions["wizamart.redis"])
        assert queue.count == 0
