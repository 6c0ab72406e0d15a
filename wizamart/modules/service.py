"""Per-platform enablement with dependency closure.

Effective state: a module is on for a platform when it is core, or when its
stored choice (default: on) is on *and* everything it requires is on. Enabling
a module also enables what it requires; disabling one also disables what
requires it. Each change bumps the platform's stamp so every worker reloads on
its next request (the stamp lives in the database, and in Redis when configured,
which saves the query).
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa
from blinker import Namespace
from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l

from wizamart.auth import forget_permissions
from wizamart.events import EventPayload, declare, publish
from wizamart.extensions import db
from wizamart.modules.definition import ModuleTier
from wizamart.modules.models import (
    ModuleChange,
    PlatformModule,
    PlatformModuleStamp,
    insert_if_absent,
    utcnow,
)
from wizamart.modules.registry import ModuleRegistry, current_registry

log = logging.getLogger(__name__)

STAMP_KEY = "{prefix}:modules:stamp:{platform_id}"
# Read on every request: built once (see modules/tenancy/services/access.py).
STAMP_VERSION = sa.select(PlatformModuleStamp.version).where(
    PlatformModuleStamp.platform_id == sa.bindparam("platform_id")
)

# Sent by the app after a committed toggle (platform_id, module, action, also):
# observability counts toggles with it.
module_toggled = Namespace().signal("module-toggled")


class ModuleServiceError(ValueError):
    """A toggle that is not allowed; the message is fit to show the admin."""


@dataclass
class Plan:
    """What a toggle will do: the module itself and what changes with it."""

    module: str
    action: str  # "enable" | "disable"
    also: list[str] = field(default_factory=list)
    noop: bool = False

    @property
    def changes(self) -> list[str]:
        return [] if self.noop else [self.module, *self.also]


ACTIONS = ("enable", "disable")


class ModuleToggled(EventPayload):
    """A module was switched on or off on a platform (`platform_id` says which)."""

    code: str


#: The framework's own events: a module may subscribe, e.g. to fill its read model of
#: another module's data when that module is switched on.
MODULE_ENABLED = "modules.module_enabled"
MODULE_DISABLED = "modules.module_disabled"
declare(MODULE_ENABLED, ModuleToggled, "A module was switched on for a platform.")
declare(MODULE_DISABLED, ModuleToggled, "A module was switched off for a platform.")


@dataclass(frozen=True)
class PlanStep:
    """One module a combined plan switches, and why: picked by the admin, or because of
    the modules it requires (disable) or that require it (enable) in the same plan."""

    code: str
    requested: bool
    requires: tuple[str, ...] = ()
    required_by: tuple[str, ...] = ()


@dataclass
class BulkPlan:
    """What switching several modules at once will do: the union of their closures."""

    action: str  # "enable" | "disable"
    steps: list[PlanStep] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # picked, but already so

    @property
    def changes(self) -> list[str]:
        return [step.code for step in self.steps]

    @property
    def requested(self) -> list[str]:
        return [step.code for step in self.steps if step.requested]

    @property
    def noop(self) -> bool:
        return not self.steps

    @property
    def reverse_action(self) -> str:
        return "disable" if self.action == "enable" else "enable"

    def log_entries(self, registry: ModuleRegistry) -> list[tuple[str, list[str]]]:
        """One change-log entry per picked module: (module, what changed with it).

        A module that follows from several picked ones is listed under the first.
        """
        taken = set(self.requested)
        entries = []
        for code in self.requested:
            closure = (
                registry.requirement_closure(code)
                if self.action == "enable"
                else registry.dependent_closure(code)
            )
            also = [c for c in self.changes if c in closure and c not in taken]
            taken.update(also)
            entries.append((code, also))
        return entries


class ModuleService:
    """Stateless apart from a per-process cache keyed by each platform's stamp."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, int], tuple[object, frozenset[str]]] = {}
        self._lock = threading.Lock()

    # -- reading -------------------------------------------------------------
    def get_platform_modules(self, platform_id: int) -> frozenset[str]:
        """Codes of the modules effectively enabled on a platform.

        Within one request the answer is memoised (gate, menus and permissions all ask),
        so the stamp is read once per request and platform.
        """
        memo = g.setdefault("_module_state", {}) if has_request_context() else {}
        if platform_id not in memo:
            memo[platform_id] = self._load_platform_modules(platform_id)
        return memo[platform_id]

    def _load_platform_modules(self, platform_id: int) -> frozenset[str]:
        registry = current_registry()
        key = (id(registry), platform_id)
        stamp = self._read_stamp(platform_id)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        enabled = self._compute_enabled(registry, self._stored_choices(platform_id))
        with self._lock:
            self._cache[key] = (stamp, enabled)
        return enabled

    def note_stamp(self, platform_id: int, version: int) -> None:
        """The platform's stamp as the host lookup read it, in the same statement as the
        platform: this request's module state then needs no statement of its own.

        Only for this request (kept in `g`), and only without Redis: with Redis the
        published stamp stays the one workers compare (it also changes when a platform
        id is reused), so nothing changes there.
        """
        if has_request_context() and self._redis() is None:
            g.setdefault("_module_stamps", {})[platform_id] = version

    def is_module_enabled(self, platform_id: int, code: str) -> bool:
        return code in self.get_platform_modules(platform_id)

    def _stored_choices(self, platform_id: int) -> dict[str, bool]:
        rows = db.session.execute(
            sa.select(PlatformModule.module_code, PlatformModule.enabled).where(
                PlatformModule.platform_id == platform_id
            )
        )
        return dict(rows.all())

    @staticmethod
    def _compute_enabled(registry: ModuleRegistry, choices: dict[str, bool]) -> frozenset[str]:
        enabled: set[str] = set()
        for code in registry.topological_order:
            module = registry[code]
            wanted = module.is_core or choices.get(code, True)
            if wanted and all(r in enabled for r in module.requires):
                enabled.add(code)
        return frozenset(enabled)

    # -- stamps --------------------------------------------------------------
    def _stamp_key(self, platform_id: int) -> str:
        return STAMP_KEY.format(prefix=current_app.config["REDIS_PREFIX"], platform_id=platform_id)

    def clear_cache(self) -> None:
        """Forget every cached state (tests that reset the database call this)."""
        with self._lock:
            self._cache.clear()

    def _redis(self):
        return current_app.extensions.get("wizamart.redis")

    def _db_stamp(self, platform_id: int) -> int:
        return db.session.execute(STAMP_VERSION, {"platform_id": platform_id}).scalar() or 0

    def _read_stamp(self, platform_id: int) -> object:
        noted = g.get("_module_stamps", {}).get(platform_id) if has_request_context() else None
        if noted is not None:
            return ("db", noted)
        redis = self._redis()
        if redis is not None:
            key = self._stamp_key(platform_id)
            try:
                value = redis.get(key)
                if value is not None:
                    return ("redis", value)
                version = self._db_stamp(platform_id)
                redis.set(key, version, nx=True)  # never overwrite a newer published stamp
                return ("redis", str(version).encode())
            except Exception:  # Redis down: the database still knows
                log.warning("Redis unavailable for module stamps; using the database")
        return ("db", self._db_stamp(platform_id))

    def _bump_stamp(self, platform_id: int) -> int:
        updated = db.session.execute(
            sa.update(PlatformModuleStamp)
            .where(PlatformModuleStamp.platform_id == platform_id)
            .values(version=PlatformModuleStamp.version + 1)
        )
        if updated.rowcount == 0:
            db.session.add(PlatformModuleStamp(platform_id=platform_id, version=1))
            db.session.flush()
        return self._db_stamp(platform_id)

    def _publish_stamp(self, platform_id: int, version: int) -> bool:
        """Tell every worker the platform's modules changed; False if Redis is unreachable.

        The value is the database version plus a random part: workers only compare it
        for equality, and a version number reused after a rolled-back change must
        still look new.
        """
        redis = self._redis()
        if redis is None:
            return True
        try:
            redis.set(self._stamp_key(platform_id), f"{version}-{uuid.uuid4().hex[:12]}")
        except Exception:
            log.exception("could not publish the module stamp of platform %s", platform_id)
            return False
        return True

    def bump_stamps(self, platform_ids) -> dict[int, int]:
        """Bump the stamps of platforms whose choices changed outside a toggle (the
        lifecycle: a new module switched off, an uninstall); the caller commits, then
        calls announce(). A missing stamp row is created insert-if-absent, so workers
        starting together do not collide on it."""
        versions = {}
        for platform_id in platform_ids:
            insert_if_absent(PlatformModuleStamp, platform_id=platform_id, version=0)
            versions[platform_id] = self._bump_stamp(platform_id)
        return versions

    def announce(self, versions: dict[int, int]) -> None:
        """Publish committed stamps (see bump_stamps). Unlike a toggle nothing is refused
        when Redis is down: workers that were running do not have the new module."""
        for platform_id, version in versions.items():
            if not self._publish_stamp(platform_id, version):
                log.warning("module stamp of platform %s not published", platform_id)
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[1] not in versions}

    # -- plans ---------------------------------------------------------------
    def _module_or_error(self, code: str):
        module = current_registry().get(code)
        if module is None:
            raise ModuleServiceError(f"There is no module '{code}'.")
        return module

    def plan_enable(self, platform_id: int, code: str) -> Plan:
        """Dry run of enable_module: which requirements get switched on with it."""
        registry = current_registry()
        self._module_or_error(code)
        enabled = self.get_platform_modules(platform_id)
        if code in enabled:
            return Plan(code, "enable", noop=True)
        also = [c for c in registry.topological_order if c in registry.requirement_closure(code)]
        return Plan(code, "enable", [c for c in also if c not in enabled])

    def plan_disable(self, platform_id: int, code: str) -> Plan:
        """Dry run of disable_module: which dependents get switched off with it."""
        registry = current_registry()
        module = self._module_or_error(code)
        if module.tier == ModuleTier.CORE:
            raise ModuleServiceError(f"'{code}' is a core module and cannot be disabled.")
        enabled = self.get_platform_modules(platform_id)
        if code not in enabled:
            return Plan(code, "disable", noop=True)
        dependents = registry.dependent_closure(code)
        also = [c for c in reversed(registry.topological_order) if c in dependents]
        return Plan(code, "disable", [c for c in also if c in enabled])

    def plan_many(self, platform_id: int, action: str, codes) -> BulkPlan:
        """Dry run of switching several modules at once: one combined plan.

        Enabling brings in everything the picked modules require; disabling takes
        along everything that requires them. Each step says why it is there.
        """
        registry = current_registry()
        if action not in ACTIONS:
            raise ModuleServiceError(_l("Unknown action: %(action)s.", action=action))
        codes = list(dict.fromkeys(codes))
        if not codes:
            raise ModuleServiceError(_l("Select at least one module."))
        for code in codes:
            module = self._module_or_error(code)
            if action == "disable" and module.is_core:
                raise ModuleServiceError(
                    _l("%(module)s is a core module and cannot be disabled.", module=module.name)
                )
        enabled = self.get_platform_modules(platform_id)
        if action == "enable":
            picked = {c for c in codes if c not in enabled}
            follow, order = registry.requirement_closure, registry.topological_order
        else:
            picked = {c for c in codes if c in enabled}
            follow, order = registry.dependent_closure, list(reversed(registry.topological_order))
        changing = set(picked)
        for code in picked:
            changing |= follow(code)
        changing = {c for c in changing if (c in enabled) != (action == "enable")}
        steps = [self._plan_step(registry, action, c, c in picked, changing) for c in order]
        return BulkPlan(
            action,
            [step for step in steps if step.code in changing],
            [c for c in codes if c not in picked],
        )

    @staticmethod
    def _plan_step(registry, action: str, code: str, requested: bool, changing) -> PlanStep:
        """Why `code` is in the plan: going off, it requires a module that goes off;
        coming on, a module that comes on requires it."""
        if code not in changing:
            return PlanStep(code, requested)
        if action == "disable":
            return PlanStep(
                code, requested, requires=tuple(sorted(set(registry[code].requires) & changing))
            )
        return PlanStep(
            code, requested, required_by=tuple(sorted(registry.dependents[code] & changing))
        )

    # -- changes -------------------------------------------------------------
    def apply_many(self, platform_id: int, action: str, codes, user=None) -> BulkPlan:
        """Switch several modules and what follows from them, in one transaction,
        with one change-log entry per picked module."""
        plan = self.plan_many(platform_id, action, codes)
        if not plan.noop:
            entries = plan.log_entries(current_registry())
            self._commit_changes(platform_id, action, plan.changes, entries, user)
        return plan

    def enable_module(self, platform_id: int, code: str, user=None) -> Plan:
        """Enable a module and what it requires; recorded and committed."""
        return self._apply(self.plan_enable(platform_id, code), platform_id, True, user)

    def disable_module(self, platform_id: int, code: str, user=None) -> Plan:
        """Disable a module and what requires it; recorded and committed."""
        return self._apply(self.plan_disable(platform_id, code), platform_id, False, user)

    def _apply(self, plan: Plan, platform_id: int, enabled: bool, user) -> Plan:
        if plan.noop:
            return plan
        self._commit_changes(
            platform_id, plan.action, plan.changes, [(plan.module, list(plan.also))], user
        )
        return plan

    def _commit_changes(
        self,
        platform_id: int,
        action: str,
        changes: list[str],
        entries: list[tuple[str, list[str]]],
        user,
    ) -> None:
        """Store the choices, log `entries` (module, what changed with it), bump the stamp,
        tell the other workers and commit: all of it or nothing."""
        registry = current_registry()
        enabled = action == "enable"
        # Store an explicit choice for the module and for requirements that are off
        # only because of a stored "off"; dependents off by cascade get explicit rows too,
        # so a later enable of the module does not silently bring them back.
        for code in changes:
            if registry[code].is_core:
                continue
            row = db.session.get(PlatformModule, (platform_id, code))
            if row is None:
                db.session.add(
                    PlatformModule(platform_id=platform_id, module_code=code, enabled=enabled)
                )
            else:
                row.enabled = enabled
                row.updated_at = utcnow()
        for module, also in entries:
            db.session.add(
                ModuleChange(
                    platform_id=platform_id,
                    module_code=module,
                    action=action,
                    cascaded=list(also),
                    user_id=getattr(user, "id", None),
                    user_email=getattr(user, "email", None),
                )
            )
        for code in changes:
            publish(
                MODULE_ENABLED if enabled else MODULE_DISABLED,
                platform_id=platform_id,
                code=code,
            )
        version = self._bump_stamp(platform_id)
        # Publish before committing: with Redis configured, a change the other workers
        # would not hear about is refused rather than made. A stamp published for a
        # change that then fails to commit only makes workers reload the same state.
        if not self._publish_stamp(platform_id, version):
            db.session.rollback()
            raise ModuleServiceError(
                _l(
                    "The change could not be announced to the other workers because Redis "
                    "is unreachable. Nothing was changed; please try again."
                )
            )
        db.session.commit()
        # Again after the commit: a worker that reloaded between the first publish and
        # the commit cached the old state under the new stamp.
        self._publish_stamp(platform_id, version)
        with self._lock:
            self._cache.pop((id(registry), platform_id), None)
        self._forget_request_state(platform_id)
        for module, also in entries:
            log.info(
                "module %s %sd on platform %s (also: %s) by %s",
                module,
                action,
                platform_id,
                ", ".join(also) or "nothing",
                getattr(user, "email", "system"),
            )
            module_toggled.send(
                current_app._get_current_object(),
                platform_id=platform_id,
                module=module,
                action=action,
                also=list(also),
            )

    @staticmethod
    def _forget_request_state(platform_id: int) -> None:
        """Drop what this request memoised about the platform (module set, permissions)."""
        if has_request_context():
            g.get("_module_state", {}).pop(platform_id, None)
            g.get("_module_stamps", {}).pop(platform_id, None)  # read before the change
            forget_permissions()

    def module_history(
        self, platform_id: int, code: str | None = None, page: int = 1, per_page: int = 20
    ) -> tuple[list[ModuleChange], bool]:
        """The module changes on one platform, newest first: one page, and whether there
        is another. With `code`, only the changes that switched that module, picked or
        carried along."""
        query = sa.select(ModuleChange).where(ModuleChange.platform_id == platform_id)
        if code is not None:
            query = query.where(
                sa.or_(
                    ModuleChange.module_code == code,
                    # The cascade is a JSON list of codes; its text holds "code" with quotes.
                    sa.cast(ModuleChange.cascaded, sa.String).contains(
                        f'"{code}"', autoescape=True
                    ),
                )
            )
        rows = list(
            db.session.scalars(
                query.order_by(ModuleChange.created_at.desc(), ModuleChange.id.desc())
                .offset((page - 1) * per_page)
                .limit(per_page + 1)
            )
        )
        return rows[:per_page], len(rows) > per_page

    def forget_platform(self, platform_id: int) -> None:
        """Remove a deleted platform's module state (called by tenancy, before its commit).

        A fresh stamp is published too: SQLite may give a later platform the same id,
        and no worker may take its cached state for the new one.
        """
        for model in (PlatformModule, PlatformModuleStamp, ModuleChange):
            db.session.execute(sa.delete(model).where(model.platform_id == platform_id))
        self._publish_stamp(platform_id, 0)
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[1] != platform_id}


module_service = ModuleService()
