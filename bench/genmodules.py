"""Generate N realistic modules into a folder, for the start-up and request benchmarks.

Each generated module looks like a small real one: a definition that requires a few
earlier generated modules, permissions for the vendor and admin frontends, menu items
for admin, vendor and storefront, page routes for the three frontends (rendered from
the module's own templates through `wizamart.htmx.render`), a vendor API route, and a
templates folder. The folder is passed to `create_app` as `extra_modules_dirs`; the
framework mounts it as a synthetic package (see wizamart.modules.discovery).

Codes are `bgen001`, `bgen002`, ...: the prefix keeps them apart from real module codes.
"""

from __future__ import annotations

from pathlib import Path

CODE_PREFIX = "bgen"

DEFINITION = '''\
"""Generated benchmark module {code}."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission

{code}_module = ModuleDefinition(
    code="{code}",
    name=_l("Generated {number}"),
    description=_l("A generated module for the benchmarks."),
    version="1.0.{number}",
    requires={requires!r},
    features=["{code}_reports"],
    permissions=[
        Permission("{code}.use", _l("Use generated {number}")),
        Permission("{code}.admin", _l("Administer generated {number}"), FrontendType.ADMIN),
    ],
    menu_items={{
        FrontendType.ADMIN: [
            MenuItem("{code}", _l("Generated {number}"), "{code}_admin.index", "box", {order},
                     "{code}.admin"),
        ],
        FrontendType.VENDOR: [
            MenuItem("{code}", _l("Generated {number}"), "{code}_vendor.index", "box", {order},
                     "{code}.use"),
        ],
        FrontendType.STOREFRONT: [
            MenuItem("{code}", _l("Generated {number}"), "{code}_storefront.index", "box",
                     {order}),
        ],
    }},
)
'''

PAGES = '''\
"""{frontend} pages of generated module {code}."""

from flask import Blueprint

from wizamart.auth import permission_required
from wizamart.htmx import render

router = Blueprint("{code}_{frontend}", __name__)


@router.route("/")
{decorator}def index():
    return render("{code}/{frontend}/index.html", page_title="Generated {number}")
'''

API = '''\
"""vendor API of generated module {code}."""

from flask import Blueprint, jsonify

router = Blueprint("{code}_api_vendor", __name__)


@router.route("/ping")
def ping():
    return jsonify(module="{code}", frontend="vendor")
'''

TEMPLATE = """\
{{% extends "layouts/{frontend}.html" %}}
{{% block content %}}
<p class="text-body-secondary">{{{{ _('Generated module {number}') }}}}</p>
{{% endblock %}}
"""

PERMISSIONS = {"admin": "{code}.admin", "vendor": "{code}.use", "storefront": None}


def module_code(number: int) -> str:
    return f"{CODE_PREFIX}{number:03d}"


def requirements(number: int) -> list[str]:
    """A few earlier generated modules (a DAG with chains and fan-in, no cycles)."""
    earlier = {number - 1, number - 2, number // 2}
    return [module_code(n) for n in sorted(earlier) if 0 < n < number]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def write_module(folder: Path, number: int) -> None:
    """One generated module under `folder/<code>/`."""
    code = module_code(number)
    root = folder / code
    fields = {"code": code, "number": number}
    write(root / "__init__.py", f'"""Generated benchmark module {code}."""\n')
    write(
        root / "definition.py",
        DEFINITION.format(requires=requirements(number), order=200 + number, **fields),
    )
    for package in ("routes", "routes/pages", "routes/api"):
        write(root / package / "__init__.py", "")
    for frontend, permission in PERMISSIONS.items():
        decorator = (
            f'@permission_required("{permission.format(code=code)}")\n' if permission else ""
        )
        write(
            root / "routes" / "pages" / f"{frontend}.py",
            PAGES.format(frontend=frontend, decorator=decorator, **fields),
        )
        write(
            root / "templates" / code / frontend / "index.html",
            TEMPLATE.format(frontend=frontend, **fields),
        )
    write(root / "routes" / "api" / "vendor.py", API.format(**fields))


def generate_modules(folder: Path, count: int) -> Path:
    """Write `count` generated modules into `folder` (created if missing); returns it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, count + 1):
        write_module(folder, number)
    return folder


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    generate_modules(target, count)
    print(f"{count} modules written to {target}")
