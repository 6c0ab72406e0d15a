"""Switching several modules at once: one combined plan, one transaction, an undo.

Fixture set (tests/fixtures/modsets/shop): fxcheckout requires fxcart, fxorders and
fxpayments; fxorders and fxbilling require fxpayments; fxcart requires nothing.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from wizamart.extensions import db
from wizamart.modules.models import ModuleChange, PlatformModule
from wizamart.modules.service import ModuleServiceError, PlanStep, module_service


def platform_id(code: str = "main") -> int:
    from modules.tenancy.services.access import access

    return access.platform_by_code(code).id


def enabled(code: str = "main") -> frozenset[str]:
    return module_service.get_platform_modules(platform_id(code))


@pytest.fixture
def ctx(shop):
    with shop.app_context():
        yield shop


def test_disabling_payments_and_cart_plans_the_union_of_their_dependents(ctx):
    plan = module_service.plan_many(platform_id(), "disable", ["fxpayments", "fxcart"])
    assert set(plan.changes) == {"fxpayments", "fxcart", "fxorders", "fxcheckout", "fxbilling"}
    assert set(plan.requested) == {"fxpayments", "fxcart"}
    steps = {step.code: step for step in plan.steps}
    assert steps["fxcheckout"] == PlanStep(
        "fxcheckout", False, requires=("fxcart", "fxorders", "fxpayments")
    )
    assert steps["fxbilling"].requires == ("fxpayments",)
    # dependents go off before what they require
    assert plan.changes.index("fxcheckout") < plan.changes.index("fxorders")
    assert plan.changes.index("fxorders") < plan.changes.index("fxpayments")
    assert enabled() >= set(plan.changes)  # a dry run changes nothing
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PlatformModule)) == 0


def test_enabling_checkout_plans_what_it_requires_with_the_reason(ctx):
    module_service.apply_many(platform_id(), "disable", ["fxpayments", "fxcart"])
    plan = module_service.plan_many(platform_id(), "enable", ["fxcheckout"])
    assert set(plan.changes) == {"fxcheckout", "fxcart", "fxorders", "fxpayments"}
    steps = {step.code: step for step in plan.steps}
    assert steps["fxcheckout"].requested and not steps["fxpayments"].requested
    assert steps["fxpayments"].required_by == ("fxcheckout", "fxorders")
    assert steps["fxcart"].required_by == ("fxcheckout",)
    assert plan.changes.index("fxpayments") < plan.changes.index("fxcheckout")


def test_apply_writes_one_log_entry_per_picked_module_in_one_transaction(ctx):
    plan = module_service.apply_many(platform_id(), "disable", ["fxcart", "fxpayments"])
    assert not {"fxcart", "fxpayments", "fxorders", "fxcheckout", "fxbilling"} & enabled()
    entries = db.session.scalars(sa.select(ModuleChange).order_by(ModuleChange.id)).all()
    assert [(e.module_code, e.action) for e in entries] == [
        (code, "disable") for code in plan.requested
    ]
    carried = [c for e in entries for c in e.cascaded]
    assert sorted(carried) == ["fxbilling", "fxcheckout", "fxorders"]  # each listed once


def test_the_reverse_plan_undoes_a_bulk_change(ctx):
    before = enabled()
    plan = module_service.apply_many(platform_id(), "disable", ["fxpayments"])
    module_service.apply_many(platform_id(), plan.reverse_action, plan.changes)
    assert enabled() == before


def test_modules_already_so_are_reported_unchanged(ctx):
    plan = module_service.plan_many(platform_id(), "enable", ["fxcart", "fxpayments"])
    assert plan.noop and plan.unchanged == ["fxcart", "fxpayments"]
    assert module_service.apply_many(platform_id(), "enable", ["fxcart"]).noop
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleChange)) == 0


@pytest.mark.parametrize(
    ("action", "codes", "message"),
    [
        ("disable", [], "Select at least one module."),
        ("disable", ["fxcart", "nosuch"], "There is no module 'nosuch'."),
        ("disable", ["fxcart", "tenancy"], "is a core module and cannot be disabled."),
        ("explode", ["fxcart"], "Unknown action: explode."),
    ],
)
def test_bad_selections_are_refused_and_change_nothing(ctx, action, codes, message):
    with pytest.raises(ModuleServiceError, match=message):
        module_service.apply_many(platform_id(), action, codes)
    assert "fxcart" in enabled()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleChange)) == 0


def test_module_history_lists_changes_that_carried_the_module_on_this_platform_only(ctx):
    module_service.disable_module(platform_id(), "fxpayments")  # carries fxorders along
    module_service.enable_module(platform_id(), "fxorders")  # fxorders picked
    module_service.disable_module(platform_id("oms"), "fxorders")  # another platform
    module_service.disable_module(platform_id(), "fxcart")  # not about fxorders
    rows, more = module_service.module_history(platform_id(), "fxorders")
    assert [(r.module_code, r.action) for r in rows] == [
        ("fxorders", "enable"),
        ("fxpayments", "disable"),
    ]
    assert not more
    first, more = module_service.module_history(platform_id(), "fxorders", page=1, per_page=1)
    assert [r.module_code for r in first] == ["fxorders"] and more
    second, more = module_service.module_history(platform_id(), "fxorders", page=2, per_page=1)
    assert [r.module_code for r in second] == ["fxpayments"] and not more
