"""The OpenAPI 3.1 document at /api/v1/openapi.json, generated, never written by hand.

apispec assembles the document; pydantic writes the JSON Schemas, from the very schemas
`@api_view` validates requests with (TypeAdapter.json_schemas: one pass over every
schema, so two modules' models of the same name get distinct component names). Every
registered rule under /api/v1/ is in it, of every module, on or off on some platform: a
route without `@api_view` too, with a generic answer (and `flask modules check` warns
about it, MOD-019). Built once per app on first request: routes never change after
start-up.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from apispec import APISpec
from flask import Flask, current_app
from pydantic import TypeAdapter

from wizamart.api.errors import CODES, ErrorResponse
from wizamart.api.views import api_view
from wizamart.modules.definition import FrontendType
from wizamart.paging import MAX_ID

API_PREFIX = "/api/v1/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REF = "#/components/schemas/{model}"
RULE_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")

ERROR_TITLES = {
    400: "The request could not be read (bad JSON, stale CSRF token).",
    401: "Not signed in, or the API token is unknown, revoked or expired.",
    403: "The caller lacks the permission.",
    404: "Unknown, of another vendor, or the module is off on this platform.",
    409: "In conflict with the current state.",
    413: "The body is too large.",
    415: "The body is not JSON.",
    422: "The input is invalid: see `error.fields`.",
    429: "Too many requests.",
    500: "Something went wrong on the server.",
}


def openapi_path(rule: str) -> tuple[str, list[dict]]:
    """`/api/v1/vendor/<vendor_code>/x/<int:id>` -> `/api/v1/vendor/{vendor_code}/x/{id}`
    and its path parameters."""
    parameters = []
    for match in RULE_ARGUMENT.finditer(rule):
        converter = match["converter"] or "string"
        schema = (
            {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            if converter == "int"
            else {"type": "string"}
        )
        parameters.append({"name": match["name"], "in": "path", "required": True, "schema": schema})
    return RULE_ARGUMENT.sub(lambda m: "{" + m["name"] + "}", rule), parameters


def api_rules(app: Flask):
    """Every registered rule under /api/v1/, in a stable order."""
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith(API_PREFIX)]
    return sorted(rules, key=lambda r: (r.rule, r.endpoint))


def operation_methods(rule) -> list[str]:
    return sorted(m for m in rule.methods if m not in ("HEAD", "OPTIONS"))


def endpoint_frontend(app: Flask, endpoint: str):
    """(module code, frontend) of a module's endpoint; (None, None) for the framework's."""
    info = app.extensions.get("wizamart.endpoints", {}).get(endpoint.split(".")[0])
    return (info.module, info.frontend) if info is not None else (None, None)


def security(frontend, method: str) -> list[dict]:
    """Who may call. The vendor API: a session (plus its CSRF token in `X-CSRFToken`
    when the request changes something) or a bearer token; the admin API: a session;
    the storefront and the framework's own routes: anyone to read, and a session's
    CSRF token to change something (a visitor's session is anonymous)."""
    session = {"sessionCookie": []}
    if method not in SAFE_METHODS:
        session["csrfHeader"] = []
    if frontend == FrontendType.VENDOR:
        return [session, {"bearerToken": []}]
    if frontend == FrontendType.ADMIN or method not in SAFE_METHODS:
        return [session]
    return [{}]


def docstring_parts(view) -> tuple[str | None, str | None]:
    lines = [line.strip() for line in (view.__doc__ or "").strip().splitlines()]
    if not lines or not lines[0]:
        return None, None
    rest = " ".join(line for line in lines[1:] if line) or None
    return lines[0], rest


def error_statuses(spec, frontend, permissions, method: str) -> list[int]:
    statuses = {404, 500}
    if frontend in (FrontendType.VENDOR, FrontendType.ADMIN):
        statuses.add(401)
    if permissions or frontend == FrontendType.ADMIN:
        statuses.add(403)
    if method not in SAFE_METHODS:
        statuses.add(400)  # CSRF
    if spec is not None:
        if spec.body is not None or spec.multipart:
            statuses.update({400, 413, 415, 422})
        if spec.query is not None:
            statuses.add(422)
        statuses.update(spec.errors)
    return sorted(statuses)


def collect_schemas(app: Flask, rules) -> tuple[dict, dict]:
    """JSON Schemas of every body, query and response, generated in one pass.

    Returns ({(endpoint, part): schema}, {component name: schema}).
    """
    inputs = [(("error", "response"), "serialization", TypeAdapter(ErrorResponse))]
    seen = set()
    for rule in rules:
        spec = getattr(app.view_functions[rule.endpoint], "api_spec", None)
        if spec is None or rule.endpoint in seen:
            continue
        seen.add(rule.endpoint)
        if spec.body is not None:
            inputs.append(((rule.endpoint, "body"), "validation", TypeAdapter(spec.body)))
        if spec.query is not None:
            inputs.append(((rule.endpoint, "query"), "validation", TypeAdapter(spec.query)))
        if spec.form is not None:
            inputs.append(((rule.endpoint, "form"), "validation", TypeAdapter(spec.form)))
        if spec.response_adapter is not None:
            inputs.append(((rule.endpoint, "response"), "serialization", spec.response_adapter))
    by_key, top = TypeAdapter.json_schemas(inputs, ref_template=REF)
    return {key: schema for (key, _mode), schema in by_key.items()}, top.get("$defs", {})


def resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref", "")
    return components.get(ref.rsplit("/", 1)[-1], schema) if ref else schema


def query_parameters(schema: dict, components: dict) -> list[dict]:
    """A query model's fields as `in: query` parameters."""
    schema = resolve(schema, components)
    required = set(schema.get("required", ()))
    parameters = []
    for name, field in schema.get("properties", {}).items():
        parameter = {"name": name, "in": "query", "required": name in required, "schema": field}
        if "description" in field:
            parameter["description"] = field["description"]
        if field.get("type") == "array":
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return parameters


def multipart_schema(spec, rule, schemas, components) -> dict:
    """A multipart body: the form model's fields, and each file field as binary."""
    form = resolve(schemas.get((rule.endpoint, "form"), {}), components)
    properties = dict(form.get("properties", {}))
    required = list(form.get("required", []))
    for name in spec.files:
        properties[name] = {"type": "string", "format": "binary"}
        required.append(name)
    return {"type": "object", "properties": properties, "required": required}


def operation(app, rule, method, schemas, components, single: bool) -> dict:
    view = app.view_functions[rule.endpoint]
    spec = getattr(view, "api_spec", None)
    module, frontend = endpoint_frontend(app, rule.endpoint)
    permissions = list(getattr(view, "required_permissions", ()))
    summary, description = docstring_parts(view)
    op: dict = {
        "operationId": rule.endpoint if single else f"{rule.endpoint}.{method.lower()}",
        "tags": [module or "wizamart"],
        "summary": (spec.summary if spec and spec.summary else summary) or rule.endpoint,
        "security": security(frontend, method),
    }
    if description:
        op["description"] = description
    if permissions:
        op["x-permissions"] = permissions
        extra = "Needs the permission " + ", ".join(f"`{p}`" for p in permissions) + "."
        op["description"] = f"{op.get('description', '')} {extra}".strip()
    responses: dict = {}
    if spec is None:
        op["x-schemas"] = False
        responses["200"] = {
            "description": "Not described: the route declares no schemas (`@api_view`).",
            "content": {"application/json": {"schema": {}}},
        }
    else:
        if spec.query is not None:
            op["parameters"] = query_parameters(schemas[(rule.endpoint, "query")], components)
        if spec.body is not None:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": schemas[(rule.endpoint, "body")]}},
            }
        if spec.multipart:
            op["requestBody"] = {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": multipart_schema(spec, rule, schemas, components)
                    }
                },
            }
        if spec.status == 204:
            responses["204"] = {"description": "Done; no content."}
        else:
            body = schemas.get((rule.endpoint, "response"), {})
            responses[str(spec.status)] = {
                "description": "Created." if spec.status == 201 else "OK.",
                "content": {"application/json": {"schema": body}},
            }
    for status in error_statuses(spec, frontend, permissions, method):
        responses[str(status)] = {"$ref": f"#/components/responses/{CODES[status]}"}
    op["responses"] = responses
    return op


