"""`flask --app wsgi translations extract|update|compile|check`.

One command group for the framework's catalogs and every module's own (see
wizamart/i18n/catalogs.py for where they live and why Babel's API does the work).
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from wizamart.i18n import catalogs as i18n_tools
from wizamart.i18n.catalogs import CatalogSet, display_path

ONLY_HELP = "Only this catalog set: 'wizamart' or a module code (repeatable)."


@click.group("translations", help="Gettext catalogs of the framework and of every module.")
def translations_cli():
    pass


def selected_sets(only: tuple[str, ...]) -> list[CatalogSet]:
    """The app's catalog sets in merge order (framework, then modules by dependency),
    narrowed to `only` when given."""
    registry = current_app.extensions["wizamart.registry"]
    sets = i18n_tools.catalog_sets(registry[code] for code in registry.topological_order)
    if not only:
        return sets
    known = {cset.name for cset in sets}
    unknown = sorted(set(only) - known)
    if unknown:
        raise click.BadParameter(
            f"unknown catalog set {', '.join(unknown)}; known: {', '.join(sorted(known))}",
            param_hint="--only",
        )
    return [cset for cset in sets if cset.name in only]


def languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


@translations_cli.command("extract")
@click.option("--only", multiple=True, metavar="SET", help=ONLY_HELP)
@with_appcontext
def extract_command(only):
    """Write each set's messages.pot from its Python code and templates."""
    for cset in selected_sets(only):
        template = i18n_tools.extract(cset)
        written = i18n_tools.write_template(cset, template)
        if not cset.template_path.exists():
            click.echo(f"{display_path(cset.source_dir)}: no strings, no catalogs")
            continue
        state = "written" if written else "unchanged"
        click.echo(f"{display_path(cset.template_path)}: {len(template)} strings, {state}")


@translations_cli.command("update")
@click.option("--only", multiple=True, metavar="SET", help=ONLY_HELP)
@with_appcontext
def update_command(only):
    """Extract, then merge the new template into every language's messages.po
    (creating missing catalogs). New strings arrive empty, changed ones fuzzy."""
    for cset in selected_sets(only):
        template = i18n_tools.extract(cset)
        i18n_tools.write_template(cset, template)
        results = i18n_tools.update(cset, template, languages())
        if not results:
            click.echo(f"{display_path(cset.source_dir)}: no strings, no catalogs")
        for result in results:
            click.echo(describe_update(result))


def describe_update(result: i18n_tools.UpdateResult) -> str:
    state = "created" if result.created else ("updated" if result.written else "unchanged")
    todo = []
    if result.untranslated:
        todo.append(f"{result.untranslated} to translate")
    if result.fuzzy:
        todo.append(f"{result.fuzzy} fuzzy to review")
    return f"{display_path(result.path)}: {state}" + (f" ({', '.join(todo)})" if todo else "")


@translations_cli.command("compile")
@click.option("--only", multiple=True, metavar="SET", help=ONLY_HELP)
@with_appcontext
def compile_command(only):
    """Write messages.mo next to every messages.po (what the running app reads)."""
    written = [path for cset in selected_sets(only) for path in i18n_tools.compile_set(cset)]
    for path in written:
        click.echo(f"compiled {display_path(path)}")
    click.echo(f"{len(written)} catalogs compiled.")


@translations_cli.command("check")
@click.option("--only", multiple=True, metavar="SET", help=ONLY_HELP)
@with_appcontext
def check_command(only):
    """Exit 1 if a catalog lacks a string the code uses, or has an empty or fuzzy
    msgstr, or a msgstr whose placeholders differ from its msgid."""
    sets = selected_sets(only)
    problems = []
    for cset in sets:
        problems += i18n_tools.check_set(cset, languages(), i18n_tools.extract(cset))
    for problem in problems:
        click.echo(str(problem))
    for language in languages():
        for msgid, by_set in i18n_tools.conflicts(sets, language).items():
            wordings = "; ".join(f"{name}: {text!r}" for name, text in by_set.items())
            click.echo(f"warning: {language}: {msgid!r} is translated differently ({wordings})")
    if problems:
        click.echo(f"{len(problems)} problems in the catalogs.", err=True)
        raise SystemExit(1)
    click.echo(f"All catalogs complete: {len(sets)} sets, languages {', '.join(languages())}.")
