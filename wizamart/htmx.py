"""Render a whole page or only the fragment an HTMX request targets, from one template.

Convention: a page template wraps each swappable region in an element whose id
matches a block name, dashes for underscores:

    <div id="module-list">{% block module_list %}...{% endblock %}</div>

A partial HTMX request (`HX-Request-Type: partial`) that targets `#module-list`
gets only that block, rendered from the same template. Any other request —
plain, boosted, history restore, or a target the template has no block for —
gets the whole page. `oob=[...]` adds other blocks (menus, badges, flash
messages) as `<hx-partial>` envelopes, so one response updates them too.
Views never look at HX-* headers themselves; they ask `is_htmx()` if they must.

A block rendered alone comes out exactly as it does inside the whole page:

- it may live in a layout (`sidebar` is in layouts/backoffice.html) and the
  blocks nested in it resolve to the page's overrides, as in a full render;
- it sees what the full render sets up before any block: the top-level
  `{% set %}`, `{% import %}` and `{% macro %}` of the page and of every
  layout it extends (the admin layout's `{% set frontend = "admin" %}`, which
  the sidebar menu needs, for one).

This is why blocks are rendered here rather than with jinja2-fragments'
`render_block`, which sees neither the layouts' blocks nor their variables.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote

from flask import current_app, make_response, render_template, request
from jinja2 import Template, nodes
from jinja2.runtime import Context
from markupsafe import Markup, escape


def is_htmx() -> bool:
    """Any request made by htmx (partial, boosted or history restore)."""
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
    # htmx writes the id through encodeURI().
    return unquote(target.split("#", 1)[1]).replace("-", "_")


def _syntax_tree(template_name: str) -> nodes.Template:
    env = current_app.jinja_env
    source = env.loader.get_source(env, template_name)[0]
    return env.parse(source, template_name)


def parent_template(template_name: str) -> str | None:
    """The template `template_name` extends, if any (found in its syntax tree)."""
    extends = _syntax_tree(template_name).find(nodes.Extends)
    if extends is None or not isinstance(extends.template, nodes.Const):
        return None
    return extends.template.value


@lru_cache(maxsize=512)
def _extends_chain(app_id: int, template_name: str) -> tuple[str, ...]:
    chain = [template_name]
    while (parent := parent_template(chain[-1])) is not None:
        chain.append(parent)
    return tuple(chain)


def extends_chain(template_name: str) -> tuple[str, ...]:
    """`template_name` and the layouts it extends, child first."""
    return _extends_chain(id(current_app), template_name)


def has_block(template_name: str, block: str) -> bool:
    """Whether the page `template_name` (with its layouts) has a block named `block`."""
    env = current_app.jinja_env
    return any(block in env.get_template(name).blocks for name in extends_chain(template_name))


# Top-level statements a whole-page render runs before any block is rendered.
PRELUDE_NODES = (nodes.Assign, nodes.AssignBlock, nodes.Import, nodes.FromImport, nodes.Macro)


@lru_cache(maxsize=512)
def _prelude(app_id: int, template_name: str) -> Template | None:
    body = [
        node
        for name in extends_chain(template_name)  # child first, the order Jinja runs them in
        for node in _syntax_tree(name).body
        if isinstance(node, PRELUDE_NODES)
    ]
    if not body:
        return None
    env = current_app.jinja_env
    code = env.compile(nodes.Template(body, lineno=1), name=f"{template_name} (prelude)")
    return env.template_class.from_code(env, code, env.make_globals(None))


def prelude_variables(template_name: str, context: dict) -> dict:
    """What the top-level statements of the page and its layouts define, given `context`."""
    prelude = _prelude(id(current_app), template_name)
    if prelude is None:
        return {}
    ctx = prelude.new_context(context)
    for _ in prelude.root_render_func(ctx):  # output outside blocks is dropped, as in Jinja
        pass
    return dict(ctx.vars)


def _page_context(template_name: str, context: dict) -> Context:
    """A render context whose blocks are the page's, then its layouts' (as `extends` builds)."""
    env = current_app.jinja_env
    page = env.get_template(template_name)
    ctx = page.new_context({**context, **prelude_variables(template_name, context)})
    for name in extends_chain(template_name)[1:]:
        for block, render_func in env.get_template(name).blocks.items():
            ctx.blocks.setdefault(block, []).append(render_func)
    return ctx


def render_fragment(template_name: str, block: str, **context) -> str:
    """One block of `template_name`, exactly as the whole page would render it."""
    env = current_app.jinja_env
    current_app.update_template_context(context)
    ctx = _page_context(template_name, context)
    try:
        return env.concat(ctx.blocks[block][0](ctx))
    except Exception:
        env.handle_exception()  # re-raises with the template's lines in the traceback
        raise


def oob_envelope(template_name: str, block: str, **context) -> Markup:
    """`block` wrapped in an `<hx-partial>` that htmx swaps into `#block-name`."""
    html = render_fragment(template_name, block, **context)
    target = escape("#" + block.replace("_", "-"))
    return Markup(f'<hx-partial hx-target="{target}">{html}</hx-partial>')


def render(template_name: str, *, status: int = 200, oob: tuple[str, ...] = (), **context):
    """The one way views render pages; see the module docstring."""
    block = target_block() if is_partial_request() else None
    if block and has_block(template_name, block):
        parts = [render_fragment(template_name, block, **context)]
        parts += [oob_envelope(template_name, name, **context) for name in oob]
        response = make_response("".join(parts), status)
    else:
        response = make_response(render_template(template_name, **context), status)
    response.vary.add("HX-Request")
    return response
