"""The core module: what every platform has."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission

core_module = ModuleDefinition(
    code="core",
    name=_l("Core"),
    description=_l("Dashboards, profile and settings, and the storefront home page."),
    version="1.0.0",
    is_core=True,
    requires=["tenancy"],
    url_slug="",
    features=["dashboard", "profile", "settings"],
    permissions=[
        Permission(
            "core.admin_dashboard",
            _l("See the admin dashboard"),
            FrontendType.ADMIN,
            translator=True,
        ),
        Permission("core.platform_settings", _l("Edit platform settings"), FrontendType.ADMIN),
        Permission("core.view_dashboard", _l("See the shop dashboard")),
        Permission("core.shop_settings", _l("Edit shop settings")),
    ],
    menu_items={
        FrontendType.ADMIN: [
            MenuItem(
                "dashboard",
                _l("Dashboard"),
                "core_admin.dashboard",
                "speedometer2",
                10,
                "core.admin_dashboard",
            ),
            MenuItem(
                "settings",
                _l("Settings"),
                "core_admin.settings",
                "gear",
                900,
                "core.platform_settings",
            ),
        ],
        FrontendType.VENDOR: [
            MenuItem(
                "dashboard",
                _l("Dashboard"),
                "core_vendor.dashboard",
                "speedometer2",
                10,
                "core.view_dashboard",
            ),
            MenuItem(
                "settings",
                _l("Shop settings"),
                "core_vendor.settings",
                "gear",
                900,
                "core.shop_settings",
            ),
        ],
        FrontendType.STOREFRONT: [
            MenuItem("home", _l("Home"), "core_storefront.home", "house", 10),
        ],
    },
    services_path="modules.core.services",
    models_path="modules.core.models",
    schemas_path="modules.core.schemas",
    exceptions_path="modules.core.exceptions",
)
