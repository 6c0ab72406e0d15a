"""cms pages without HTTP: cleaning, versions and restore, publishing, language fallback,
slugs and roles, the role lookup, default pages of a new vendor from the templates."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from modules.cms.exceptions import CmsError, ValidationFailed
from modules.cms.models import Page, PageText, PageVersion
from modules.cms.services import pages as service
from modules.cms.services import pages_templates as templates
from modules.cms.services.owners import Owner
from modules.cms.services.pages import PageInput, TextInput
from modules.tenancy.models import Company, Platform, Role, Vendor
from modules.tenancy.services.users import create_user
from modules.tenancy.services.vendors import create_vendor
from wizamart.extensions import db
from wizamart.hooks import hook_results


def vendor_id(code: str) -> int:
    return db.session.scalar(sa.select(Vendor.id).where(Vendor.vendor_code == code))


def owner(code: str = "bakery") -> Owner:
    return Owner.of_vendor_id(vendor_id(code))


def new_page(code="bakery", title="Opening hours", body="<p>Daily from 7.</p>", **extra):
    texts = extra.pop("texts", None) or {"en": TextInput(title=title, body=body)}
    page = service.save_page(owner(code), None, PageInput(texts=texts, **extra))
    db.session.commit()
    return page


def versions(page, language="en"):
    return db.session.scalars(
        sa.select(PageVersion)
        .where(PageVersion.page_id == page.id, PageVersion.language == language)
        .order_by(PageVersion.number)
    ).all()


def edit(page, code="bakery", **texts):
    data = service.input_from_page(page)
    for lang, text in texts.items():
        data.texts[lang] = text
    service.save_page(owner(code), page, data)
    db.session.commit()


# -- cleaning ----------------------------------------------------------------------------------
def test_bodies_are_cleaned_of_scripts_handlers_javascript_links_and_iframes(demo):
    dirty = (
        '<p onclick="steal()">Hello<script>alert(1)</script></p>'
        '<img src="x" onerror="alert(2)">'
        '<a href="javascript:alert(3)">click</a>'
        '<iframe src="https://evil.test"></iframe>'
        '<a href="https://example.com">site</a>'
    )
    with demo.app_context():
        page = new_page(body=dirty)
        body = versions(page)[0].body
    assert "script" not in body and "alert" not in body
    assert "onclick" not in body and "onerror" not in body and "<img" not in body
    assert "javascript:" not in body and "iframe" not in body
    assert '<a href="https://example.com" rel="noopener noreferrer">site</a>' in body
    assert "<p>Hello</p>" in body


def test_the_trix_markup_survives_the_cleaning(demo):
    """What the editor writes (configured for <p>, <h2>, <s>) is kept as it is."""
    html = "<h2>Hours</h2><p><strong>Mon</strong>–<em>Fri</em> <s>6</s> 7</p><ul><li>a</li></ul>"
    with demo.app_context():
        assert versions(new_page(body=html))[0].body == html


# -- images ------------------------------------------------------------------------------------
def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (900, 300), (200, 150, 80)).save(buffer, "PNG")
    return buffer.getvalue()


def library_image(code="bakery", alt="Fresh loaves", filename="loaves.png"):
    """An image uploaded to the shop's library; (its row, its medium rendition's URL)."""
    from modules.cms.services.media import rendition_key, upload
    from wizamart.media import media_url

    media = upload(owner(code), filename, png(), alt)
    db.session.commit()
    return media, media_url(rendition_key(media, "medium"))


def trix_figure(src: str, alt: str, caption: str = "") -> str:
    """An image as the editor (Trix 2) sends it, inside the paragraph it was put in."""
    attachment = (
        f'{{"alt":"{alt}","contentType":"image","height":200,"url":"{src}","width":600}}'
    ).replace('"', "&quot;")
    return (
        f'<figure data-trix-attachment="{attachment}" data-trix-content-type="image" '
        'data-trix-attributes="{&quot;presentation&quot;:&quot;gallery&quot;}" '
        f'class="attachment attachment--preview"><img src="{src}" width="600" height="200" '
        f'alt="{alt}"><figcaption class="attachment__caption">{caption}</figcaption></figure>'
    )


def test_an_image_of_the_shops_library_is_kept_as_a_figure_with_its_alt_text(demo):
    with demo.app_context():
        _media, src = library_image()
        body = f"<p>Our bread{trix_figure(src, 'Fresh loaves', 'Baked at 5')}</p><p>Come in.</p>"
        page = new_page(body=body)
        stored = versions(page)[0].body
    assert stored == (
        f'<p>Our bread</p><figure><img src="{src}" width="600" height="200" '
        'alt="Fresh loaves"><figcaption>Baked at 5</figcaption></figure><p>Come in.</p>'
    )
    assert "data-trix" not in stored and "attachment" not in stored


def test_images_of_another_shop_or_of_nobody_are_refused_and_nothing_is_stored(demo):
    with demo.app_context():
        _media, bikes_src = library_image("bikes", alt="Bikes' wheel")
        stranger = "/media/cms/v999/0123456789abcdef/medium.webp"
        catalog_like = "/media/catalog/1/abc/medium.webp"
        count = db.session.scalar(sa.select(sa.func.count()).select_from(PageVersion))
        for src in (bikes_src, stranger, catalog_like):
            with pytest.raises(ValidationFailed) as refused:
                new_page(body=f'<p>x</p><img src="{src}" alt="A wheel">')
            assert "not one of your media library" in refused.value.errors["body_en"]
            db.session.rollback()
        # in a second language too: the message is at that language's body
        with pytest.raises(ValidationFailed) as refused:
            new_page(
                texts={
                    "en": TextInput(title="Hours", body="<p>ok</p>"),
                    "de": TextInput(title="Zeiten", body=f'<img src="{bikes_src}" alt="Rad">'),
                }
            )
        assert set(refused.value.errors) == {"body_de"}
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PageVersion)) == count


def test_an_image_whose_library_entry_has_no_alt_text_is_refused_saying_so(demo):
    with demo.app_context():
        _media, src = library_image(alt="", filename="bare.png")
        with pytest.raises(ValidationFailed) as refused:
            new_page(body=f'<img src="{src}" alt="Typed in the HTML">')
        assert refused.value.errors == {"body_en": "bare.png has no alt text: add alt text first."}


def test_an_image_without_alt_or_from_elsewhere_is_dropped_before_any_check(demo):
    with demo.app_context():
        _media, src = library_image()
        body = (
            f'<p>a</p><img src="{src}"><img src="https://evil.test/x.png" alt="x">'
            f'<img src="{src}" alt="Loaves" onerror="alert(1)" srcset="//evil.test/y 2x">'
        )
        stored = versions(new_page(body=body))[0].body
    assert stored == f'<p>a</p><img src="{src}" alt="Loaves">'


def test_a_compare_names_the_images_that_came_and_went(demo):
    with demo.app_context():
        _media, src = library_image()
        page = new_page(title="Hours", body="<p>Open daily.</p>")
        edit(
            page,
            en=TextInput(title="Hours", body=f"<p>Open daily.</p>{trix_figure(src, 'Loaves')}"),
        )
        old, new = versions(page)
        comparison = service.compare(old, new)
    assert not comparison.same
    assert [(r.kind, str(r.right)) for r in comparison.rows][-1] == ("added", "Image: Loaves")


# -- versions, restore, publishing -------------------------------------------------------------
def test_each_changed_save_is_a_new_version_and_a_restore_copies_an_old_one(demo):
    with demo.app_context():
        page = new_page(title="Hours", body="<p>Daily from 7.</p>")
        edit(page, en=TextInput(title="Hours", body="<p>Daily from 6.</p>"))
        edit(page, en=TextInput(title="Hours", body="<p>Daily from 6.</p>"))  # unchanged
        found = versions(page)
        assert [v.number for v in found] == [1, 2]
        assert service.current_version(page, "en").body == "<p>Daily from 6.</p>"

        copy = service.restore(page, found[0])
        db.session.commit()
        assert copy.number == 3 and copy.body == "<p>Daily from 7.</p>"
        assert service.current_version(page, "en").id == copy.id
        # history is never rewritten
        assert [v.body for v in versions(page)][:2] == [
            "<p>Daily from 7.</p>",
            "<p>Daily from 6.</p>",
        ]
        with pytest.raises(CmsError):
            service.restore(page, copy)  # already the current one


def test_shoppers_see_the_published_version_until_the_next_publish(demo):
    with demo.app_context():
        page = new_page(title="Hours")
        bakery = vendor_id("bakery")
        assert service.published_page(page.slug, vendor_id=bakery) is None  # a draft
        service.publish(page)
        db.session.commit()
        assert service.published_page(page.slug, vendor_id=bakery).title == "Hours"

        edit(page, en=TextInput(title="Opening times"))
        assert service.has_unpublished_changes(page)
        assert service.published_page(page.slug, vendor_id=bakery).title == "Hours"
        service.publish(page)
        db.session.commit()
        assert service.published_page(page.slug, vendor_id=bakery).title == "Opening times"
        assert not service.has_unpublished_changes(page)

        service.unpublish(page)
        db.session.commit()
        assert service.published_page(page.slug, vendor_id=bakery) is None


def test_a_compare_shows_the_changed_words_and_lines(demo):
    with demo.app_context():
        page = new_page(title="Hours", body="<p>Open daily from 7.</p><p>Closed on Sunday.</p>")
        edit(page, en=TextInput(title="Hours", body="<p>Open daily from 6.</p><p>Fresh bread.</p>"))
        old, new = versions(page)
        comparison = service.compare(old, new)
    assert not comparison.same
    assert not any(f.changed for f in comparison.fields)  # same title, no SEO fields
    kinds = [row.kind for row in comparison.rows]
    assert kinds == ["change", "change"]
    assert str(comparison.rows[0].left) == "Open daily from <del>7.</del>"
    assert str(comparison.rows[0].right) == "Open daily from <ins>6.</ins>"


def test_a_compare_escapes_what_it_shows(demo):
    with demo.app_context():
        page = new_page(title="A", body="<p>1 &lt; 2</p>")
        edit(page, en=TextInput(title="A", body="<p>&lt;b&gt;bold&lt;/b&gt;</p>"))
        old, new = versions(page)
        rows = service.compare(old, new).rows
    assert "&lt;b&gt;" in str(rows[0].right) and "<b>" not in str(rows[0].right)


def test_deleting_a_page_takes_its_texts_and_versions(demo):
    with demo.app_context():
        page = new_page()
        edit(page, en=TextInput(title="Other"))
        page_id = page.id
        service.delete_page(page)
        db.session.commit()
        assert db.session.get(Page, page_id) is None
        for model in (PageText, PageVersion):
            left = db.session.scalar(
                sa.select(sa.func.count()).select_from(model).where(model.page_id == page_id)
            )
            assert left == 0


# -- languages -----------------------------------------------------------------------------------
def test_shoppers_get_their_language_else_the_default_one(demo):
    with demo.app_context():
        page = new_page(
            texts={
                "en": TextInput(title="About us"),
                "de": TextInput(title="Über uns"),
            }
        )
        service.publish(page)
        db.session.commit()
        bakery = vendor_id("bakery")
        assert (
            service.published_page(page.slug, vendor_id=bakery, language="de").title == "Über uns"
        )
        assert (
            service.published_page(page.slug, vendor_id=bakery, language="fr").title == "About us"
        )
        view = service.published_page(page.slug, vendor_id=bakery, language="lb")
        assert view.language == "en" and view.languages == ("de", "en")


def test_books_default_language_is_its_platforms(demo):
    """books is on the platform oms, whose default language is French."""
    with demo.app_context():
        books = owner("books")
        assert books.default_language == "fr" and books.languages[0] == "fr"
        with pytest.raises(ValidationFailed) as refused:
            service.save_page(books, None, PageInput(texts={"en": TextInput(title="About")}))
        db.session.rollback()
        assert "title_fr" in refused.value.errors


def test_a_second_language_needs_a_title_when_it_has_anything(demo):
    with demo.app_context():
        data = PageInput(
            texts={"en": TextInput(title="About"), "de": TextInput(body="<p>Text ohne Titel</p>")}
        )
        with pytest.raises(ValidationFailed) as refused:
            service.save_page(owner(), None, data)
        db.session.rollback()
    assert set(refused.value.errors) == {"title_de"}


def test_emptying_a_language_takes_the_translation_away(demo):
    with demo.app_context():
        page = new_page(texts={"en": TextInput(title="About"), "de": TextInput(title="Über")})
        edit(page, de=TextInput())
        assert {t.language for t in page.texts} == {"en"}
        assert len(versions(page, "de")) == 1  # its history stays


# -- slugs and roles -----------------------------------------------------------------------------
def test_slugs_come_from_the_title_are_unique_per_shop_and_stay(demo):
    with demo.app_context():
        first = new_page(title="Crème brûlée recipe")
        second = new_page(title="Crème brûlée recipe")
        other_shop = new_page(code="bikes", title="Crème brûlée recipe")
        assert first.slug == "creme-brulee-recipe"
        assert second.slug == "creme-brulee-recipe-2"
        assert other_shop.slug == "creme-brulee-recipe"
        edit(first, en=TextInput(title="A new title"))
        assert first.slug == "creme-brulee-recipe"


@pytest.mark.parametrize(
    ("slug", "message"),
    [("Not A Slug", "lower-case"), ("creme-brulee", "Another page already has this address")],
)
def test_a_typed_slug_is_checked(demo, slug, message):
    with demo.app_context():
        new_page(title="Crème brûlée")
        with pytest.raises(ValidationFailed) as refused:
            service.save_page(
                owner(), None, PageInput(texts={"en": TextInput(title="X")}, slug=slug)
            )
        db.session.rollback()
    assert message in refused.value.errors["slug"]


def test_a_role_belongs_to_one_page_per_owner(demo):
    with demo.app_context():
        new_page(title="Returns", role="shipping")
        with pytest.raises(ValidationFailed) as refused:
            new_page(title="Shipping", role="shipping")
        db.session.rollback()
        assert "role" in refused.value.errors
        new_page(code="bikes", title="Shipping", role="shipping")  # another shop: fine


# -- the role lookup -------------------------------------------------------------------------------
def test_page_for_role_gives_the_published_pages_url_and_title(demo):
    with demo.app_context(), demo.test_request_context("/"):
        bakery = vendor_id("bakery")
        link = service.page_for_role("terms", vendor_id=bakery, language="de")
        assert link.url == "/storefront/bakery/pages/terms-and-conditions"
        assert link.title == "Allgemeine Geschäftsbedingungen"
        page = db.session.scalar(
            sa.select(Page).where(Page.vendor_id == bakery, Page.role == "terms")
        )
        service.unpublish(page)
        db.session.commit()
        assert service.page_for_role("terms", vendor_id=bakery) is None
        assert service.page_for_role("shipping", vendor_id=bakery) is None  # none at all
        assert service.page_for_role("nonsense", vendor_id=bakery) is None


def test_other_modules_ask_by_role_through_the_hook(demo):
    """Without importing cms: `hook_results("cms.page_for_role", role=...)`, for the
    request's shop (or a shop named)."""
    from flask import g

    from modules.tenancy.services.access import access

    with demo.test_request_context("/storefront/bakery/"):
        main = access.platform_by_code("main")
        g.platform, g.vendor = main, access.vendor_by_code(main.id, "bakery")
        [(code, link)] = hook_results("cms.page_for_role", role="privacy")
        assert code == "cms" and link.url == "/storefront/bakery/pages/privacy-notice"
        [(_code, link)] = hook_results("cms.page_for_role", role="about", vendor_id=g.vendor.id)
        assert link.title == "About us"
        g.vendor = None  # the platform's own page, on the platform's public site
        [(_code, link)] = hook_results("cms.page_for_role", role="about")
        assert link.url == "/pages/welcome-to-wizamart-main"
    assert demo.test_client().get("/storefront/bakery/pages/about-us").status_code == 200


