"""Pages' handlers of other modules' events (imported by modules/cms/subscribers.py)."""

from __future__ import annotations

from wizamart.events import subscribe
from wizamart.extensions import db


@subscribe("tenancy.vendor_created")
def give_new_shop_its_default_pages(event):
    """A new shop starts with imprint, terms and privacy drafts from the platform's
    templates (its name, company and VAT number filled in)."""
    from modules.cms.services.pages_templates import create_default_pages

    if event.vendor_id is None:
        return
    create_default_pages(event.vendor_id)
    db.session.commit()
