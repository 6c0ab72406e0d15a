"""What a module check reports: a Finding with its rule's severity, the table of rules,
and ModuleLoadError, which refuses start-up with the findings that forbid it.

Shared by the static rules (wizamart.modules.rules), discovery and the loader, so
`flask modules check` and start-up speak of a broken module in the same words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.StrEnum):
    """ERROR fails `flask modules check` (and start-up, when found while loading);
    WARNING and INFO are printed only."""

    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"


#: rule -> (severity, what it demands, in one line). docs/modules.md explains each.
RULES: dict[str, tuple[Severity, str]] = {
    "MOD-001": (
        Severity.ERROR,
        "Self-contained modules have routes/, services/, models/, schemas/",
    ),
    "MOD-002": (Severity.WARNING, "Services contain actual code, not re-exports"),
    "MOD-003": (Severity.WARNING, "Schemas contain actual code, not re-exports"),
    "MOD-004": (Severity.WARNING, "Module code imports only wizamart, itself and what it requires"),
    "MOD-005": (Severity.WARNING, "Modules with pages have namespaced templates (and static)"),
    "MOD-006": (Severity.INFO, "Modules with user-facing text have gettext catalogs"),
    "MOD-007": (Severity.ERROR, "Definition code and paths match the directory structure"),
    "MOD-008": (Severity.WARNING, "Self-contained modules have exceptions.py"),
    "MOD-009": (Severity.ERROR, "Module folders have a definition.py that discovery can load"),
    "MOD-010": (Severity.ERROR, "Route files are frontends and export `router`, a Blueprint"),
    "MOD-011": (Severity.WARNING, "tasks/ has __init__.py"),
    "MOD-012": (Severity.INFO, "Catalogs exist, readable, for every configured language"),
    "MOD-013": (Severity.INFO, "config.py exports `config` (env prefix <CODE>_)"),
    "MOD-014": (Severity.WARNING, "Migrations are named <package>_<NNN>_<what>.py and chained"),
    "MOD-014a": (
        Severity.ERROR,
        "The migration branch is labelled with the code, follows requires",
    ),
    "MOD-015": (Severity.WARNING, "migrations/ and migrations/versions/ have __init__.py"),
    "MOD-016": (
        Severity.ERROR,
        "Menu items, their endpoints and required permissions exist",
    ),
    "MOD-017": (Severity.ERROR, "requires names existing modules, without cycles; core needs core"),
    "MOD-018": (
        Severity.ERROR,
        "Events are named <code>.<what>; subscriptions name a declared event",
    ),
    "MOD-019": (Severity.WARNING, "API views declare their schemas with @api_view"),
}


@dataclass(frozen=True)
class Finding:
    """One broken rule in one module; `path` is the file or folder concerned."""

    rule: str
    severity: Severity
    module: str
    message: str
    path: Path | None = None

    def __str__(self) -> str:
        return f"{self.severity.value} {self.rule} [{self.module}] {self.message}"


def finding(
    rule: str,
    module: str,
    message: str,
    path: Path | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A Finding with the severity the rule table gives `rule` (unless `severity` says
    otherwise: a rule may report a lesser case, such as a route file never registered)."""
    return Finding(rule, severity or RULES[rule][0], module, message, path)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERROR]


class ModuleLoadError(RuntimeError):
    """The modules cannot be loaded: start-up refuses, naming each finding.

    `str()` is the findings one per line, so even a traceback says what to fix; the
    entry points (wsgi.py, the CLI) print `report()` and exit 1 without one.
    """

    def __init__(self, findings: list[Finding]):
        self.findings = list(findings)
        super().__init__("\n".join(str(f) for f in self.findings))

    def report(self) -> str:
        lines = [f"Wizamart refuses to start: {len(self.findings)} module problem(s)."]
        lines += [str(f) for f in self.findings]
        lines.append("Run `flask --app wsgi modules check` for every finding.")
        return "\n".join(lines)
