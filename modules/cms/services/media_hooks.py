"""What cms answers other modules about media, without them importing cms:

- `media.picker` (asked by `wizamart.media.media_picker_field`, so by the framework's
  `media_picker` macro): the picker of the library of the request's owner — the shop in
  its back office, the platform in the admin — with the chosen image and the newest
  images with alt text for browsers without JavaScript.
- `media.describe` (`wizamart.media.describe_media(ids)`): URLs and alt texts of the
  owner's images among `ids`, in a shop's pages and back office, and on the platform's.
"""

from __future__ import annotations

from flask import g, url_for

from modules.cms.services import media as media_service
from modules.cms.services.owners import request_owner
from wizamart.auth import has_permission
from wizamart.hooks import fill
from wizamart.media import PickerField
from wizamart.modules.definition import FrontendType

#: frontend -> (blueprint of the media pages, permission to see them)
PICKERS = {
    FrontendType.VENDOR: ("cms_vendor.media", "cms.view"),
    FrontendType.ADMIN: ("cms_admin.media", "cms.platform_content"),
}


@fill("media.picker")
def picker(value=None, choices=True):
    owner = request_owner()
    found = PICKERS.get(g.get("frontend"))
    if owner is None or found is None:
        return None
    blueprint, permission = found
    if not has_permission(permission):  # the chosen image only; no library to browse
        selected = media_service.describe(owner, [value]).get(value) if value else None
        return PickerField(None, None, selected, (selected,) if selected else ())
    picker_url, library_url = url_for(f"{blueprint}.picker"), url_for(f"{blueprint}.index")
    if not choices:  # the dialog alone (an "insert image" button): nothing to read
        return PickerField(picker_url, library_url, None)
    return media_service.picker_field(owner, value, picker_url, library_url)


@fill("media.describe")
def describe(ids=()):
    owner = request_owner()
    return media_service.describe(owner, ids) if owner is not None else {}