def test_platform_pages_and_home_blocks(demo):
    with demo.app_context(), demo.test_request_context("/"):
        main = db.session.scalar(sa.select(Platform.id).where(Platform.code == "main"))
        blocks = service.home_blocks(main, language="fr")
        assert [b.title for b in blocks] == ["Bienvenue sur Wizamart Main"]
        link = service.page_for_role("about", platform_id=main)
        assert link.url == f"/pages/{blocks[0].slug}"
        oms = db.session.scalar(sa.select(Platform.id).where(Platform.code == "oms"))
        assert service.home_blocks(oms) == []
        # a shop's page is never a platform page of the same platform
        assert service.published_page("about-us", platform_id=main) is None


# -- default pages of a new shop -----------------------------------------------------------------
def make_vendor(app, code="cakes", vat="LU99999999", platform="main"):
    """A vendor created through tenancy's service, as the admin page does."""
    with app.app_context():
        admin = create_user("boss@test.test", "pw-123456789", Role.SUPER_ADMIN)
        platform_id = db.session.scalar(sa.select(Platform.id).where(Platform.code == platform))
        company = Company(platform_id=platform_id, legal_name="Cakes & <Co> S.A.", vat_number=vat)
        db.session.add(company)
        db.session.commit()
        vendor = create_vendor(
            admin, platform_id=platform_id, company_id=company.id, vendor_code=code, name="Cakes"
        )
        return vendor.id


