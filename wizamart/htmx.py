"""Render a whole page or only the fragment an HTMX request targets, from one template.

Convention: a page template wraps each swappable region in an element whose id
matches a block name, dashes for underscores:

    <div id="module-list">{% block module_list %}...{% endblock %}</div>

A partial HTMX request (`HX-Request-Type: partial`) that targets `#module-list`
gets only that block (jinja2-fragments renders it from the same template). Any
other request — plain, boosted, history restore, or a target the template has no
block for — gets the whole page. `oob=[...]` adds other blocks (menus, badges,
flash messages) as `<hx-partial>` envelopes, so one response updates them too.
Views never look at HX-* headers themselves; they ask `is_htmx()` if they must.
"""

from __future__ import annotations

from functools import lru_cache

from flask import current_app, make_response, render_template, request
from jinja2 import nodes
from jinja2_fragments import render_block
from markupsafe import Markup, escape


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def is_partial_request() -> bool:
    """An HTMX request that swaps a part of the page (not boosted, not a history restore)."""
    return (
        is_htmx()
        and request.headers.get("HX-Request-Type", "partial") == "partial"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def target_block() -> str | None:
    """The block name for the element the request targets (`div#module-list` -> module_list)."""
    target = request.headers.get("HX-Target", "")
    if "#" not in target:
        return None
    return target.split("#", 1)[1].replace("-", "_")


def parent_template(template_name: str) -> str | None:
    """The template `template_name` extends, if any (found in its syntax tree)."""
    env = current_app.jinja_env
    source = env.loader.get_source(env, template_name)[0]
    extends = env.parse(source).find(nodes.Extends)
    if extends is None or not isinstance(extends.template, nodes.Const):
        return None
    return extends.template.value


@lru_cache(maxsize=512)
def _block_owner(app_id: int, template_name: str, block: str) -> str | None:
    name: str | None = template_name
    while name is not None:
        if block in current_app.jinja_env.get_template(name).blocks:
            return name
        name = parent_template(name)
    return None


def block_owner(template_name: str, block: str) -> str | None:
    """The template in the `extends` chain that defines `block` (child first)."""
    return _block_owner(id(current_app), template_name, block)


def render_fragment(template_name: str, block: str, **context) -> str:
    owner = block_owner(template_name, block) or template_name
    current_app.update_template_context(context)
    return render_block(current_app.jinja_env, owner, block, **context)


def oob_envelope(template_name: str, block: str, **context) -> Markup:
    html = render_fragment(template_name, block, **context)
    target = escape("#" + block.replace("_", "-"))
    return Markup(f'<hx-partial hx-target="{target}">{html}</hx-partial>')


def render(template_name: str, *, status: int = 200, oob: tuple[str, ...] = (), **context):
    """The one way views render pages; see the module docstring."""
    block = target_block() if is_partial_request() else None
    if block and block_owner(template_name, block):
        parts = [render_fragment(template_name, block, **context)]
        parts += [oob_envelope(template_name, name, **context) for name in oob]
        response = make_response("".join(parts), status)
    else:
        response = make_response(render_template(template_name, **context), status)
    response.vary.add("HX-Request")
    return response
