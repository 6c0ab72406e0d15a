"""MOD-014, MOD-014a, MOD-015: one Alembic branch per module, named and chained."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from wizamart.modules.findings import Finding, finding
from wizamart.modules.rules.model import (
    Context,
    Module,
    Revision,
)


def check_migration_names(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-014: each file in migrations/versions/ is `<package>_<NNN>_<what>.py` (NNN
    three digits, <what> lower_snake_case) and holds `revision = "<package>_<NNN>"`;
    numbers are unique; `down_revision` is None (the branch's first revision, exactly
    one) or revisions of this same module — other modules are followed with depends_on."""
    pattern = re.compile(rf"^{re.escape(module.package)}_(\d{{3}})_[a-z0-9_]+\.py$")
    files = module.migration_files()
    revisions = {r.path: r for r in module.revisions}
    own_ids = {r.revision for r in revisions.values() if isinstance(r.revision, str)}
    numbers: dict[str, Path] = {}
    for path in files:
        rel = module.rel(path)
        match = pattern.match(path.name)
        if not match:
            yield finding(
                "MOD-014",
                module.code,
                f"{rel}: migration files are named {module.package}_<NNN>_<what>.py",
                path,
            )
        elif match.group(1) in numbers:
            yield finding(
                "MOD-014",
                module.code,
                f"{rel}: number {match.group(1)} is used twice "
                f"(also {numbers[match.group(1)].name})",
                path,
            )
        else:
            numbers[match.group(1)] = path
        revision = revisions.get(path)
        if revision is None:
            yield finding("MOD-014", module.code, f"{rel} is not valid Python", path)
            continue
        yield from revision_problems(module, revision, match, own_ids)
    roots = [r for r in revisions.values() if r.values.get("down_revision", ...) is None]
    if files and len(roots) > 1:
        names = ", ".join(module.rel(r.path) for r in roots)
        yield finding(
            "MOD-014",
            module.code,
            f"the branch has {len(roots)} first revisions (down_revision = None): {names}",
            module.migrations_dir,
        )


def revision_problems(module: Module, revision: Revision, match, own_ids) -> Iterator[Finding]:
    rel = module.rel(revision.path)
    for name in revision.unreadable:
        yield finding("MOD-014", module.code, f"{rel}: {name} must be a literal", revision.path)
    if "revision" not in revision.values:
        if "revision" not in revision.unreadable:
            yield finding("MOD-014", module.code, f"{rel} has no `revision`", revision.path)
    elif match and revision.revision != f"{module.package}_{match.group(1)}":
        yield finding(
            "MOD-014",
            module.code,
            f"{rel}: revision {revision.revision!r} does not match the file name "
            f"(expected '{module.package}_{match.group(1)}')",
            revision.path,
        )
    if "down_revision" not in revision.values and "down_revision" not in revision.unreadable:
        yield finding("MOD-014", module.code, f"{rel} has no `down_revision`", revision.path)
    for down in revision.as_tuple("down_revision"):
        if down not in own_ids:
            yield finding(
                "MOD-014",
                module.code,
                f"{rel}: down_revision {down!r} is not a revision of {module.code} "
                "(follow other modules with depends_on)",
                revision.path,
            )


def check_migration_branch(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-014a: the branch's first revision carries `branch_labels = ("<code>",)`, and
    the branch's `depends_on` (normally on its first revision; a requirement added later
    may be followed from the revision that needs it) names, for every required module
    that has migrations, its branch label or one of its revisions. (Alembic resolves a
    label in depends_on to the revision carrying it: the branch's first revision.)"""
    revisions = module.revisions
    roots = [r for r in revisions if r.values.get("down_revision", ...) is None]
    for root in roots:
        if module.code not in root.as_tuple("branch_labels"):
            yield finding(
                "MOD-014a",
                module.code,
                f"{module.rel(root.path)}: the first revision must carry "
                f"branch_labels = ({module.code!r},)",
                root.path,
            )
    if not roots:
        return
    depends_on = {d for r in revisions for d in r.as_tuple("depends_on")}
    missing = []
    for code in module.definition.requires:
        required = ctx.modules.get(code)
        if required is None:
            continue  # not among the folders checked: cannot tell
        their_ids = {r.revision for r in required.revisions}
        if not their_ids:
            continue
        accepted = their_ids | {code}  # Alembic reads a label as the branch's first revision
        if not depends_on & accepted:
            missing.append(code)
    if missing:
        labels = ", ".join(repr(c) for c in missing)
        yield finding(
            "MOD-014a",
            module.code,
            f"{module.rel(roots[0].path)}: depends_on must follow requires; add "
            f"depends_on = ({labels},)",
            roots[0].path,
        )


def check_migration_packages(module: Module, ctx: Context) -> Iterator[Finding]:
    """MOD-015: when the module has migrations, the versions folder
    (migrations_path, default migrations/versions) and the folder above it inside the
    module (migrations/) each have __init__.py."""
    versions = module.migrations_dir
    folders = [versions.parent, versions] if versions.parent != module.folder else [versions]
    if not any(folder.is_dir() for folder in folders):
        return
    for folder in folders:
        if folder.is_dir() and not (folder / "__init__.py").is_file():
            yield finding(
                "MOD-015",
                module.code,
                f"{module.rel(folder)}/ has no __init__.py "
                f"({module.show(module.rel(folder))}/__init__.py)",
                folder,
            )
