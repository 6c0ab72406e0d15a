"""The role in words (user menu, profile): each role's label, and the models stay free of
the services (the label lives with the role, so nothing imports back into the models)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import modules.tenancy.models as tenancy_models
from tests.conftest import csrf_token

PROFILE_ROLE = re.compile(r">Role</dt><dd[^>]*>([^<]*)</dd>")
USER_MENU_ROLE = re.compile(r'<div class="small text-body-secondary">([^<]*)</div>\s*</li>')


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, at the top or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_tenancy_models_import_no_tenancy_services():
    models_folder = Path(tenancy_models.__file__).parent
    for path in models_folder.rglob("*.py"):
        services = {m for m in imported_modules(path) if m.startswith("modules.tenancy.services")}
        assert not services, f"{path.name} imports {services}"


def found(pattern: re.Pattern, html: str) -> str:
    match = pattern.search(html)
    assert match, f"{pattern.pattern} not on the page"
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("who", "label"),
    [
        ("admin", "Super admin"),
        ("bakery_owner", "Vendor owner"),
        ("bakery_staff", "Vendor staff"),
        ("translator", "Translator"),
    ],
)
def test_profile_names_the_role(demo, login_as, who, label):
    client = login_as(demo.test_client(), who)
    assert found(PROFILE_ROLE, client.get("/account/profile").get_data(as_text=True)) == label


@pytest.mark.parametrize(("who", "label"), [("bakery_owner", "Owner"), ("bakery_staff", "Staff")])
def test_vendor_user_menu_names_the_role(demo, login_as, who, label):
    client = login_as(demo.test_client(), who)
    html = client.get("/vendor/bakery/").get_data(as_text=True)
    assert found(USER_MENU_ROLE, html) == f"Vendor {label.lower()}"


def test_role_label_follows_the_language(demo, login_as):
    client = login_as(demo.test_client(), "bakery_owner")
    token = csrf_token(client, "/account/profile")
    client.post("/account/profile", data={"language": "fr", "csrf_token": token})
    html = client.get("/vendor/bakery/").get_data(as_text=True)
    assert found(USER_MENU_ROLE, html) == "Propriétaire de la boutique"
