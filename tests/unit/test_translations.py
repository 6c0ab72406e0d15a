"""The gettext catalogs: complete and consistent for every language, and the tooling
(extract, update, compile, check) doing what docs/i18n.md says."""

from __future__ import annotations

import gettext
import textwrap

import pytest

from wizamart.config import Settings
from wizamart.i18n import catalogs as i18n_tools
from wizamart.i18n.catalogs import CatalogSet
from wizamart.modules import FrontendType
from wizamart.modules.discovery import REAL_MODULES_DIR, discover_modules

LANGUAGES = Settings().languages
TRANSLATED = [lang for lang in LANGUAGES if lang != i18n_tools.SOURCE_LANGUAGE]


def project_sets() -> list[CatalogSet]:
    return i18n_tools.project_catalog_sets()


def describe(problems) -> str:
    return "\n".join(str(p) for p in problems)


# --- the project's own catalogs ------------------------------------------------------


@pytest.mark.parametrize("cset", project_sets(), ids=lambda c: c.name)
def test_every_catalog_is_complete(cset):
    """What `flask translations check` enforces: every string the code uses is in every
    language's catalog, translated, not fuzzy, with the same placeholders."""
    problems = i18n_tools.check_set(cset, LANGUAGES, i18n_tools.extract(cset))
    assert not problems, "run `make translations-update` and translate:\n" + describe(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_msgid_reads_the_same_in_every_catalog(language):
    """flask-babel merges the catalogs into one table, so two wordings of one msgid
    would leak the later module's wording onto the earlier one's pages."""
    assert i18n_tools.conflicts(project_sets(), language) == {}


def test_the_framework_and_the_real_modules_have_catalogs():
    names = {cset.name for cset in project_sets() if cset.template_path.exists()}
    assert {"wizamart", "core", "tenancy"} <= names
    for cset in project_sets():
        if cset.template_path.exists():
            assert cset.languages() == sorted(LANGUAGES), cset.name


def lazy_labels(module) -> list[str]:
    """The English of a definition's lazy strings: outside a request, flask-babel's
    lazy strings fall back to the msgid."""
    labels = [str(module.name), str(module.description)]
    labels += [str(p.label) for p in module.permissions]
    for frontend in FrontendType:
        labels += [str(item.label) for item in module.menu_items.get(frontend, [])]
    return [label for label in labels if label]


@pytest.mark.parametrize("module", discover_modules(REAL_MODULES_DIR), ids=lambda m: m.code)
def test_definition_labels_are_extracted_with_the_module(module):
    """Module names, descriptions, permission and menu labels (`_l(...)` in
    definition.py) land in the module's own template."""
    template = i18n_tools.load_catalog(i18n_tools.module_set(module).template_path)
    missing = [label for label in lazy_labels(module) if template.get(label) is None]
    assert missing == []


# --- the tooling, on a module of its own ---------------------------------------------


@pytest.fixture
def toy(tmp_path) -> CatalogSet:
    """A module folder with one string of each kind the extractor must find."""
    folder = tmp_path / "toy"
    (folder / "templates" / "toy").mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "definition.py").write_text(
        textwrap.dedent(
            """
            from flask_babel import lazy_gettext as _l
            from flask_babel import gettext as _

            NAME = _l("Toy shelf")
            # TRANSLATORS: shown once the toy is in the basket
            ADDED = _("%(toy)s is in your basket.")
            """
        )
    )
    (folder / "templates" / "toy" / "page.html").write_text(
        "<h1>{{ _('Toys for %(age)d years', age=3) }}</h1>\n"
    )
    (folder / "templates" / "_partials").mkdir()
    (folder / "templates" / "_partials" / "bar.html").write_text("{{ _('Basket') }}")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "stale.py").write_text("_('Stale')")
    (folder / "static").mkdir()
    (folder / "static" / "ignored.html").write_text("{{ _('Not a template string') }}")
    return CatalogSet("toy", folder, folder / "translations")


def extract_and_update(cset, languages=("en", "fr")):
    template = i18n_tools.extract(cset)
    i18n_tools.write_template(cset, template)
    return template, i18n_tools.update(cset, template, languages)


