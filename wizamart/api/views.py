"""`@api_view`: one pydantic schema validates a request and describes it in the
OpenAPI document (wizamart.api.openapi reads the same `ApiSpec`).

    @router.patch("/shop")
    @permission_required("core.shop_settings")
    @api_view(body=ShopChange, response=Shop)
    def change_shop(body: ShopChange):
        return rename_vendor(g.vendor.id, body.name)

The view gets `body=` (the JSON body) and/or `query=` (the query string) as validated
models; invalid input never reaches it (422 with the messages per field). What it
returns is passed through `response` (a model, `list[Model]` or any type pydantic
knows; ORM objects are read by attribute) and sent as JSON with `status`. It may return
`(value, status)`, `(value, status, headers)`, or a ready `Response`.

Uploads are the one kind of body that is not JSON: `form=` (a model of the text
fields) and `files=` (the names of the file fields, each required) take a
`multipart/form-data` body, and `max_body=` (bytes, or a callable giving them) lets that
view's body grow past API_MAX_BODY:

    @router.post("/media")
    @permission_required("cms.edit")
    @api_view(form=MediaUpload, files=("file",), max_body=upload_limit, response=MediaItem,
              status=201)
    def upload(form: MediaUpload):
        data = request.files["file"].read()
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import wraps
from typing import Annotated, Any, Generic, TypeVar

from flask import Response, current_app, jsonify, request
from flask_babel import lazy_gettext as _l
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from werkzeug.exceptions import BadRequest

from wizamart.api.errors import ApiError
from wizamart.paging import MAX_ID

#: An id in a body or query string: what a database column holds, so 23 digits are a
#: 422, not an overflow in the driver.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

#: A moment in an answer, always with its zone: SQLite hands back naive UTC datetimes,
#: which are sent as "...Z" like PostgreSQL's.
UtcDatetime = Annotated[
    datetime, AfterValidator(lambda d: d if d.tzinfo else d.replace(tzinfo=UTC))
]

#: The largest API request body (bytes) when the app sets no API_MAX_BODY
#: (WIZAMART_API_MAX_BODY).
DEFAULT_MAX_BODY = 1024 * 1024


class ApiSchema(BaseModel):
    """Base for request schemas: unknown fields are refused (a typo is a 422, not a
    silently ignored value)."""

    model_config = ConfigDict(extra="forbid")


class PageQuery(ApiSchema):
    """The query of a list that pages by key (keyset): `?after=<last id seen>&limit=50`.
    Subclass it to add filters."""

    after: Id | None = Field(None, description="The `next_after` of the previous page.")
    limit: int = Field(50, ge=1, le=200, description="Items per page.")


Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    """One page of a list: `response=Page[Product]`."""

    items: list[Item]
    next_after: int | None = Field(
        description="Pass it as `after` for the next page; null on the last page."
    )


def page_of(rows: Sequence, limit: int, key: Callable = lambda row: row.id) -> dict:
    """A Page from `limit + 1` rows fetched in key order (`WHERE id > :after ORDER BY id
    LIMIT :limit + 1`): the extra row only says that another page exists."""
    items = list(rows[:limit])
    return {"items": items, "next_after": key(items[-1]) if len(rows) > limit else None}


@dataclass(frozen=True)
class ApiSpec:
    """What `@api_view` declared: read by the view wrapper and by the OpenAPI document."""

    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: Any = None
    status: int = 200
    summary: str | None = None
    errors: tuple[int, ...] = ()
    response_adapter: TypeAdapter | None = field(default=None, compare=False)
    form: type[BaseModel] | None = None  # multipart/form-data text fields
    files: tuple[str, ...] = ()  # multipart/form-data file fields (required)
    max_body: int | Callable[[], int] | None = None  # bytes; default API_MAX_BODY

    @property
    def multipart(self) -> bool:
        return self.form is not None or bool(self.files)


def field_errors(exc: ValidationError, prefix: tuple = ()) -> dict[str, list[str]]:
    """pydantic's errors as {"dotted.path": [messages]} ("" for the input as a whole)."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False, include_input=False):
        path = ".".join(str(part) for part in (*prefix, *error["loc"]))
        fields.setdefault(path, []).append(error["msg"])
    return fields


def invalid(fields: dict[str, list]) -> ApiError:
    return ApiError(422, _l("Some of what you sent needs another look."), fields=fields)


