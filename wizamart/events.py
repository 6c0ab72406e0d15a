"""Events between modules: declared by name, published in the transaction, delivered after commit.

    # modules/orders/events.py: the publisher declares what it announces
    from wizamart.events import EventPayload, declare

    class OrderPlaced(EventPayload):
        order_id: int
        total: str

    declare("orders.order_placed", OrderPlaced)

    # modules/orders/services/checkout.py: published inside the service's transaction
    publish("orders.order_placed", platform_id=order.platform_id, vendor_id=order.vendor_id,
            order_id=order.id, total=str(order.total))
    db.session.commit()  # handlers run now, never for a rolled-back change

    # modules/inventory/subscribers.py: the subscriber names the event, imports nothing of orders
    from wizamart.events import subscribe

    @subscribe("orders.order_placed")
    def reserve_stock(event): ...                  # in the request, right after the commit

    @subscribe("orders.order_placed", run="job")
    def send_confirmation(event): ...              # as an RQ job (inline without Redis)

Subscribers name the event as a string, so a module can listen to another without
importing it (MOD-004 stays as strict as it is). The loader imports each module's
`events.py` and `subscribers.py`; `init_app` then refuses to start when a subscription
names an event no module of the app declares. blinker carries the dispatch (one signal
per event name, receivers in subscription order); module authors use only the functions
here. See docs/events.md.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Callable, MutableSet
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from blinker import NamedSignal, Namespace
from flask import Flask, current_app, g, has_app_context
from pydantic import BaseModel, ConfigDict, ValidationError

from wizamart.extensions import db
from wizamart.modules.findings import Finding, ModuleLoadError, Severity, errors, finding

log = logging.getLogger(__name__)

RUN_IN_REQUEST = "request"
RUN_AS_JOB = "job"
RUN_MODES = (RUN_IN_REQUEST, RUN_AS_JOB)
JOB_RUNNER = "wizamart.events.run_job_handler"
FRAMEWORK_PACKAGE = "wizamart."
# Keys in Session.info: events waiting for their transaction, the transactions that
# committed, and the queue being delivered (so a handler's own commit does not recurse).
PENDING = "wizamart.events.pending"
COMMITTED = "wizamart.events.committed"
DELIVERING = "wizamart.events.delivering"


class EventError(Exception):
    """Base of the errors of this API; each is a programming error, raised to the caller."""


class UnknownEventError(EventError, LookupError):
    """An event name that no module declared (at publish, or at start-up for a subscriber)."""


class EventPayloadError(EventError, ValueError):
    """A payload that does not fit the event's declared schema."""


class EventDeclarationError(EventError):
    """A declaration or subscription that cannot work (wrong prefix, schema, run mode...)."""


class EventPayload(BaseModel):
    """Base of payload schemas: immutable, no unknown fields, JSON values only.

    Fields are ids and plain values (int, str, bool, Decimal, datetime...), never ORM
    objects: a job handler receives the payload through Redis as JSON.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class Declaration:
    """An event a module announces: its name and the schema of its payload."""

    name: str
    schema: type[BaseModel]
    description: str = ""

    @property
    def python_module(self) -> str:
        """Where the schema is defined: tells which module declared the event."""
        return self.schema.__module__


@dataclass(frozen=True)
class Event:
    """One published event, as handlers receive it.

    `payload` is an instance of the declared schema; `request_id` is the id of the
    request that published it (None outside a request), for the logs of job handlers.
    """

    name: str
    payload: BaseModel
    platform_id: int
    vendor_id: int | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    request_id: str | None = None

    def to_json(self) -> dict:
        """The event as plain JSON values (what a job handler is sent)."""
        return {
            "name": self.name,
            "payload": self.payload.model_dump(mode="json"),
            "platform_id": self.platform_id,
            "vendor_id": self.vendor_id,
            "id": self.id,
            "request_id": self.request_id,
        }

    @classmethod
    def from_json(cls, data: dict) -> Event:
        """Rebuild an event sent to a job, validating the payload against its schema again."""
        declaration = declaration_of(data["name"])
        return cls(
            name=data["name"],
            payload=declaration.schema.model_validate(data["payload"]),
            platform_id=data["platform_id"],
            vendor_id=data.get("vendor_id"),
            id=data["id"],
            request_id=data.get("request_id"),
        )


class _OrderedSet(MutableSet):
    """blinker's receiver bookkeeping in connection order (its default `set` has none)."""

    def __init__(self, items=()) -> None:
        self._items = dict.fromkeys(items)

    def __contains__(self, item) -> bool:
        return item in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, item) -> None:
        self._items[item] = None

    def discard(self, item) -> None:
        self._items.pop(item, None)

    def copy(self) -> _OrderedSet:
        return _OrderedSet(self._items)


