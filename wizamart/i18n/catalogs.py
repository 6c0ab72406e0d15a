"""Gettext catalogs of the framework and of every module: extract, update, compile, check.

A *catalog set* is the strings of one source tree and their translations:

- the framework: strings under `wizamart/`, catalogs in `translations/`;
- each module: strings under `modules/<m>/`, catalogs in `modules/<m>/translations/`.

Every set uses the domain `messages`: `<dir>/messages.pot` is the template,
`<dir>/<lang>/LC_MESSAGES/messages.po` a language's catalog and `messages.mo` its
compiled form (git-ignored, written by `compile`). flask-babel merges all sets at run
time, framework first, then the modules in dependency order (a later set wins).

Built on Babel's own Python API (extract, pofile, mofile, Catalog.update) rather than
polib or the `pybabel` command: Babel is already what flask-babel loads catalogs with,
it ships the python extractor and finds Jinja2's through its entry point, and
Catalog.update does the msgmerge-style fuzzy matching we want, so there is no second
.po implementation and no subprocess.

English is the source language (msgids are English text). `en` catalogs exist too and
`update` fills them with msgstr = msgid, so the English wording can later be polished in
a catalog (the /admin/translations editor) without touching code, and every language is
checked the same way.
"""

from __future__ import annotations

import copy
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from wizamart.config import PROJECT_ROOT

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
MAPPING_FILE = PROJECT_ROOT / "babel.cfg"
FRAMEWORK_DIR = PROJECT_ROOT / "wizamart"
FRAMEWORK_TRANSLATIONS = PROJECT_ROOT / "translations"
# Babel's defaults plus flask-babel's lazy variants (`lazy_gettext as _l` in definitions,
# forms and error messages).
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
    "lazy_npgettext": ((1, "c"), 2, 3),
}
# `# TRANSLATORS: ...` just above a string reaches the translator as a comment.
COMMENT_TAGS = ("TRANSLATORS:",)
# Header lines that change on every run; ignored when deciding whether a file changed.
VOLATILE_HEADERS = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.M)


@dataclass(frozen=True)
class CatalogSet:
    """The strings of one source tree (framework or module) and their catalogs."""

    name: str
    source_dir: Path
    translations_dir: Path

    @property
    def template_path(self) -> Path:
        return self.translations_dir / f"{DOMAIN}.pot"

    def po_path(self, language: str) -> Path:
        return self.translations_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"

    def languages(self) -> list[str]:
        """Languages that have a .po file in this set, sorted."""
        if not self.translations_dir.is_dir():
            return []
        return sorted(
            p.name for p in self.translations_dir.iterdir() if self.po_path(p.name).is_file()
        )


@dataclass(frozen=True)
class Problem:
    """One thing `check` refuses: where, which message, and why."""

    path: Path
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}: {self.reason}: {self.msgid!r}"


def display_path(path: Path) -> str:
    """A path relative to the project when it is inside it (shorter messages)."""
    try:
        return str(Path(path).relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


# --- which catalog sets exist ---------------------------------------------------------


def framework_set() -> CatalogSet:
    return CatalogSet("wizamart", FRAMEWORK_DIR, FRAMEWORK_TRANSLATIONS)


def module_set(module) -> CatalogSet:
    """The catalog set of one ModuleDefinition (its folder and its translations_path)."""
    folder = Path(module.path)
    return CatalogSet(module.code, folder, folder / module.translations_path)


def catalog_sets(modules: Iterable) -> list[CatalogSet]:
    """The framework's set, then one per module (in the given order)."""
    return [framework_set(), *(module_set(m) for m in modules)]


def project_catalog_sets(modules_dirs: Iterable[Path] | None = None) -> list[CatalogSet]:
    """Catalog sets without an app: discover the modules under the folders
    (default: the project's modules/). Used by the test session and scripts."""
    from wizamart.modules.discovery import REAL_MODULES_DIR, discover_modules

    dirs = list(modules_dirs) if modules_dirs is not None else [REAL_MODULES_DIR]
    return catalog_sets(discover_modules(*dirs))


# --- reading and writing catalogs -----------------------------------------------------


def load_catalog(path: Path, language: str | None = None) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f, locale=language, domain=DOMAIN, ignore_obsolete=True)


def render_po(catalog: Catalog) -> bytes:
    """The .po/.pot text: locations without line numbers (fewer diffs when code moves),
    obsolete messages dropped (git remembers them)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write `content` unless the file already says the same apart from its dates."""
    if path.exists() and without_dates(path.read_bytes()) == without_dates(content):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, content)
    return True