def is_list_field(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields.get(name)
    if info is None:
        return False
    annotation = info.annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(typing.get_origin(a) in (list, set, tuple) for a in typing.get_args(annotation))
    return origin in (list, set, tuple)


def parse_query(model: type[BaseModel]) -> BaseModel:
    """The query string as `model`: repeated keys for list fields, one value otherwise."""
    data = {
        key: request.args.getlist(key) if is_list_field(model, key) else request.args[key]
        for key in request.args
    }
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(field_errors(exc)) from None


def limit_body() -> None:
    """Bodies of API requests stop at API_MAX_BODY bytes, or at the view's own
    `max_body` (an upload), with 413; set before anything reads the body (the gate calls
    it first: the CSRF check reads a form body)."""
    view = current_app.view_functions.get(request.endpoint or "")
    spec = getattr(view, "api_spec", None)
    limit = spec.max_body if spec is not None else None
    if callable(limit):
        limit = limit()
    request.max_content_length = limit or current_app.config.get("API_MAX_BODY", DEFAULT_MAX_BODY)


def parse_body(model: type[BaseModel]) -> BaseModel:
    """The JSON body as `model`: 415 unless it is JSON, 413 past the size limit (see
    limit_body), 400 when it does not parse, 422 when it does not fit."""
    if not request.is_json:
        raise ApiError(415, _l("Send the body as JSON (Content-Type: application/json)."))
    try:
        data = request.get_json()
    except BadRequest:
        raise ApiError(400, _l("The body is not valid JSON."), code="bad_json") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(field_errors(exc)) from None


def parse_form(model: type[BaseModel] | None, files: tuple[str, ...]) -> BaseModel | None:
    """A multipart body: 415 unless it is multipart/form-data, 413 past the size limit,
    422 when a file is missing or the text fields do not fit `model`."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, _l("Send the body as multipart/form-data."))
    errors = {
        name: [str(_l("Attach a file."))]
        for name in files
        if name not in request.files or not request.files[name].filename
    }
    value = None
    if model is not None:
        data = {
            key: request.form.getlist(key) if is_list_field(model, key) else request.form[key]
            for key in request.form
        }
        try:
            value = model.model_validate(data)
        except ValidationError as exc:
            errors.update(field_errors(exc))
    if errors:
        raise invalid(errors)
    return value


def api_response(result, spec: ApiSpec) -> Response:
    """A view's return value as a JSON response, passed through the response schema."""
    if isinstance(result, Response):
        return result
    status, headers = spec.status, None
    if isinstance(result, tuple):
        result, status, *rest = result
        headers = rest[0] if rest else None
    if status == 204:
        response = Response(status=204)
    else:
        if spec.response_adapter is not None:
            value = spec.response_adapter.validate_python(result, from_attributes=True)
            result = spec.response_adapter.dump_python(value, mode="json")
        response = jsonify(result)
        response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def api_view(
    *,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    summary: str | None = None,
    errors: tuple[int, ...] = (),
    form: type[BaseModel] | None = None,
    files: tuple[str, ...] = (),
    max_body: int | Callable[[], int] | None = None,
):
    """Validate the request with `body` / `query` (or `form` / `files` for a
    multipart upload, see the module docstring), answer through `response`.

    `summary` defaults to the first line of the view's docstring (the rest becomes the
    operation's description); `errors` lists statuses the view itself may answer
    besides the ones the framework adds (e.g. `(409,)`), for the document.
    Put it under `@router.route` and `@permission_required`: the permission is checked
    before the input is read.
    """
    spec = ApiSpec(
        body,
        query,
        response,
        status,
        summary,
        tuple(errors),
        TypeAdapter(response) if response is not None else None,
        form,
        tuple(files),
        max_body,
    )
    if body is not None and spec.multipart:
        raise TypeError("api_view: a JSON body or a multipart form, not both")

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if query is not None:
                kwargs["query"] = parse_query(query)
            if body is not None:
                kwargs["body"] = parse_body(body)
            if spec.multipart:
                parsed = parse_form(form, spec.files)
                if form is not None:
                    kwargs["form"] = parsed
            return api_response(view(*args, **kwargs), spec)

        wrapper.api_spec = spec
        return wrapper

    return decorator
