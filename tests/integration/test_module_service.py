"""The module service on a real database: closure, dry runs, core locks, the change log, data kept.

Fixture set (tests/fixtures/modsets/shop): fxcheckout requires fxcart, fxorders and
fxpayments; fxorders and fxbilling require fxpayments; fxmonitor is internal.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from wizamart.extensions import db
from wizamart.modules.models import ModuleChange, PlatformModule, PlatformModuleStamp
from wizamart.modules.service import ModuleServiceError, module_service

SHOP = {"fxpayments", "fxorders", "fxcart", "fxcheckout", "fxbilling", "fxmonitor"}
PAYMENTS_DEPENDENTS = {"fxorders", "fxcheckout", "fxbilling"}


def platform_id(code: str) -> int:
    from modules.tenancy.services.access import access

    return access.platform_by_code(code).id


def user(email: str):
    from modules.tenancy.services.users import get_user_by_email

    return get_user_by_email(email)


def enabled(code: str = "main") -> frozenset[str]:
    return module_service.get_platform_modules(platform_id(code))


def module_state_rows() -> dict[str, int]:
    """How many rows the service has written, per table (a dry run writes none)."""
    return {
        model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (PlatformModule, PlatformModuleStamp, ModuleChange)
    }


@pytest.fixture
def ctx(shop):
    """An app context on the seeded fixture-module app."""
    with shop.app_context():
        yield shop


def test_every_module_is_on_by_default(ctx):
    assert enabled("main") >= SHOP
    assert enabled("oms") >= SHOP


def test_disabling_payments_disables_orders_checkout_and_billing(ctx):
    plan = module_service.disable_module(platform_id("main"), "fxpayments")
    assert plan.module == "fxpayments" and plan.action == "disable"
    assert set(plan.also) == PAYMENTS_DEPENDENTS
    state = enabled("main")
    assert not ({"fxpayments"} | PAYMENTS_DEPENDENTS) & state
    assert {"fxcart", "fxmonitor", "core", "tenancy"} <= state
    assert enabled("oms") >= SHOP, "the other platform is untouched"


def test_enabling_checkout_enables_cart_orders_and_payments(ctx):
    main = platform_id("main")
    module_service.disable_module(main, "fxcart")
    module_service.disable_module(main, "fxpayments")
    assert not {"fxcart", "fxpayments", "fxorders", "fxcheckout"} & enabled()

    plan = module_service.enable_module(main, "fxcheckout")

    assert set(plan.also) == {"fxcart", "fxorders", "fxpayments"}
    # requirements come before what needs them
    assert plan.also.index("fxpayments") < plan.also.index("fxorders")
    assert {"fxcheckout", "fxcart", "fxorders", "fxpayments"} <= enabled()
    assert "fxbilling" not in enabled(), "checkout does not need billing"


def test_dependents_switched_off_by_a_cascade_stay_off_when_the_module_returns(ctx):
    main = platform_id("main")
    module_service.disable_module(main, "fxpayments")
    plan = module_service.plan_enable(main, "fxpayments")
    assert plan.also == []
    module_service.enable_module(main, "fxpayments")
    assert "fxpayments" in enabled()
    assert not PAYMENTS_DEPENDENTS & enabled()


def test_plan_disable_is_a_dry_run(ctx):
    before = module_state_rows()
    plan = module_service.plan_disable(platform_id("main"), "fxpayments")
    assert set(plan.also) == PAYMENTS_DEPENDENTS
    assert plan.changes[0] == "fxpayments"
    assert module_state_rows() == before
    assert enabled() >= SHOP


def test_plan_enable_is_a_dry_run(ctx):
    main = platform_id("main")
    module_service.disable_module(main, "fxcart")
    module_service.disable_module(main, "fxpayments")
    before, state = module_state_rows(), enabled()
    plan = module_service.plan_enable(main, "fxcheckout")
    assert set(plan.also) == {"fxcart", "fxorders", "fxpayments"}
    assert module_state_rows() == before
    assert enabled() == state


def test_toggling_to_the_current_state_changes_and_records_nothing(ctx):
    main = platform_id("main")
    before = module_state_rows()
    assert module_service.enable_module(main, "fxorders").noop
    module_service.disable_module(main, "fxbilling")
    after_disable = module_state_rows()
    assert module_service.disable_module(main, "fxbilling").noop
    assert module_state_rows() == after_disable != before


@pytest.mark.parametrize("code", ["core", "tenancy"])
def test_core_modules_cannot_be_disabled(ctx, code):
    main = platform_id("main")
    before = module_state_rows()
    with pytest.raises(ModuleServiceError, match="core module"):
        module_service.plan_disable(main, code)
    with pytest.raises(ModuleServiceError, match="core module"):
        module_service.disable_module(main, code, user=user("admin@wizamart.test"))
    assert code in enabled()
    assert module_state_rows() == before


def test_every_core_module_is_locked(ctx):
    registry = ctx.extensions["wizamart.registry"]
    core = [module.code for module in registry if module.is_core]
    assert {"core", "tenancy"} <= set(core)
    for code in core:
        with pytest.raises(ModuleServiceError):
            module_service.disable_module(platform_id("main"), code)


def test_an_unknown_module_is_refused_by_name(ctx):
    with pytest.raises(ModuleServiceError, match="nosuchmodule"):
        module_service.enable_module(platform_id("main"), "nosuchmodule")
    with pytest.raises(ModuleServiceError, match="nosuchmodule"):
        module_service.plan_disable(platform_id("main"), "nosuchmodule")


def test_change_log_records_who_where_which_module_and_the_cascade(ctx):
    admin = user("admin@wizamart.test")
    main, oms = platform_id("main"), platform_id("oms")
    module_service.disable_module(main, "fxpayments", user=admin)
    module_service.enable_module(main, "fxcheckout", user=admin)
    module_service.disable_module(oms, "fxcart")  # a system change (CLI): no user

    newest, oldest = module_service.module_history(main)[0]
    assert (oldest.module_code, oldest.action) == ("fxpayments", "disable")
    assert set(oldest.cascaded) == PAYMENTS_DEPENDENTS
    assert (newest.module_code, newest.action) == ("fxcheckout", "enable")
    assert set(newest.cascaded) == {"fxpayments", "fxorders"}
    for entry in (newest, oldest):
        assert entry.platform_id == main
        assert (entry.user_id, entry.user_email) == (admin.id, "admin@wizamart.test")
        assert entry.created_at is not None
    assert newest.created_at >= oldest.created_at

    (system,) = module_service.module_history(oms)[0]
    assert (system.module_code, system.cascaded, system.user_id) == ("fxcart", ["fxcheckout"], None)


def test_a_disabled_module_keeps_its_data_and_comes_back_unchanged(shop, login_as):
    """Staff permissions granted for fxpayments survive its disabling; its page returns."""
    from modules.tenancy.models import VendorMembership

    with shop.app_context():
        staff = user("staff@bakery.test")
        membership = db.session.scalar(
            sa.select(VendorMembership).where(VendorMembership.user_id == staff.id)
        )
        membership.permissions = [*membership.permissions, "fxpayments.use"]
        db.session.commit()
        granted, membership_id = sorted(membership.permissions), membership.id
    client = login_as(shop.test_client(), "bakery_staff")
    assert client.get("/vendor/bakery/fxpayments/").status_code == 200

    with shop.app_context():
        module_service.disable_module(platform_id("main"), "fxpayments")
    assert client.get("/vendor/bakery/fxpayments/").status_code == 404
    with shop.app_context():
        kept = db.session.scalar(
            sa.select(VendorMembership.permissions).where(VendorMembership.id == membership_id)
        )
        assert sorted(kept) == granted

    with shop.app_context():
        module_service.enable_module(platform_id("main"), "fxpayments")
    page = client.get("/vendor/bakery/fxpayments/")
    assert page.status_code == 200
    assert "Payments (fixture) vendor page" in page.get_data(as_text=True)
