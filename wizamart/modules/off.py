"""The answer to a page of a module that is off on the request's platform.

Everyone gets 404. The platform's admins get a 404 page that says which module is
off, with a link to where they can switch it on; nobody else learns that the module
exists. Only this 404 path does the extra work (gate.py calls it after deciding).
"""

from __future__ import annotations

from flask import abort, current_app, g, render_template
from flask_babel import gettext as _
from flask_login import current_user

from wizamart.errors import wants_json
from wizamart.htmx import is_partial_request
from wizamart.tenancy import tenancy_backend


def module_off_response(code: str):
    """404 for a page of module `code`, which is off on `g.platform`."""
    if wants_json() or not current_user.is_authenticated:
        abort(404)
    url = tenancy_backend().module_settings_url(
        current_user._get_current_object(), g.platform, code
    )
    if url is None:
        abort(404)
    module = current_app.extensions["wizamart.registry"][code]
    message = _("The %(module)s module is off on this platform.", module=module.name)
    template = "errors/fragment.html" if is_partial_request() else "errors/module_off.html"
    return render_template(template, status=404, message=message, settings_url=url), 404
