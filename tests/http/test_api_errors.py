"""Every error under /api/ is JSON in one shape, {"error": {"code", "message", "fields"}},
never an HTML page: 400 (bad JSON, CSRF), 401, 403, 404 (unknown, another vendor's, a
module that is off, a 23-digit id), 405, 409, 413, 415, 422 with messages per field,
429 and 500. The routes are the fixture module tests/fixtures/modsets/api/fxapi."""

from __future__ import annotations

import pytest

from tests import conftest
from tests.conftest import FIXTURES, close_app, csrf_token, reset_database, seed_demo
from wizamart import create_app
from wizamart.modules.service import module_service

API_MODULES = FIXTURES / "modsets" / "api"
THINGS = "/api/v1/vendor/bakery/fxapi/things"


@pytest.fixture(scope="module")
def _api_app(migrated_database):
    app = create_app(
        conftest.test_settings(
            migrated_database,
            extra_modules_dirs=[API_MODULES],
            PROPAGATE_EXCEPTIONS=False,  # a bug answers 500, as in production
            api_max_body=2000,
        )
    )
    yield app
    close_app(app)


@pytest.fixture
def api_app(_api_app):
    reset_database(_api_app)
    seed_demo(_api_app)
    yield _api_app
    reset_database(_api_app)


@pytest.fixture
def owner(api_app, login_as):
    client = login_as(api_app.test_client(), "bakery_owner")
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token(client, "/vendor/bakery/")
    return client


