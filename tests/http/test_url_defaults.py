"""url_for fills in the current vendor's and platform's codes (wizamart.modules.gate),
from a per-endpoint answer of which codes the endpoint's URL takes."""

from __future__ import annotations

from flask import g, url_for

from wizamart.modules.gate import tenant_url_values
from wizamart.tenancy import PlatformRef


def test_each_endpoint_takes_the_codes_its_url_has(app):
    with app.test_request_context("/"):
        assert tenant_url_values("core_vendor.dashboard") == ("vendor_code",)
        assert tenant_url_values("core_storefront.home") == ("vendor_code",)
        assert tenant_url_values("tenancy_admin.platform_modules") == ("platform_code",)
        assert tenant_url_values("core_public.home") == ()
        assert tenant_url_values("no_such.endpoint") == ()


def test_url_for_fills_the_current_codes_and_keeps_given_ones(app):
    with app.test_request_context("/"):
        g.platform = PlatformRef(7, "main", "Main")
        g.vendor_code = "bakery"
        assert url_for("core_vendor.dashboard") == "/vendor/bakery/"
        assert url_for("core_storefront.home", vendor_code="bikes") == "/storefront/bikes/"
        assert url_for("tenancy_admin.platform_modules") == "/admin/platforms/main/modules"
        assert url_for("core_public.home") == "/"


def test_no_current_vendor_means_no_vendor_code(app):
    with app.test_request_context("/"):
        g.platform = None
        assert url_for("core_storefront.home", vendor_code="bikes") == "/storefront/bikes/"
