"""The cms module (core): content pages, menus, the media library and each shop's look."""

from flask_babel import lazy_gettext as _l

from wizamart.modules import FrontendType, MenuItem, ModuleDefinition, Permission


def demo_seed():
    from modules.cms.services import demo, pages_demo

    return [*(pages_demo.seed() or []), *(demo.seed() or [])]


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
                "pages", _l("Pages"), "cms_vendor.pages.index", "file-earmark-text", 40, "cms.view"
            ),
            MenuItem(
                "menus", _l("Menus"), "cms_vendor.menus.index", "menu-button-wide", 45, "cms.view"
            ),
            MenuItem("media", _l("Media"), "cms_vendor.media.index", "images", 46, "cms.view"),
            MenuItem("look", _l("Look"), "cms_vendor.look.edit", "palette", 48, "cms.view"),
        ],
        FrontendType.ADMIN: [
            MenuItem(
                "pages",
                _l("Pages"),
                "cms_admin.pages.index",
                "file-earmark-text",
                40,
                "cms.platform_content",
            ),
            MenuItem(
                "page-templates",
                _l("Page templates"),
                "cms_admin.templates.index",
                "file-earmark-ruled",
                41,
                "cms.platform_content",
            ),
            MenuItem(
                "media", _l("Media"), "cms_admin.media.index", "images", 46, "cms.platform_content"
            ),
            MenuItem(
                "menus",
                _l("Site menus"),
                "cms_admin.menus.index",
                "menu-button-wide",
                55,
                "cms.platform_content",
            ),
            MenuItem(
                "look", _l("Look"), "cms_admin.look.edit", "palette", 58, "cms.platform_content"
            ),
        ],
    },
    demo_seed=demo_seed,
    services_path="modules.cms.services",
    models_path="modules.cms.models",
    schemas_path="modules.cms.schemas",
    exceptions_path="modules.cms.exceptions",
)
