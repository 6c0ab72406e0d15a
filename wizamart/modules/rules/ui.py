"""MOD-005, MOD-006, MOD-012: templates, static files and translations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from wizamart.modules.findings import Finding, finding
from wizamart.modules.rules.model import (
    Context,
    Module,
)


def user_facing(module: Module) -> bool:
    """Pages, menu entries or permissions: text a user reads, so text to translate."""
    definition = module.definition
    has_menu = any(definition.menu_items.values())
    return bool(module.route_files("pages") or has_menu or definition.permissions)


# --------------------------------------------------------------------------- MOD-005

URL_FOR_STATIC = re.compile(r"""url_for\(\s*["']module_static["'](?P<args>[^)]*)\)""")
KWARG = r"""{}\s*=\s*["'](?P<value>[^"']+)["']"""
LITERAL_STATIC = re.compile(r"/static/modules/(?P<code>[\w-]+)/(?P<filename>[\w./-]+)")


def static_references(text: str) -> Iterator[tuple[str | None, str | None]]:
    """(code, filename) of every module static file a template names (None if dynamic)."""
    for match in URL_FOR_STATIC.finditer(text):
        args = match.group("args")
        code = re.search(KWARG.format("code"), args)
        filename = re.search(KWARG.format("filename"), args)
        yield (
            code.group("value") if code else None,
            filename.group("value") if filename else None,
        )
    for match in LITERAL_STATIC.finditer(text):
        yield match.group("code"), match.group("filename")


def template_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.parts)
    )


def check_templates(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-005: a module with page routes (routes/pages/*.py) has templates in
    templates/<code or package>/...; templates elsewhere collide with other modules'
    in the one shared loader. static/ is required only when a template names one of
    the module's own static files (url_for('module_static', code=<code>, ...) or
    /static/modules/<code>/...), and then the named file must exist."""
    folder = module.folder / module.definition.templates_path
    templates = template_files(folder)
    pages = module.route_files("pages")
    if pages and not templates:
        yield finding(
            "MOD-005",
            module.code,
            f"has page routes ({module.rel(pages[0])}) but no templates "
            f"({module.show(module.definition.templates_path)}/{module.package}/...)",
            folder,
        )
    namespaces = {module.code, module.package}
    for path in templates:
        relative = path.relative_to(folder)
        if len(relative.parts) < 2 or relative.parts[0] not in namespaces:
            yield finding(
                "MOD-005",
                module.code,
                f"template {module.rel(path)} is not under "
                f"{module.definition.templates_path}/{module.package}/ "
                "(templates of all modules share one loader)",
                path,
            )
    yield from check_static(module, templates)


def check_static(module: Module, templates: list[Path]) -> Iterator[Finding]:
    static = module.folder / module.definition.static_path
    for path in templates:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for code, filename in static_references(text):
            if code not in (module.code, None):
                continue
            if not static.is_dir():
                yield finding(
                    "MOD-005",
                    module.code,
                    f"{module.rel(path)} uses the module's static files but there is no "
                    f"{module.show(module.definition.static_path)}/",
                    static,
                )
                return
            if filename and not (static / filename).is_file():
                yield finding(
                    "MOD-005",
                    module.code,
                    f"{module.rel(path)} uses static file {filename!r}, which does not exist "
                    f"({module.show(module.definition.static_path)}/{filename})",
                    static / filename,
                )


# --------------------------------------------------------------------------- MOD-006, 012


def catalogs(folder: Path) -> dict[str, Path]:
    """language -> translations/<lang>/LC_MESSAGES/messages.po."""
    if not folder.is_dir():
        return {}
    return {p.parents[1].name: p for p in sorted(folder.glob("*/LC_MESSAGES/messages.po"))}


def check_translations_exist(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-006: a module with user-facing text (page routes, menu items or permissions)
    has at least one gettext catalog translations/<lang>/LC_MESSAGES/messages.po. A
    seed-style locales/ folder of JSON files is reported too: nothing reads it (a
    `locales_path="locales"` folder of gettext catalogs is fine)."""
    translations = module.definition.translations_path
    if any((module.folder / "locales").glob("*.json")):
        yield finding(
            "MOD-006",
            module.code,
            f"{module.show('locales')}/ is the seed's JSON format and is not read; "
            f"use {translations}/<lang>/LC_MESSAGES/messages.po",
            module.folder / "locales",
        )
    if user_facing(module) and not catalogs(module.folder / translations):
        yield finding(
            "MOD-006",
            module.code,
            "has user-facing text (pages, menu items or permissions) but no catalogs "
            f"({module.show(translations)}/<lang>/LC_MESSAGES/messages.po)",
            module.folder / translations,
        )


def check_translations_complete(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-012: once a module has catalogs, it has one for every configured language
    (LANGUAGES: en, fr, de, lb by default), and each one reads as a .po file."""
    folder = module.folder / module.definition.translations_path
    found = catalogs(folder)
    if not found:
        return
    missing = [lang for lang in ctx.languages if lang not in found]
    if missing:
        yield finding(
            "MOD-012",
            module.code,
            f"no catalog for {', '.join(missing)} "
            f"({module.show(module.definition.translations_path)}/<lang>/LC_MESSAGES/messages.po)",
            folder,
        )
    for path in found.values():
        problem = po_problem(path)
        if problem:
            yield finding("MOD-012", module.code, f"{module.rel(path)} {problem}", path)


def po_problem(path: Path) -> str | None:
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as handle:
            read_po(handle, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        return f"cannot be read as a catalog ({exc})"
    return None