def build_document(app: Flask) -> dict:
    """The OpenAPI document of every /api/v1 rule of `app`."""
    try:
        app_version = version("wizamart")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        app_version = "0"
    spec = APISpec(
        title="Wizamart API",
        version=app_version,
        openapi_version="3.1.0",
        info={
            "description": "Errors are JSON: "
            '`{"error": {"code", "message", "fields"}}`; invalid input answers 422.'
        },
    )
    rules = api_rules(app)
    schemas, components = collect_schemas(app, rules)
    for name, schema in sorted(components.items()):
        spec.components.schema(name, schema)
    error_ref = schemas[("error", "response")]
    for status, code in CODES.items():
        spec.components.response(
            code,
            {
                "description": ERROR_TITLES.get(status, code),
                "content": {"application/json": {"schema": error_ref}},
            },
        )
    cookie = app.config.get("SESSION_COOKIE_NAME", "session")
    spec.components.security_scheme(
        "sessionCookie", {"type": "apiKey", "in": "cookie", "name": cookie}
    )
    spec.components.security_scheme(
        "csrfHeader",
        {
            "type": "apiKey",
            "in": "header",
            "name": "X-CSRFToken",
            "description": "The CSRF token of the session, for requests that change something.",
        },
    )
    spec.components.security_scheme(
        "bearerToken",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "A vendor's API token (created on the vendor's API tokens page).",
        },
    )
    taken: set[str] = set()
    for rule in rules:
        path, parameters = openapi_path(rule.rule)
        methods = operation_methods(rule)
        operations = {
            m.lower(): operation(app, rule, m, schemas, components, len(methods) == 1)
            for m in methods
        }
        for op in operations.values():  # one view under two URLs: two operations
            base, n = op["operationId"], 1
            while op["operationId"] in taken:
                n += 1
                op["operationId"] = f"{base}_{n}"
            taken.add(op["operationId"])
        spec.path(path=path, operations=operations, parameters=parameters)
    return spec.to_dict()


def openapi_document() -> dict:
    """The current app's document, built on first use."""
    app = current_app._get_current_object()
    if "wizamart.openapi" not in app.extensions:
        app.extensions["wizamart.openapi"] = build_document(app)
    return app.extensions["wizamart.openapi"]


@api_view(response=dict[str, Any])
def openapi_json():
    """The OpenAPI document of this API."""
    return openapi_document()
