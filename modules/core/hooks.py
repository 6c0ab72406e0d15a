"""What core offers to other modules' pages (wizamart.hooks): its home pages as targets
of the content menus (`cms.link_targets`)."""

from __future__ import annotations

from functools import partial

from flask import url_for
from flask_babel import gettext as _

from wizamart.hooks import fill
from wizamart.links import LinkTarget


@fill("cms.link_targets", order=10)
def link_targets(frontend: str):
    """The shop's home page, or the platform's."""
    if frontend == "storefront":
        return [LinkTarget("home", _("Home"), partial(url_for, "core_storefront.home"), _("Shop"))]
    if frontend == "public":
        return [LinkTarget("home", _("Home"), partial(url_for, "core_public.home"), _("Site"))]
    return []