def without_dates(content: bytes) -> bytes:
    return VOLATILE_HEADERS.sub(b"", content)


def atomic_write(path: Path, content: bytes) -> None:
    """Replace the file in one step: a server reading it never sees half a file, and
    parallel test workers compiling at once do not trip over each other."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644  # mkstemp makes 0600
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- extract ------------------------------------------------------------------------


def load_mapping() -> tuple[list, dict]:
    with open(MAPPING_FILE) as f:
        return parse_mapping_cfg(f, filename=str(MAPPING_FILE))


def extract(cset: CatalogSet) -> Catalog:
    """Every translatable string of the set's source tree, as a template catalog."""
    method_map, options_map = load_mapping()
    template = new_catalog(cset, language=None)
    prefix = display_path(cset.source_dir)
    found = extract_from_dir(
        cset.source_dir,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=lambda d: not is_ignored_dir(cset, d),
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            None,
            [(f"{prefix}/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def is_ignored_dir(cset: CatalogSet, directory: str) -> bool:
    """Skip hidden folders, caches, npm's folder and the set's own translations folder
    (not every `_name`, unlike Babel's default: `templates/_partials` holds strings)."""
    name = os.path.basename(directory)
    if name.startswith(".") or name in ("__pycache__", "node_modules"):
        return True
    return Path(directory).resolve() == cset.translations_dir.resolve()


def new_catalog(cset: CatalogSet, language: str | None) -> Catalog:
    return Catalog(
        locale=language,
        domain=DOMAIN,
        project=f"Wizamart ({cset.name})",
        version="1.0",
        copyright_holder="Wizamart",
        msgid_bugs_address="translations@wizamart.test",
        header_comment=(
            f"# {'Translations template' if language is None else language + ' translations'}"
            f" for Wizamart: {cset.name}.\n"
            "# This file is distributed under the same license as the Wizamart project.\n#"
        ),
        language_team=f"{language} <translations@wizamart.test>" if language else None,
        fuzzy=False,
    )


def write_template(cset: CatalogSet, template: Catalog) -> bool:
    """Write the set's messages.pot; a set with no strings and no folder gets none."""
    if not len(template) and not cset.translations_dir.is_dir():
        return False
    return write_if_changed(cset.template_path, render_po(template))


# --- update -------------------------------------------------------------------------


@dataclass
class UpdateResult:
    """What `update` did to one language catalog."""

    path: Path
    written: bool
    created: bool
    untranslated: int
    fuzzy: int


def update(cset: CatalogSet, template: Catalog, languages: Iterable[str]) -> list[UpdateResult]:
    """Bring each language's .po in line with the template (new strings added, removed
    ones dropped, changed ones fuzzy-matched), creating catalogs that do not exist yet."""
    if not len(template) and not cset.translations_dir.is_dir():
        return []
    return [update_language(cset, template, language) for language in languages]


def update_language(cset: CatalogSet, template: Catalog, language: str) -> UpdateResult:
    path = cset.po_path(language)
    created = not path.exists()
    catalog = new_catalog(cset, language) if created else load_catalog(path, language)
    # Catalog.update adopts the template's new Message objects as they are: give each
    # language its own copy, or filling `en` would fill every language after it.
    catalog.update(copy.deepcopy(template), update_creation_date=True)
    if language == SOURCE_LANGUAGE:
        fill_source_language(catalog)
    written = write_if_changed(path, render_po(catalog))
    messages = list(real_messages(catalog))
    return UpdateResult(
        path=path,
        written=written,
        created=created,
        untranslated=sum(1 for m in messages if not is_translated(m)),
        fuzzy=sum(1 for m in messages if m.fuzzy),
    )


def fill_source_language(catalog: Catalog) -> None:
    """English: a new or changed msgid is its own translation."""
    for message in real_messages(catalog):
        if message.fuzzy or not is_translated(message):
            message.string = message.id
            message.flags.discard("fuzzy")


def real_messages(catalog: Catalog) -> Iterable[Message]:
    """The catalog's messages without the header entry."""
    return (m for m in catalog if m.id)


def is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


# --- compile ------------------------------------------------------------------------


def mo_path(po: Path) -> Path:
    return po.with_suffix(".mo")


def compile_set(cset: CatalogSet, only_stale: bool = False) -> list[Path]:
    """Write messages.mo next to every .po of the set; fuzzy entries are left out
    (gettext then shows the English). Returns the files written."""
    written = []
    for language in cset.languages():
        po = cset.po_path(language)
        mo = mo_path(po)
        if only_stale and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        buffer = io.BytesIO()
        write_mo(buffer, load_catalog(po, language), use_fuzzy=False)
        atomic_write(mo, buffer.getvalue())
        written.append(mo)
    return written


def compile_all(sets: Iterable[CatalogSet] | None = None, only_stale: bool = False) -> list[Path]:
    """Compile every catalog of the project (or of the given sets)."""
    sets = project_catalog_sets() if sets is None else sets
    return [path for cset in sets for path in compile_set(cset, only_stale=only_stale)]


# --- check --------------------------------------------------------------------------

PLACEHOLDER_TYPES = {"i": "d", "u": "d"}  # the same conversion under another letter


def placeholders(text: str) -> tuple[tuple[str, str], ...]:
    """The python-format placeholders of a string as (name, conversion), sorted for named
    ones (order does not matter) and in order for positional ones; `%%` is not one."""
    found = [
        (name or "", PLACEHOLDER_TYPES.get(conv, conv))
        for name, _flags, conv in PYTHON_FORMAT.findall(text)
        if conv != "%"
    ]
    if found and all(name for name, _ in found):
        return tuple(sorted(found))
    return tuple(found)


def placeholder_problem(message: Message) -> str | None:
    """Why msgstr cannot stand in for msgid (placeholders differ), or None.

    Plural forms are compared like Babel's checker: form 0 with msgid, the others
    with msgid_plural."""
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    for index, text in enumerate(strings):
        if not text:
            continue
        source = ids[min(index, len(ids) - 1)]
        expected, got = placeholders(source), placeholders(text)
        if expected != got:
            return (
                f"placeholders differ (msgid {format_placeholders(expected)}, "
                f"msgstr {format_placeholders(got)})"
            )
    return None


def format_placeholders(found: tuple[tuple[str, str], ...]) -> str:
    if not found:
        return "none"
    return ", ".join(f"%({name}){conv}" if name else f"%{conv}" for name, conv in found)


def message_problems(path: Path, catalog: Catalog) -> list[Problem]:
    """Empty, fuzzy or placeholder-breaking entries of one catalog."""
    problems = []
    for message in real_messages(catalog):
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        if message.fuzzy:
            problems.append(Problem(path, msgid, "fuzzy (needs review)"))
        elif not is_translated(message):
            problems.append(Problem(path, msgid, "not translated"))
        reason = placeholder_problem(message)
        if reason:
            problems.append(Problem(path, msgid, reason))
    return problems


def missing_problems(cset: CatalogSet, template: Catalog, languages: list[str]) -> list[Problem]:
    """Strings the code uses that some catalogs lack (run `update`): one problem per
    string, naming the languages, rather than one per string and language."""
    catalogs = {
        language: load_catalog(cset.po_path(language), language)
        for language in languages
        if cset.po_path(language).exists()
    }
    problems = []
    for message in real_messages(template):
        lacking = [
            language
            for language, catalog in catalogs.items()
            if catalog.get(message.id, message.context) is None
        ]
        if lacking:
            msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
            reason = f"missing in {', '.join(lacking)} (run update)"
            problems.append(Problem(cset.translations_dir, msgid, reason))
    return problems


def check_set(
    cset: CatalogSet, languages: Iterable[str], template: Catalog | None = None
) -> list[Problem]:
    """Every problem of one set's catalogs. With `template` (a fresh extraction), strings
    the catalogs lack are problems too; a required language without a .po is one."""
    problems = []
    has_strings = template is not None and len(template) > 0
    wanted = set(languages) if (has_strings or cset.translations_dir.is_dir()) else set()
    present = []
    for language in sorted(wanted | set(cset.languages())):
        path = cset.po_path(language)
        if not path.exists():
            problems.append(Problem(path, "", "catalog missing (run update)"))
            continue
        present.append(language)
        problems += message_problems(path, load_catalog(path, language))
    if template is not None:
        problems += missing_problems(cset, template, present)
    return problems


def conflicts(sets: Iterable[CatalogSet], language: str) -> dict[str, dict[str, str]]:
    """msgids translated differently by two sets in one language.

    flask-babel merges the sets into one table, so the later set's wording would show
    on the earlier set's pages too; the same English should read the same everywhere
    (use pgettext with a context when a word truly needs two translations)."""
    seen: dict[str, dict[str, str]] = {}
    for cset in sets:
        path = cset.po_path(language)
        if not path.exists():
            continue
        for message in real_messages(load_catalog(path, language)):
            if message.context or not isinstance(message.id, str) or not message.string:
                continue
            seen.setdefault(message.id, {})[cset.name] = message.string
    return {msgid: by_set for msgid, by_set in seen.items() if len(set(by_set.values())) > 1}
