"""Input of the catalog's forms, read from the request into the services' plain inputs.

The product form has a field per language and a row per variant, named
`title_<lang>`, `variant_sku_<n>`...; the services check the values and report errors
under the same names, which the templates show next to their fields.
"""

from __future__ import annotations

import json

from modules.catalog.services.products import (
    MAX_OPTIONS,
    MAX_VARIANTS,
    OptionInput,
    ProductInput,
    TextInput,
    VariantInput,
)

TEXT_FIELDS = ("title", "slug", "description", "seo_title", "seo_description")


def split_values(text: str) -> list[str]:
    """ "S, M, L" -> ["S", "M", "L"]."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def variant_options(raw: str) -> dict[str, str]:
    """A variant row's options from its hidden field (JSON written by the page); anything
    else is no options (the service then refuses the row if options are needed)."""
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str | int)}


def product_input(form, languages) -> ProductInput:
    """The product form's values as a ProductInput (nothing checked yet)."""
    texts = {
        lang: TextInput(**{name: form.get(f"{name}_{lang}", "") for name in TEXT_FIELDS})
        for lang in languages
    }
    options = [
        OptionInput(form.get(f"option_name_{i}", ""), split_values(form.get(f"option_values_{i}")))
        for i in range(MAX_OPTIONS)
    ]
    variants = []
    for i in range(MAX_VARIANTS + 1):
        if f"variant_sku_{i}" not in form and f"variant_price_{i}" not in form:
            break
        variants.append(
            VariantInput(
                sku=form.get(f"variant_sku_{i}", ""),
                price=form.get(f"variant_price_{i}", ""),
                compare_at_price=form.get(f"variant_compare_{i}", ""),
                options=variant_options(form.get(f"variant_options_{i}")),
                id=form.get(f"variant_id_{i}") or None,
            )
        )
    return ProductInput(
        texts=texts,
        status=form.get("status", ""),
        vat_class=form.get("vat_class", ""),
        category_ids=form.getlist("categories"),
        featured=bool(form.get("featured")),  # a checkbox: sent only when ticked
        options=options,
        variants=variants or [VariantInput()],
    )


def category_names_input(form, languages) -> dict[str, str]:
    return {lang: form.get(f"name_{lang}", "") for lang in languages}