def test_a_new_vendor_starts_with_legal_drafts_from_the_templates(demo):
    new_id = make_vendor(demo)
    with demo.app_context():
        pages = db.session.scalars(
            sa.select(Page).where(Page.vendor_id == new_id).order_by(Page.id)
        ).all()
        assert [(p.role, p.status) for p in pages] == [
            ("imprint", "draft"),
            ("terms", "draft"),
            ("privacy", "draft"),
        ]
        imprint = pages[0]
        assert imprint.slug == "imprint"
        assert {t.language for t in imprint.texts} == {"en", "de", "fr", "lb"}
        body = service.current_version(imprint, "en").body
        assert "Cakes &amp; &lt;Co&gt; S.A." in body  # filled in, escaped
        assert "LU99999999" in body and "{" not in body
        assert service.current_version(imprint, "de").title == "Impressum"
        # and nothing is published
        assert service.page_for_role("imprint", vendor_id=new_id) is None


def test_the_platform_admins_template_is_used_and_the_handler_runs_once_per_role(demo):
    with demo.app_context():
        main = db.session.scalar(sa.select(Platform.id).where(Platform.code == "main"))
        templates.save_template(
            main,
            "imprint",
            "en",
            "Legal notice of {shop_name}",
            "<p>{company_name}, {vat_number}</p>",
        )
        db.session.commit()
    new_id = make_vendor(demo, vat=None)
    with demo.app_context():
        imprint = db.session.scalar(
            sa.select(Page).where(Page.vendor_id == new_id, Page.role == "imprint")
        )
        version = service.current_version(imprint, "en")
        assert version.title == "Legal notice of Cakes"
        assert version.body == f"<p>Cakes &amp; &lt;Co&gt; S.A., {templates.MISSING}</p>"
        assert imprint.slug == "legal-notice-of-cakes"
        assert templates.create_default_pages(new_id) == []  # again: nothing new
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Page).where(Page.vendor_id == new_id)
        )
        assert count == 3


