"""The discovered modules, their tiers and their dependency graph.

A registry is built once per app from discovery and refuses to exist if the
graph breaks a rule: the error names the module and the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from flask import current_app
from werkzeug.local import LocalProxy

from wizamart.modules.definition import ModuleDefinition, ModuleTier
from wizamart.modules.findings import Finding, finding


class ModuleRegistryError(RuntimeError):
    """The module graph breaks a rule; the message names the module and the rule."""

    def __init__(self, message: str, module: str, rule: str = "MOD-017"):
        super().__init__(message)
        self.module = module
        self.rule = rule

    def as_finding(self) -> Finding:
        """The same refusal as a finding, for the start-up report and `modules check`."""
        return finding(self.rule, self.module, str(self))


class ModuleRegistry:
    def __init__(self, definitions: Iterable[ModuleDefinition]):
        self.modules: dict[str, ModuleDefinition] = {}
        for definition in definitions:
            if definition.code in self.modules:
                raise ModuleRegistryError(
                    f"module '{definition.code}': duplicate code (rule: module codes are "
                    f"unique) — defined in {self.modules[definition.code].path} and "
                    f"{definition.path}",
                    definition.code,
                    rule="MOD-009",
                )
            self.modules[definition.code] = definition
        self._check_requirements_exist()
        self._check_no_cycles()
        self._check_core_requires_core()

    # -- rules ---------------------------------------------------------------
    def _check_requirements_exist(self) -> None:
        for module in self.modules.values():
            for required in module.requires:
                if required not in self.modules:
                    raise ModuleRegistryError(
                        f"module '{module.code}' requires unknown module '{required}' "
                        f"(rule: every requirement names an existing module)",
                        module.code,
                    )

    def _check_no_cycles(self) -> None:
        state: dict[str, str] = {}  # code -> "visiting" | "done"

        def visit(code: str, path: list[str]) -> None:
            state[code] = "visiting"
            for required in self.modules[code].requires:
                if state.get(required) == "visiting":
                    cycle = path[path.index(required) :] + [required]
                    raise ModuleRegistryError(
                        f"module '{required}' is part of a dependency cycle: "
                        f"{' -> '.join(cycle)} (rule: no circular dependencies)",
                        required,
                    )
                if required not in state:
                    visit(required, path + [required])
            state[code] = "done"

        for code in self.modules:
            if code not in state:
                visit(code, [code])

    def _check_core_requires_core(self) -> None:
        for module in self.modules.values():
            if not module.is_core:
                continue
            for required in module.requires:
                if not self.modules[required].is_core:
                    raise ModuleRegistryError(
                        f"core module '{module.code}' requires {self.modules[required].tier.value}"
                        f" module '{required}' (rule: a core module requires only core modules)",
                        module.code,
                    )

    # -- queries -------------------------------------------------------------
    def get(self, code: str) -> ModuleDefinition | None:
        return self.modules.get(code)

    def __getitem__(self, code: str) -> ModuleDefinition:
        return self.modules[code]

    def __contains__(self, code: str) -> bool:
        return code in self.modules

    def __iter__(self):
        return iter(self.modules.values())

    def __len__(self) -> int:
        return len(self.modules)

    def codes(self, tier: ModuleTier | None = None) -> set[str]:
        return {m.code for m in self if tier is None or m.tier == tier}

    @cached_property
    def core_codes(self) -> frozenset[str]:
        return frozenset(self.codes(ModuleTier.CORE))

    @cached_property
    def topological_order(self) -> list[str]:
        """Codes with every module after the modules it requires."""
        order: list[str] = []
        seen: set[str] = set()

        def visit(code: str) -> None:
            if code in seen:
                return
            seen.add(code)
            for required in sorted(self.modules[code].requires):
                visit(required)
            order.append(code)

        for code in sorted(self.modules):
            visit(code)
        return order

    @cached_property
    def dependents(self) -> dict[str, frozenset[str]]:
        """code -> the codes that directly require it."""
        result: dict[str, set[str]] = {code: set() for code in self.modules}
        for module in self:
            for required in module.requires:
                result[required].add(module.code)
        return {code: frozenset(v) for code, v in result.items()}

    def requirement_closure(self, code: str) -> set[str]:
        """Everything `code` requires, directly or not (without `code`)."""
        return self._closure(code, lambda c: self.modules[c].requires)

    def dependent_closure(self, code: str) -> set[str]:
        """Everything that requires `code`, directly or not (without `code`)."""
        return self._closure(code, lambda c: self.dependents[c])

    @staticmethod
    def _closure(code: str, edges) -> set[str]:
        seen: set[str] = set()
        stack = list(edges(code))
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(edges(current))
        return seen


def current_registry() -> ModuleRegistry:
    return current_app.extensions["wizamart.registry"]


#: All modules of the current app, by code (the seed's MODULES).
MODULES = LocalProxy(lambda: current_registry().modules)
CORE_MODULES = LocalProxy(lambda: current_registry().codes(ModuleTier.CORE))
OPTIONAL_MODULES = LocalProxy(lambda: current_registry().codes(ModuleTier.OPTIONAL))
INTERNAL_MODULES = LocalProxy(lambda: current_registry().codes(ModuleTier.INTERNAL))


def get_module(code: str) -> ModuleDefinition | None:
    return current_registry().get(code)


def get_module_tier(code: str) -> str | None:
    module = current_registry().get(code)
    return module.tier.value if module else None


def get_core_module_codes() -> set[str]:
    return set(current_registry().core_codes)
