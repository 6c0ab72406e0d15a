"""A job that sends mail runs twice (duplicate enqueue, retry): the mail goes out once.
The mail API is a real HTTP server on 127.0.0.1 that counts what it receives."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import sqlalchemy as sa
from rq import Queue, SimpleWorker

from tests.conftest import SHOP_MODULES
from wizamart.extensions import db
from wizamart.jobs.idempotency import JobEffect
from wizamart.jobs.queue import enqueue, queue_name


@pytest.fixture
def mail_api():
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(202)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received
    server.shutdown()


def test_a_mail_job_run_twice_sends_once(shop, make_app, redis_url, redis_prefix, mail_api):
    url, received = mail_api
    app = make_app(
        extra_modules_dirs=[SHOP_MODULES], redis_url=redis_url, redis_prefix=redis_prefix
    )
    func = f"{app.extensions['wizamart.registry']['fxcart'].package}.tasks.send_receipt"
    from modules.tenancy.services.access import access

    with app.app_context():
        main = access.platform_by_code("main").id
        first = enqueue(func, "order-7", url, platform_id=main, module="fxcart")
        second = enqueue(func, "order-7", url, platform_id=main, module="fxcart")  # a duplicate
        queue = Queue(queue_name("default"), connection=app.extensions["wizamart.redis"])
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        results = {queue.fetch_job(j.id).return_value() for j in (first, second)}
    assert results == {"sent", "already sent"}
    assert received == [b"order-7"]


def test_a_failed_effect_leaves_no_claim_so_the_retry_sends(shop, mail_api):
    url, received = mail_api
    func = f"{shop.extensions['wizamart.registry']['fxcart'].package}.tasks.send_receipt"
    from modules.tenancy.services.access import access

    with shop.app_context():
        main = access.platform_by_code("main").id
        with pytest.raises(RuntimeError, match="mail API down"):
            enqueue(func, "order-8", url, True, platform_id=main, module="fxcart")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(JobEffect)) == 0
        assert enqueue(func, "order-8", url, platform_id=main, module="fxcart").result == "sent"
        assert (
            enqueue(func, "order-8", url, platform_id=main, module="fxcart").result
            == "already sent"
        )
    assert received == [b"order-8"]
