"""The cms module (core): content pages, menus, the media library and each shop's look."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission


def demo_seed():
    """The demo shops' content. Runs the pages' seed first: the menus link pages by role."""
    from modules.cms.services.menus_demo import seed as seed_menus

    return seed_menus()


cms_module = ModuleDefinition(
    code="cms",
    name=_l("Content"),
    description=_l(
        "Content pages with versions, header and footer menus, a media library, "
        "and the look of each shop and of the platform's public site."
    ),
    version="1.0.0",
    is_core=True,
    requires=["tenancy"],  # rows belong to tenancy_platform / tenancy_vendor
    url_slug="",  # /storefront/<code>/pages/<slug>, /pages/<slug>; back office: /content/...
    permissions=[
        Permission("cms.view", _l("See content pages, menus, media and the shop's look")),
        Permission("cms.edit", _l("Edit content pages, menus, media and the shop's look")),
        Permission("cms.publish", _l("Publish and unpublish content pages")),
        Permission(
            "cms.platform_content",
            _l("Edit the platform's pages, menus, media, look and default-page templates"),
            FrontendType.ADMIN,
        ),
    ],
    menu_items={
        FrontendType.VENDOR: [
            MenuItem(
                "menus", _l("Menus"), "cms_vendor.menus.index", "menu-button-wide", 45, "cms.view"
            ),
        ],
        FrontendType.ADMIN: [
            MenuItem(
                "menus",
                _l("Site menus"),
                "cms_admin.menus.index",
                "menu-button-wide",
                55,
                "cms.platform_content",
            ),
        ],
    },
    services_path="modules.cms.services",
    models_path="modules.cms.models",
    schemas_path="modules.cms.schemas",
    exceptions_path="modules.cms.exceptions",
    demo_seed=demo_seed,
)
