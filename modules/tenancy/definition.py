"""The tenancy module: who is who, and where."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission


def init_app(app):
    from modules.tenancy.services.setup import init_tenancy

    init_tenancy(app)


def demo_seed():
    from modules.tenancy.services.demo import seed

    return seed()


tenancy_module = ModuleDefinition(
    code="tenancy",
    name=_l("Tenancy"),
    description=_l("Platforms, companies, vendors, staff users, roles and sign-in."),
    version="1.0.0",
    is_core=True,
    url_slug="",
    features=["multi_platform", "multi_vendor", "staff_roles"],
    permissions=[
        Permission("tenancy.manage_platforms", _l("Manage platforms"), FrontendType.ADMIN),
        Permission("tenancy.manage_modules", _l("Switch modules on and off"), FrontendType.ADMIN),
        Permission(
            "tenancy.manage_vendors", _l("Manage companies and vendors"), FrontendType.ADMIN
        ),
        Permission("tenancy.manage_users", _l("Manage users"), FrontendType.ADMIN),
        Permission("tenancy.manage_staff", _l("Invite staff and set their permissions")),
        Permission("tenancy.manage_api_tokens", _l("Create and revoke API tokens")),
    ],
    menu_items={
        FrontendType.ADMIN: [
            MenuItem(
                "platforms",
                _l("Platforms"),
                "tenancy_admin.platforms",
                "diagram-3",
                20,
                "tenancy.manage_platforms",
            ),
            MenuItem(
                "modules",
                _l("Modules"),
                "tenancy_admin.platform_modules",
                "puzzle",
                25,
                "tenancy.manage_modules",
            ),
            MenuItem(
                "companies",
                _l("Companies"),
                "tenancy_admin.companies",
                "building",
                30,
                "tenancy.manage_vendors",
            ),
            MenuItem(
                "vendors",
                _l("Vendors"),
                "tenancy_admin.vendors",
                "shop",
                35,
                "tenancy.manage_vendors",
            ),
            MenuItem(
                "users", _l("Users"), "tenancy_admin.users", "people", 40, "tenancy.manage_users"
            ),
        ],
        FrontendType.VENDOR: [
            MenuItem(
                "staff", _l("Team"), "tenancy_vendor.staff", "people", 90, "tenancy.manage_staff"
            ),
            MenuItem(
                "api_tokens",
                _l("API tokens"),
                "tenancy_vendor.api_tokens",
                "key",
                890,
                "tenancy.manage_api_tokens",
            ),
        ],
    },
    services_path="modules.tenancy.services",
    models_path="modules.tenancy.models",
    schemas_path="modules.tenancy.schemas",
    exceptions_path="modules.tenancy.exceptions",
    init_app=init_app,
    demo_seed=demo_seed,
)