def test_templates_refuse_unknown_placeholders(demo):
    with demo.app_context():
        main = db.session.scalar(sa.select(Platform.id).where(Platform.code == "main"))
        with pytest.raises(ValidationFailed) as refused:
            templates.save_template(main, "terms", "en", "Terms", "<p>{company name} {vat}</p>")
        db.session.rollback()
    message = refused.value.errors["body"]
    assert "{company name}" in message and "{vat}" in message and "{vat_number}" in message


def test_resetting_a_template_goes_back_to_the_built_in_text(demo):
    with demo.app_context():
        main = db.session.scalar(sa.select(Platform.id).where(Platform.code == "main"))
        templates.save_template(main, "terms", "fr", "CGV", "<p>x</p>")
        db.session.commit()
        assert templates.template_text(main, "terms", "fr").custom
        assert templates.reset_template(main, "terms", "fr")
        db.session.commit()
        text = templates.template_text(main, "terms", "fr")
        assert not text.custom and text.title == "Conditions générales de vente"


# -- the demo --------------------------------------------------------------------------------------
def test_the_demo_pages_are_published_and_seeding_again_changes_nothing(demo):
    from modules.cms.services.pages_demo import seed

    def state():
        rows = db.session.execute(
            sa.select(Vendor.vendor_code, Page.role, Page.status)
            .join(Vendor, Vendor.id == Page.vendor_id)
            .order_by(Vendor.vendor_code, Page.role)
        ).all()
        versions_count = db.session.scalar(sa.select(sa.func.count()).select_from(PageVersion))
        return rows, versions_count

    with demo.app_context(), demo.test_request_context("/"):
        before = state()
        roles = {(code, role) for code, role, status in before[0] if status == "published"}
        for code in ("bakery", "bikes", "books"):
            for role in ("about", "imprint", "terms", "privacy"):
                assert (code, role) in roles
        bakery = vendor_id("bakery")
        about = service.published_page("about-us", vendor_id=bakery, language="fr")
        assert about.title == "À propos" and set(about.languages) >= {"en", "de", "fr"}
        seed()
        db.session.commit()
        assert state() == before