class _OrderedSignal(NamedSignal):
    set_class = _OrderedSet


class _Namespace(Namespace):
    def signal(self, name: str, doc: str | None = None) -> NamedSignal:
        if name not in self:
            self[name] = _OrderedSignal(name, doc)
        return self[name]


_signals = _Namespace()
_declarations: dict[str, Declaration] = {}
_subscriptions: list[Subscription] = []


# -- declaring and subscribing -------------------------------------------------------
def declare(name: str, schema: type[BaseModel], description: str = "") -> Declaration:
    """Declare the event `name` (`<module code>.<what happened>`) with its payload schema.

    Called at import time in the declaring module's `events.py`; the schema class must
    be defined in that module (it tells which module declared the event).
    """
    if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
        raise EventDeclarationError(f"event {name!r}: the schema must be an EventPayload class")
    if not schema.model_config.get("frozen"):
        raise EventDeclarationError(f"event {name!r}: {schema.__name__} must be frozen")
    try:
        schema.model_json_schema()  # fails for ORM objects and other non-JSON fields
    except Exception as exc:
        raise EventDeclarationError(
            f"event {name!r}: {schema.__name__} must hold JSON values only (ids, not objects)"
        ) from exc
    existing = _declarations.get(name)
    if existing is not None and existing.schema is not schema:
        raise EventDeclarationError(
            f"event {name!r} is already declared in {existing.python_module}"
        )
    declaration = Declaration(name, schema, description)
    _declarations[name] = declaration
    _signals.signal(name, description or None)
    return declaration