def set_translation(cset, language, msgid, text, fuzzy=False):
    path = cset.po_path(language)
    catalog = i18n_tools.load_catalog(path, language)
    message = catalog.get(msgid)
    message.string = text
    if fuzzy:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
    path.write_bytes(i18n_tools.render_po(catalog))


def translate_all_fr(cset):
    set_translation(cset, "fr", "Basket", "Panier")
    set_translation(cset, "fr", "Toy shelf", "Étagère à jouets")
    set_translation(cset, "fr", "%(toy)s is in your basket.", "%(toy)s est dans votre panier.")
    set_translation(cset, "fr", "Toys for %(age)d years", "Jouets pour %(age)d ans")


def test_extract_finds_python_lazy_and_template_strings(toy):
    template = i18n_tools.extract(toy)
    ids = [m.id for m in template if m.id]
    assert sorted(ids) == sorted(
        ["Toy shelf", "%(toy)s is in your basket.", "Toys for %(age)d years", "Basket"]
    )
    added = template.get("%(toy)s is in your basket.")
    assert added.auto_comments == ["shown once the toy is in the basket"]
    assert "python-format" in added.flags
    assert template.get("Toy shelf").locations[0][0].endswith("toy/definition.py")


def test_update_creates_catalogs_and_fills_english_only(toy):
    _, results = extract_and_update(toy)
    assert [r.created for r in results] == [True, True]
    en = i18n_tools.load_catalog(toy.po_path("en"), "en")
    fr = i18n_tools.load_catalog(toy.po_path("fr"), "fr")
    assert en.get("Toy shelf").string == "Toy shelf"
    assert fr.get("Toy shelf").string == ""
    assert results[1].untranslated == 4


def test_update_keeps_translations_marks_changed_strings_fuzzy_and_drops_removed(toy):
    extract_and_update(toy)
    translate_all_fr(toy)
    definition = toy.source_dir / "definition.py"
    definition.write_text(
        definition.read_text().replace("%(toy)s is in your basket.", "%(toy)s is in the basket.")
    )
    (toy.source_dir / "templates" / "toy" / "page.html").write_text("<p>nothing</p>\n")

    extract_and_update(toy)

    fr = i18n_tools.load_catalog(toy.po_path("fr"), "fr")
    assert fr.get("Toy shelf").string == "Étagère à jouets"
    changed = fr.get("%(toy)s is in the basket.")
    assert changed.fuzzy and changed.string == "%(toy)s est dans votre panier."
    assert fr.get("Toys for %(age)d years") is None
    en = i18n_tools.load_catalog(toy.po_path("en"), "en")
    assert en.get("%(toy)s is in the basket.").string == "%(toy)s is in the basket."
    assert not en.get("%(toy)s is in the basket.").fuzzy


def test_update_twice_changes_nothing(toy):
    extract_and_update(toy)
    before = {p: p.read_bytes() for p in toy.translations_dir.rglob("*.po*")}
    _, results = extract_and_update(toy)
    assert not any(r.written for r in results)
    assert {p: p.read_bytes() for p in toy.translations_dir.rglob("*.po*")} == before


def test_a_module_without_strings_gets_no_catalogs(tmp_path):
    folder = tmp_path / "quiet"
    folder.mkdir()
    (folder / "__init__.py").write_text("X = 1\n")
    cset = CatalogSet("quiet", folder, folder / "translations")
    _, results = extract_and_update(cset)
    assert results == [] and not cset.translations_dir.exists()


def reasons(problems) -> dict[str, str]:
    return {p.msgid: p.reason for p in problems}


def test_check_refuses_empty_fuzzy_and_broken_placeholders(toy):
    template, _ = extract_and_update(toy)
    assert reasons(i18n_tools.check_set(toy, ["en", "fr"], template)) == {
        "Basket": "not translated",
        "Toy shelf": "not translated",
        "%(toy)s is in your basket.": "not translated",
        "Toys for %(age)d years": "not translated",
    }
    translate_all_fr(toy)
    assert i18n_tools.check_set(toy, ["en", "fr"], template) == []

    set_translation(toy, "fr", "Toy shelf", "Étagère à jouets", fuzzy=True)
    set_translation(toy, "fr", "%(toy)s is in your basket.", "%(jouet)s est dans le panier.")
    set_translation(toy, "fr", "Toys for %(age)d years", "Jouets pour %(age)s ans")
    found = reasons(i18n_tools.check_set(toy, ["en", "fr"], template))
    assert found["Toy shelf"] == "fuzzy (needs review)"
    assert found["%(toy)s is in your basket."].startswith("placeholders differ")
    assert "%(jouet)s" in found["%(toy)s is in your basket."]
    assert found["Toys for %(age)d years"].startswith("placeholders differ")


