"""The registry refuses broken module graphs with a message naming the module and the rule."""

from __future__ import annotations

import textwrap

import pytest

from wizamart.modules.discovery import discover, discover_modules
from wizamart.modules.findings import ModuleLoadError
from wizamart.modules.registry import ModuleRegistry, ModuleRegistryError


def write_module(root, folder, code=None, requires=(), is_core=False, is_internal=False):
    path = root / folder
    path.mkdir(parents=True)
    (path / "__init__.py").write_text("")
    (path / "definition.py").write_text(
        textwrap.dedent(
            f"""
            from wizamart.modules import ModuleDefinition

            module = ModuleDefinition(
                code={(code or folder)!r}, name={folder!r}, requires={list(requires)!r},
                is_core={is_core}, is_internal={is_internal},
            )
            """
        )
    )
    return path


def registry_of(root):
    return ModuleRegistry(discover_modules(root))


def test_discovery_finds_every_folder_with_a_definition(tmp_path):
    write_module(tmp_path, "alpha")
    write_module(tmp_path, "beta", requires=["alpha"])
    (tmp_path / "not_a_module").mkdir()  # no __init__.py: ignored
    registry = registry_of(tmp_path)
    assert sorted(m.code for m in registry) == ["alpha", "beta"]
    assert registry["beta"].path == tmp_path / "beta"


def test_deleting_a_folder_removes_the_module(tmp_path):
    write_module(tmp_path, "alpha")
    gamma = write_module(tmp_path, "gamma")
    assert "gamma" in registry_of(tmp_path)
    for f in gamma.iterdir():
        f.unlink()
    gamma.rmdir()
    assert "gamma" not in registry_of(tmp_path)


def test_unknown_requirement_is_refused(tmp_path):
    write_module(tmp_path, "orders", requires=["payments"])
    with pytest.raises(ModuleRegistryError, match=r"'orders' requires unknown module 'payments'"):
        registry_of(tmp_path)


def test_cycle_is_refused_and_printed(tmp_path):
    write_module(tmp_path, "a", requires=["b"])
    write_module(tmp_path, "b", requires=["a"])
    with pytest.raises(ModuleRegistryError) as info:
        registry_of(tmp_path)
    assert "a -> b -> a" in str(info.value)
    assert "no circular dependencies" in str(info.value)


def test_longer_cycle_is_printed_in_order(tmp_path):
    write_module(tmp_path, "a", requires=["b"])
    write_module(tmp_path, "b", requires=["c"])
    write_module(tmp_path, "c", requires=["a"])
    with pytest.raises(ModuleRegistryError, match=r"a -> b -> c -> a"):
        registry_of(tmp_path)


def test_core_module_requiring_optional_is_refused(tmp_path):
    write_module(tmp_path, "core", is_core=True, requires=["shop"])
    write_module(tmp_path, "shop")
    with pytest.raises(ModuleRegistryError, match=r"core module 'core' requires optional module"):
        registry_of(tmp_path)


def test_duplicate_code_is_refused(tmp_path):
    """Discovery keeps the first folder and reports the second (MOD-009); the registry
    itself refuses a duplicate it is given."""
    one = write_module(tmp_path, "one", code="same")
    write_module(tmp_path, "two", code="same")
    result = discover(tmp_path)
    assert [d.path for d in result.definitions] == [one]
    assert [(f.rule, f.module, f.message) for f in result.findings] == [
        (
            "MOD-009",
            "same",
            f"{tmp_path.name}/two/definition.py: code 'same' is already "
            f"defined in {tmp_path.name}/one",
        )
    ]
    with pytest.raises(ModuleLoadError, match=r"MOD-009 \[same\]"):
        registry_of(tmp_path)
    with pytest.raises(ModuleRegistryError, match=r"'same': duplicate code"):
        ModuleRegistry(result.definitions * 2)


def test_graph_errors_become_findings_naming_module_and_rule(tmp_path):
    write_module(tmp_path, "orders", requires=["payments"])
    with pytest.raises(ModuleRegistryError) as info:
        registry_of(tmp_path)
    assert str(info.value.as_finding()) == (
        "ERROR MOD-017 [orders] module 'orders' requires unknown module 'payments' "
        "(rule: every requirement names an existing module)"
    )


def test_tiers_closures_and_order(tmp_path):
    write_module(tmp_path, "core", is_core=True)
    write_module(tmp_path, "payments")
    write_module(tmp_path, "orders", requires=["payments"])
    write_module(tmp_path, "checkout", requires=["orders", "payments"])
    write_module(tmp_path, "monitoring", is_internal=True)
    registry = registry_of(tmp_path)
    assert registry.core_codes == {"core"}
    assert registry["monitoring"].tier.value == "internal"
    assert registry.requirement_closure("checkout") == {"orders", "payments"}
    assert registry.dependent_closure("payments") == {"orders", "checkout"}
    order = registry.topological_order
    assert order.index("payments") < order.index("orders") < order.index("checkout")


def test_real_registry_helpers(app):
    from wizamart.modules.registry import (
        CORE_MODULES,
        MODULES,
        get_core_module_codes,
        get_module,
        get_module_tier,
    )

    with app.app_context():
        assert {"core", "tenancy"} <= get_core_module_codes()
        assert get_module("tenancy").code == "tenancy"
        assert get_module("nope") is None
        assert get_module_tier("core") == "core"
        assert "core" in MODULES and "tenancy" in CORE_MODULES
