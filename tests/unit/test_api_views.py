"""The pieces of @api_view without HTTP: field paths of pydantic's errors, list fields
of query strings, return values turned into responses, keyset pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from wizamart.api.views import (
    ApiSchema,
    ApiSpec,
    api_response,
    field_errors,
    is_list_field,
    page_of,
)


class Line(BaseModel):
    price: Decimal = Field(gt=0)


class Order(ApiSchema):
    lines: list[Line]
    tags: list[str] | None = None
    note: str = ""


def test_errors_are_keyed_by_the_dotted_path_of_the_field():
    with pytest.raises(ValidationError) as caught:
        Order.model_validate({"lines": [{"price": "1"}, {"price": "-1"}], "colour": "red"})
    assert field_errors(caught.value) == {
        "lines.1.price": ["Input should be greater than 0"],
        "colour": ["Extra inputs are not permitted"],
    }
    with pytest.raises(ValidationError) as caught:
        Order.model_validate("not an object")
    assert list(field_errors(caught.value)) == [""]


def test_list_fields_take_every_value_of_a_repeated_query_key():
    assert is_list_field(Order, "lines") and is_list_field(Order, "tags")
    assert not is_list_field(Order, "note") and not is_list_field(Order, "unknown")


@pytest.fixture
def ctx():
    with Flask(__name__).test_request_context():
        yield


def spec(response=None, status=200) -> ApiSpec:
    adapter = TypeAdapter(response) if response is not None else None
    return ApiSpec(response=response, status=status, response_adapter=adapter)


def test_return_values_become_json_through_the_response_schema(ctx):
    class Row:  # an ORM row, read by attribute
        price = Decimal("2.50")

    response = api_response(Row(), spec(Line))
    assert response.status_code == 200 and response.get_json() == {"price": "2.50"}
    response = api_response(({"price": "3"}, 201, {"Location": "/x"}), spec(Line))
    assert response.status_code == 201 and response.headers["Location"] == "/x"
    assert api_response(None, spec(status=204)).get_data() == b""


def test_a_page_says_where_the_next_one_starts_only_when_there_is_one():
    assert page_of([1, 2, 3], 2, key=lambda n: n) == {"items": [1, 2], "next_after": 2}
    assert page_of([1, 2], 2, key=lambda n: n) == {"items": [1, 2], "next_after": None}
    assert page_of([], 2) == {"items": [], "next_after": None}
