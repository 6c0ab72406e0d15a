"""Input of the page editor, read from the form into the service's PageInput.

Fields are named per language (`title_en`, `body_de`, `seo_title_fr`...); the service
reports errors under the same names, shown next to their fields.
"""

from __future__ import annotations

from modules.cms.services.pages import PageInput, TextInput

TEXT_FIELDS = ("title", "body", "seo_title", "seo_description")


def page_input(form, languages) -> PageInput:
    """The editor's values (nothing checked yet)."""
    return PageInput(
        texts={
            lang: TextInput(**{name: form.get(f"{name}_{lang}", "") for name in TEXT_FIELDS})
            for lang in languages
        },
        slug=form.get("slug", ""),
        role=form.get("role", ""),
        on_home=bool(form.get("on_home")),  # a checkbox: sent only when ticked
        position=form.get("position", "0"),
    )