@dataclass(frozen=True, eq=False)
class Subscription:
    """A handler of one event, and how it runs (in the request, or as a job)."""

    event_name: str
    handler: Callable[[Event], Any]
    run: str = RUN_IN_REQUEST
    priority: str = "default"
    attempts: int = 1

    @property
    def python_module(self) -> str:
        return self.handler.__module__

    @property
    def path(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"

    def __call__(self, event: Event) -> None:
        """Deliver one event (blinker calls this): never raises, a failure is logged."""
        module = current_app.extensions.get("wizamart.events", {}).get(self)
        if module is None:
            return  # a handler of a module this app does not have (several apps per process)
        try:
            from wizamart.modules.service import module_service

            if not module_service.is_module_enabled(event.platform_id, module):
                log.debug("%s: %s skipped, %s is off", event.name, self.path, module)
                return
            if self.run == RUN_AS_JOB:
                self._enqueue(event, module)
            else:
                self.handler(event)
        except Exception:
            log.exception(
                "event %s (%s): handler %s of module %s failed (request %s)",
                event.name,
                event.id,
                self.path,
                module,
                event.request_id,
            )
        finally:
            _discard_leftovers()

    def _enqueue(self, event: Event, module: str) -> None:
        from wizamart.jobs import enqueue

        enqueue(
            JOB_RUNNER,
            self.path,
            event.to_json(),
            platform_id=event.platform_id,
            vendor_id=event.vendor_id,
            module=module,
            priority=self.priority,
            attempts=self.attempts,
        )


def subscribe(
    name: str, *, run: str = RUN_IN_REQUEST, priority: str = "default", attempts: int = 1
):
    """Decorator: call the function with each `Event` named `name`, after its commit.

    `run="request"` calls it in the publisher's request, right after the commit;
    `run="job"` queues it as an RQ job (`priority`, `attempts` as for `enqueue`). Used
    in a module's `subscribers.py`; the function must be at module level.
    """
    if run not in RUN_MODES:
        raise EventDeclarationError(f"subscribe({name!r}): run must be one of {RUN_MODES}")

    def register(handler: Callable[[Event], Any]):
        if run == RUN_AS_JOB and "." in handler.__qualname__:
            raise EventDeclarationError(
                f"subscribe({name!r}): job handler {handler.__qualname__} must be a "
                "module-level function (the worker imports it by its dotted path)"
            )
        subscription = Subscription(name, handler, run, priority, attempts)
        _subscriptions.append(subscription)
        _signals.signal(name).connect(subscription, weak=False)
        return handler

    return register


def declaration_of(name: str) -> Declaration:
    """The declaration of `name`, or UnknownEventError naming the declared events."""
    try:
        return _declarations[name]
    except KeyError:
        known = ", ".join(sorted(_declarations)) or "none"
        raise UnknownEventError(f"unknown event {name!r} (declared: {known})") from None


# -- publishing ------------------------------------------------------------------------
def publish(name: str, *, platform_id: int, vendor_id: int | None = None, **fields) -> Event:
    """Announce `name` with the payload `fields`, delivered when the transaction commits.

    The payload is validated now (EventPayloadError at the publisher). The event joins
    db.session's current transaction (beginning one if none has begun): its handlers run
    after that transaction commits, and never if it is rolled back.
    """
    declaration = declaration_of(name)
    if not isinstance(platform_id, int) or isinstance(platform_id, bool):
        raise EventPayloadError(f"event {name!r}: platform_id must be an int")
    try:
        payload = declaration.schema.model_validate(fields)
    except ValidationError as exc:
        raise EventPayloadError(f"event {name!r}: invalid payload: {exc}") from exc
    request_id = g.get("request_id") if has_app_context() else None
    event = Event(name, payload, platform_id, vendor_id, request_id=request_id)
    session = db.session()
    # With no transaction yet, begin one as a query would: an event always belongs to a
    # transaction, and dies with it if it is never committed.
    transaction = session.get_nested_transaction() or session.get_transaction() or session.begin()
    session.info.setdefault(PENDING, {}).setdefault(transaction, []).append(event)
    return event


# -- the session's transaction decides -------------------------------------------------
def _on_commit(session) -> None:
    # Fired for the root transaction and for each released savepoint: remember which.
    committing = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(COMMITTED, set()).add(committing)


def _on_transaction_end(session, transaction) -> None:
    """Deliver the events of a committed root transaction; a savepoint passes its events up."""
    committed = transaction in session.info.get(COMMITTED, ())
    session.info.get(COMMITTED, set()).discard(transaction)
    events = session.info.get(PENDING, {}).pop(transaction, None)
    if not events:
        return
    if not committed:
        log.info("%d event(s) dropped: their transaction was rolled back", len(events))
        return
    if transaction.nested:
        session.info[PENDING].setdefault(_enclosing(transaction.parent), []).extend(events)
    elif transaction.parent is None:
        _deliver(session, events)


def _enclosing(transaction):
    """The savepoint or root transaction that a savepoint's events belong to once released."""
    while transaction.parent is not None and not transaction.nested:
        transaction = transaction.parent
    return transaction


def _deliver(session, events: list[Event]) -> None:
    """Send each event to its handlers. A handler's own commit queues its events behind."""
    queue = session.info.get(DELIVERING)
    if queue is not None:
        queue.extend(events)
        return
    queue = session.info[DELIVERING] = deque(events)
    try:
        while queue:
            event = queue.popleft()
            _signals.signal(event.name).send(event)
    finally:
        session.info.pop(DELIVERING, None)


def _discard_leftovers() -> None:
    """Roll back what a handler left uncommitted, so it never reaches the publisher's session."""
    session = db.session()
    if not session.in_transaction():
        return
    try:
        session.rollback()
    except Exception:  # a lost connection must not reach the publisher either
        log.exception("rolling back after an event handler failed")


def _listen_to_sessions() -> None:
    for name, listener in (
        ("after_commit", _on_commit),
        ("after_transaction_end", _on_transaction_end),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)


# -- jobs ---------------------------------------------------------------------------
def run_job_handler(handler_path: str, event_data: dict):
    """Run a `run="job"` handler in the worker (or inline): the job function enqueued."""
    from wizamart.jobs.queue import resolve

    event = Event.from_json(event_data)
    try:
        return resolve(handler_path)(event)
    except Exception:
        log.error(
            "event %s (%s): job handler %s failed (published in request %s)",
            event.name,
            event.id,
            handler_path,
            event.request_id,
        )
        raise


# -- start-up -----------------------------------------------------------------------
def init_app(app: Flask) -> None:
    """Check this app's declarations and subscriptions; find each subscriber's module.

    Called once from create_app after the modules are loaded. Refuses to start
    (ModuleLoadError, rule MOD-018) on an event named after another module, or a
    subscription to an event its module does not declare; a subscription to a module that
    is not installed is logged and waits for it.
    """
    owners, findings = check_events(app.extensions["wizamart.registry"])
    refused = errors(findings)
    if refused:
        raise ModuleLoadError(refused)
    for note in findings:
        log.info("%s", note)
    app.extensions["wizamart.events"] = owners
    _listen_to_sessions()


def check_events(registry) -> tuple[dict[Subscription, str], list[Finding]]:
    """Rule MOD-018 over the modules of `registry`, and each subscription's module.

    An event is named `<its module's code>.<what happened>`. A subscription names an event
    its module declares: when that module is installed and declares no such event, it is
    a typo (ERROR); when no module of that code is installed, it is allowed (INFO): events
    connect modules without a hard dependency, and the handler runs once the publisher is
    added.
    """
    findings: list[Finding] = []
    declared_here: dict[str, str] = {}
    for declaration in _declarations.values():
        if declaration.python_module.startswith(FRAMEWORK_PACKAGE):
            # The framework's own events (`modules.module_enabled`): any module may listen.
            declared_here[declaration.name] = "wizamart"
            continue
        module = _module_of(registry, declaration.python_module)
        if module is None:
            continue
        if not declaration.name.startswith(f"{module.code}."):
            findings.append(
                finding(
                    "MOD-018",
                    module.code,
                    f"{declaration.python_module}: event {declaration.name!r} must be named "
                    f"'{module.code}.<what happened>'",
                )
            )
            continue
        declared_here[declaration.name] = module.code
    owners: dict[Subscription, str] = {}
    codes = {module.code for module in registry}
    for subscription in _subscriptions:
        module = _module_of(registry, subscription.python_module)
        if module is None:
            continue
        owners[subscription] = module.code
        name = subscription.event_name
        if name in declared_here:
            continue
        publisher = name.split(".", 1)[0]
        if publisher in codes:
            known = ", ".join(n for n in sorted(declared_here) if n.startswith(publisher + "."))
            findings.append(
                finding(
                    "MOD-018",
                    module.code,
                    f"{subscription.path} subscribes to unknown event {name!r}; module "
                    f"'{publisher}' declares: {known or 'no events'}",
                )
            )
        else:
            findings.append(
                finding(
                    "MOD-018",
                    module.code,
                    f"{subscription.path} subscribes to {name!r} of module '{publisher}', "
                    "which is not installed: the handler runs once it is",
                    severity=Severity.INFO,
                )
            )
    return owners, findings


def _module_of(registry, python_module: str):
    """The module of the app whose package holds `python_module`, or None."""
    for module in registry:
        if python_module == module.package or python_module.startswith(module.package + "."):
            return module
    return None


def declared_events(app: Flask) -> dict[str, Declaration]:
    """The events declared by the app's modules, by name (for docs and tooling)."""
    registry = app.extensions["wizamart.registry"]
    return {
        name: declaration
        for name, declaration in _declarations.items()
        if _module_of(registry, declaration.python_module) is not None
    }
