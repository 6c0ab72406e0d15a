"""/api/v1/openapi.json: generated from the schemas that validate the requests, and
covering every registered /api/v1 rule (method and path) of every module, schemas or
not, enabled or not."""

from __future__ import annotations

import pytest

from modules.core.schemas.api import ShopChange
from tests import conftest
from tests.conftest import FIXTURES, SHOP_MODULES, close_app
from wizamart import create_app
from wizamart.api.openapi import REF, openapi_path

API_MODULES = FIXTURES / "modsets" / "api"


@pytest.fixture(scope="module")
def every_module_app(migrated_database):
    """The real modules, the shop fixture set and the API fixture module."""
    app = create_app(
        conftest.test_settings(migrated_database, extra_modules_dirs=[SHOP_MODULES, API_MODULES])
    )
    yield app
    close_app(app)


def document(app) -> dict:
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def api_operations(app) -> set[tuple[str, str]]:
    """(method, OpenAPI path) of every registered /api/v1 rule."""
    return {
        (method.lower(), openapi_path(rule.rule)[0])
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


@pytest.mark.parametrize("which", ["real", "every module"])
def test_every_api_rule_is_in_the_document(app, every_module_app, which):
    app = app if which == "real" else every_module_app
    doc = document(app)
    operations = api_operations(app)
    assert ("patch", "/api/v1/vendor/{vendor_code}/shop") in operations
    if which != "real":
        assert ("get", "/api/v1/admin/fxpayments/ping") in operations  # written before the layer
        assert ("post", "/api/v1/vendor/{vendor_code}/fxapi/things") in operations
    documented = {
        (m, path) for path, item in doc["paths"].items() for m in item if m != "parameters"
    }
    assert operations <= documented, operations - documented
    assert documented == operations  # and nothing that is not a route
    operation_ids = [
        op["operationId"]
        for item in doc["paths"].values()
        for m, op in item.items()
        if m != "parameters"
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_the_schemas_are_the_ones_that_validate(app):
    doc = document(app)
    assert doc["openapi"].startswith("3.")
    assert doc["components"]["schemas"]["ShopChange"] == ShopChange.model_json_schema(
        ref_template=REF
    )
    patch = doc["paths"]["/api/v1/vendor/{vendor_code}/shop"]["patch"]
    assert patch["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ShopChange"
    }
    assert patch["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Shop"
    }
    assert patch["responses"]["422"] == {"$ref": "#/components/responses/invalid"}
    assert patch["x-permissions"] == ["core.shop_settings"]
    error = doc["components"]["schemas"]["ErrorResponse"]
    assert error["properties"]["error"] == {"$ref": "#/components/schemas/ErrorDetail"}


def test_security_schemes_session_with_csrf_or_a_bearer_token(app):
    doc = document(app)
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerToken"]["description"],
    }
    assert schemes["sessionCookie"]["in"] == "cookie"
    assert schemes["csrfHeader"] == {**schemes["csrfHeader"], "in": "header", "name": "X-CSRFToken"}
    shop = doc["paths"]["/api/v1/vendor/{vendor_code}/shop"]
    assert shop["get"]["security"] == [{"sessionCookie": []}, {"bearerToken": []}]
    assert shop["patch"]["security"] == [
        {"sessionCookie": [], "csrfHeader": []},
        {"bearerToken": []},
    ]


def test_a_route_without_schemas_is_listed_with_a_generic_answer(every_module_app):
    doc = document(every_module_app)
    plain = doc["paths"]["/api/v1/vendor/{vendor_code}/fxapi/plain"]["get"]
    assert plain["x-schemas"] is False
    assert plain["summary"] == "A route written without schemas."
    assert plain["responses"]["200"]["content"]["application/json"]["schema"] == {}
    admin = doc["paths"]["/api/v1/admin/fxpayments/ping"]["get"]
    assert admin["security"] == [{"sessionCookie": []}]
    storefront = doc["paths"]["/api/v1/storefront/{vendor_code}/fxapi/wishes"]["post"]
    assert storefront["security"] == [{"sessionCookie": [], "csrfHeader": []}]
    hello = doc["paths"]["/api/v1/storefront/{vendor_code}/fxapi/hello"]["get"]
    assert hello["security"] == [{}]


def test_query_and_path_parameters_are_described(every_module_app):
    doc = document(every_module_app)
    things = doc["paths"]["/api/v1/vendor/{vendor_code}/fxapi/things"]
    params = {p["name"]: p for p in things["get"]["parameters"]}
    assert params["ids"]["schema"]["type"] == "array" and params["ids"]["in"] == "query"
    assert params["ids"]["schema"]["items"]["maximum"] == 2**63 - 1
    assert params["limit"]["schema"]["maximum"] == 100 and not params["limit"]["required"]
    assert things["post"]["responses"]["201"]
    assert things["post"]["responses"]["409"] == {"$ref": "#/components/responses/conflict"}
    one = doc["paths"]["/api/v1/vendor/{vendor_code}/fxapi/things/{thing_id}"]
    names = [p["name"] for p in one["parameters"]]
    assert names == ["vendor_code", "thing_id"]
    assert one["parameters"][1]["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert one["delete"]["responses"]["204"] == {"description": "Done; no content."}


def test_rule_paths_become_openapi_paths():
    assert openapi_path("/api/v1/vendor/<vendor_code>/x/<int:item_id>") == (
        "/api/v1/vendor/{vendor_code}/x/{item_id}",
        [
            {"name": "vendor_code", "in": "path", "required": True, "schema": {"type": "string"}},
            {
                "name": "item_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
            },
        ],
    )