def test_check_refuses_strings_missing_from_catalogs_and_missing_languages(toy):
    extract_and_update(toy)
    translate_all_fr(toy)
    (toy.source_dir / "templates" / "toy" / "new.html").write_text("{{ _('Brand new') }}")
    problems = i18n_tools.check_set(toy, ["en", "fr", "de"], i18n_tools.extract(toy))
    assert {(p.msgid, p.reason) for p in problems} == {
        ("", "catalog missing (run update)"),
        ("Brand new", "missing in en, fr (run update)"),
    }


@pytest.mark.parametrize(
    "source, translation, same",
    [
        ("%(a)s and %(b)s", "%(b)s et %(a)s", True),  # named: order is free
        ("%(n)d items", "%(n)i Artikel", True),  # %i is %d
        ("%s of %d", "%d von %s", False),  # positional: order matters
        ("100%% sure", "100%% sûr", True),
        ("%(a)s", "%(a)s %(a)s", False),
        ("plain", "%(surprise)s", False),
    ],
)
def test_placeholders_compare_like_python_formatting(source, translation, same):
    assert (i18n_tools.placeholders(source) == i18n_tools.placeholders(translation)) is same


def test_compile_leaves_fuzzy_entries_out_and_skips_fresh_files(toy):
    extract_and_update(toy)
    translate_all_fr(toy)
    set_translation(toy, "fr", "Toy shelf", "Étagère à jouets", fuzzy=True)

    written = i18n_tools.compile_set(toy)

    assert sorted(p.parent.parent.name for p in written) == ["en", "fr"]
    with open(i18n_tools.mo_path(toy.po_path("fr")), "rb") as f:
        fr = gettext.GNUTranslations(f)
    assert fr.gettext("%(toy)s is in your basket.") == "%(toy)s est dans votre panier."
    assert fr.gettext("Toy shelf") == "Toy shelf"  # fuzzy: English until reviewed
    assert i18n_tools.compile_set(toy, only_stale=True) == []
    # Readable by the server's user, not only by whoever ran `make install`.
    assert i18n_tools.mo_path(toy.po_path("fr")).stat().st_mode & 0o777 == 0o644


# --- the CLI -------------------------------------------------------------------------


def test_cli_check_passes_on_the_project(app):
    result = app.test_cli_runner().invoke(args=["translations", "check"])
    assert result.exit_code == 0, result.output
    assert "All catalogs complete" in result.output


def test_cli_check_fails_and_names_the_problem(make_app, tmp_path):
    """A module with an untranslated string makes `check` exit 1."""
    modules = tmp_path / "mods"
    modules.mkdir()
    folder = modules / "toybox"
    (folder / "translations").mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "definition.py").write_text(
        textwrap.dedent(
            """
            from flask_babel import lazy_gettext as _l
            from wizamart.modules import ModuleDefinition

            toybox = ModuleDefinition(code="toybox", name=_l("Toy box"))
            """
        )
    )
    app = make_app(extra_modules_dirs=[modules])
    runner = app.test_cli_runner()

    assert runner.invoke(args=["translations", "update", "--only", "toybox"]).exit_code == 0
    result = runner.invoke(args=["translations", "check", "--only", "toybox"])

    assert result.exit_code == 1
    assert "toybox/translations/fr/LC_MESSAGES/messages.po: not translated: 'Toy box'" in (
        result.output
    )


def test_cli_refuses_an_unknown_catalog_set(app):
    result = app.test_cli_runner().invoke(args=["translations", "check", "--only", "nope"])
    assert result.exit_code == 2
    assert "unknown catalog set nope" in result.output
