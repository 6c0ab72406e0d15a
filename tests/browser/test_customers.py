"""A shopper on a phone (390 px): sign up, open the confirmation link from the mail that
arrived, confirm, sign in, add an address. Screenshots of each step."""

from __future__ import annotations

from tests.browser.conftest import PHONE


def test_sign_up_confirm_sign_in_add_an_address(
    new_context, site, shop_app, shop_mailbox, screenshot
):
    port = int(site.rsplit(":", 1)[1])
    # links in mails: http://<the platform's first domain>:<the live server's port>/...
    shop_app.config.update(PUBLIC_SCHEME="http", PUBLIC_PORT=port)
    try:
        run(new_context, site, shop_mailbox, screenshot)
    finally:
        shop_app.config.update(PUBLIC_SCHEME="https", PUBLIC_PORT=None)


def run(new_context, site, mailbox, screenshot):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/storefront/bakery/")
    page.get_by_role("button", name="Open the menu").click()
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("First name").fill("Lena")
    page.get_by_label("Last name").fill("Weber")
    page.get_by_label("E-mail", exact=True).fill("lena@example.test")
    page.get_by_label("Password", exact=True).fill("lena-password")
    page.get_by_label("Repeat the password").fill("lena-passwort")  # a typo first
    screenshot(page, "customers-register-phone")
    page.get_by_role("button", name="Create my account").click()
    error = page.locator("#confirm-errors")
    error.wait_for()
    assert "The passwords differ." in error.inner_text()
    assert page.get_by_label("Last name").input_value() == "Weber"  # the input is kept
    screenshot(page, "customers-register-error-phone")
    page.get_by_label("Password", exact=True).fill("lena-password")
    page.get_by_label("Repeat the password").fill("lena-password")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_text("We have sent a message to lena@example.test").wait_for()
    screenshot(page, "customers-registered-phone")

    (mail,) = mailbox.to("lena@example.test")
    (link,) = [u for u in mailbox.links(mail) if "/account/confirm/" in u]
    assert link.startswith(f"http://localhost:{site.rsplit(':', 1)[1]}/storefront/bakery/")
    page.goto(link)
    page.get_by_text("Confirm that lena@example.test is your address").wait_for()
    screenshot(page, "customers-confirm-phone")
    page.get_by_role("button", name="Confirm my address").click()
    page.get_by_text("Your e-mail address is confirmed. Please sign in.").wait_for()
    assert page.get_by_label("E-mail", exact=True).input_value() == "lena@example.test"
    page.get_by_label("Password").fill("lena-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Welcome back, Lena.").wait_for()
    screenshot(page, "customers-profile-phone")

    page.get_by_role("link", name="Addresses").click()
    page.get_by_label("Full name").fill("Lena Weber")
    page.get_by_label("Street and number").fill("12, rue de la Gare")
    page.get_by_label("Postcode").fill("99999")
    page.get_by_label("City").fill("Luxembourg")
    page.get_by_label("Country").select_option("LU")
    page.get_by_role("button", name="Save address").click()
    page.locator("#postcode-errors").wait_for()
    assert "for example L-1234" in page.locator("#postcode-errors").inner_text()
    screenshot(page, "customers-address-error-phone")
    page.get_by_label("Postcode").fill("1611")
    page.get_by_role("button", name="Save address").click()
    page.get_by_text("The address is saved.").wait_for()
    card = page.locator("[data-address]")
    assert "L-1611 Luxembourg" in card.inner_text()
    assert "Default" in card.inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "customers-addresses-phone")
    # the header's menu says "My account" now
    page.get_by_role("button", name="Open the menu").click()
    page.locator("#store-nav").get_by_role("link", name="My account").wait_for()
    screenshot(page, "customers-menu-phone", full_page=False)