def error_of(response, status: int, code: str) -> dict:
    """The error body, after checking the status, the JSON type and the shape."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_invalid_body_answers_422_with_the_messages_of_each_field(owner):
    error = error_of(owner.post(THINGS, json={"name": "", "price": "-1"}), 422, "invalid")
    assert set(error["fields"]) == {"name", "price"}
    assert "at least 1 character" in error["fields"]["name"][0]
    assert "greater than 0" in error["fields"]["price"][0]


def test_unknown_and_wrongly_typed_fields_are_422(owner):
    error = error_of(
        owner.post(THINGS, json={"name": "Cake", "price": "abc", "colour": "red"}),
        422,
        "invalid",
    )
    assert set(error["fields"]) == {"price", "colour"}


def test_a_body_that_is_not_an_object_is_422_on_the_whole_input(owner):
    error = error_of(owner.post(THINGS, json=["Cake"]), 422, "invalid")
    assert list(error["fields"]) == [""]


def test_money_round_trips_exactly(owner):
    response = owner.post(THINGS, json={"name": "Cake", "price": "12.10"})
    assert response.status_code == 201
    assert response.get_json() == {"id": 2, "name": "Cake", "price": "12.10"}
    error = error_of(owner.post(THINGS, json={"name": "Cake", "price": "1.001"}), 422, "invalid")
    assert "decimal places" in error["fields"]["price"][0]


def test_bad_json_is_400(owner):
    response = owner.post(THINGS, data='{"name": "Cake",', content_type="application/json")
    assert error_of(response, 400, "bad_json")["fields"] == {}


def test_a_form_body_is_415(owner):
    response = owner.post(THINGS, data={"name": "Cake", "price": "1"})
    error_of(response, 415, "unsupported_media_type")


def test_a_body_past_the_limit_is_413(owner):
    response = owner.post(THINGS, json={"name": "x" * 3000, "price": "1"})
    error_of(response, 413, "too_large")


def test_without_a_session_the_vendor_api_is_401_not_a_login_page(api_app):
    response = api_app.test_client().get(THINGS)
    error_of(response, 401, "unauthorized")
    assert "Location" not in response.headers


def test_staff_without_the_permission_get_403(api_app, login_as):
    staff = login_as(api_app.test_client(), "bakery_staff")
    token = csrf_token(staff, "/vendor/bakery/")
    response = staff.post(
        THINGS, json={"name": "Cake", "price": "1"}, headers={"X-CSRFToken": token}
    )
    error_of(response, 403, "forbidden")


def test_a_session_request_that_changes_something_needs_the_csrf_header(api_app, login_as):
    client = login_as(api_app.test_client(), "bakery_owner")
    error_of(client.post(THINGS, json={"name": "Cake", "price": "1"}), 400, "csrf_failed")
    token = csrf_token(client, "/vendor/bakery/")
    response = client.post(
        THINGS, json={"name": "Cake", "price": "1"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/vendor/bakery/fxapi/nothing-here",
        "/api/v1/vendor/bakery/fxapi/things/7",
        "/api/v1/vendor/bakery/fxapi/things/12345678901234567890123",
        "/api/v1/vendor/bakery/fxapi/things/-1",
        "/api/v1/vendor/bikes/fxapi/things",  # another vendor's
        "/api/v1/vendor/no-such-shop/fxapi/things",
        "/api/v1/nothing",
    ],
)
def test_what_is_not_there_or_not_yours_is_404_json(owner, path):
    error_of(owner.get(path), 404, "not_found")


def test_a_module_that_is_off_is_404_json_even_for_the_platform_admin(api_app, login_as):
    from tests.conftest import main_id

    with api_app.app_context():
        module_service.disable_module(main_id(api_app), "fxapi")
    admin = login_as(api_app.test_client(), "admin")
    error_of(admin.get(THINGS), 404, "not_found")


def test_a_wrong_method_is_405_with_the_allowed_ones(owner):
    response = owner.put(THINGS, json={})
    error_of(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_a_conflict_is_409_with_its_field(owner):
    error = error_of(owner.post(THINGS, json={"name": "taken", "price": "1"}), 409, "conflict")
    assert error["fields"] == {"name": ["This name is taken."]}


def test_too_many_requests_is_429_with_retry_after(owner):
    response = owner.get("/api/v1/vendor/bakery/fxapi/busy")
    error_of(response, 429, "too_many_requests")
    assert response.headers["Retry-After"] == "7"


def test_a_bug_is_500_json_without_the_traceback(owner):
    response = owner.get("/api/v1/vendor/bakery/fxapi/boom")
    error = error_of(response, 500, "server_error")
    assert "RuntimeError" not in response.get_data(as_text=True)
    assert "on our side" in error["message"]


def test_the_message_is_in_the_callers_language(api_app):
    response = api_app.test_client().get(THINGS, headers={"Accept-Language": "de"})
    error = error_of(response, 401, "unauthorized")
    assert error["message"] == "Bitte melden Sie sich zuerst an."


def test_query_strings_are_validated_by_their_schema(owner):
    assert owner.get(THINGS + "?ids=1&ids=2").get_json() == [
        {"id": 1, "name": "Bread", "price": "2.50"}
    ]
    error = error_of(owner.get(THINGS + "?ids=12345678901234567890123&limit=x"), 422, "invalid")
    assert set(error["fields"]) == {"ids.0", "limit"}
    error = error_of(owner.get(THINGS + "?sort=name"), 422, "invalid")
    assert set(error["fields"]) == {"sort"}


def test_no_content_is_204_with_an_empty_body(owner):
    response = owner.delete(THINGS + "/1")
    assert response.status_code == 204 and response.get_data() == b""


def test_a_list_pages_by_key_until_the_last_page(owner):
    url = "/api/v1/vendor/bakery/fxapi/numbers"
    first = owner.get(url + "?limit=50").get_json()
    assert first["items"] == list(range(1, 51)) and first["next_after"] == 50
    last = owner.get(url + "?limit=50&after=100").get_json()
    assert last == {"items": list(range(101, 121)), "next_after": None}
    error = error_of(owner.get(url + "?limit=0&after=-3"), 422, "invalid")
    assert set(error["fields"]) == {"limit", "after"}


def test_the_admin_api_is_403_json_for_vendor_staff_and_401_for_a_token(api_app, login_as):
    owner = login_as(api_app.test_client(), "bakery_owner")
    error_of(owner.get("/api/v1/admin/fxapi/ping"), 403, "forbidden")
    admin = login_as(api_app.test_client(), "admin")
    assert admin.get("/api/v1/admin/fxapi/ping").get_json() == {"frontend": "admin"}
    response = api_app.test_client().get(
        "/api/v1/admin/fxapi/ping", headers={"Authorization": "Bearer wzm_0123456789ab_x"}
    )
    assert error_of(response, 401, "invalid_token")["message"] == (
        "API tokens open the vendor API only."
    )


def test_the_storefront_api_is_open_and_changes_need_a_sessions_csrf_token(api_app):
    client = api_app.test_client()
    assert client.get("/api/v1/storefront/bakery/fxapi/hello").get_json() == {"shop": "bakery"}
    wishes = "/api/v1/storefront/bakery/fxapi/wishes"
    error_of(client.post(wishes, json={"text": "Rye bread"}), 400, "csrf_failed")
    token = csrf_token(client, "/login")
    response = client.post(wishes, json={"text": "Rye bread"}, headers={"X-CSRFToken": token})
    assert response.status_code == 201 and response.get_json() == {"text": "Rye bread"}
    error = error_of(
        client.post(wishes, json={"text": ""}, headers={"X-CSRFToken": token}), 422, "invalid"
    )
    assert list(error["fields"]) == ["text"]
