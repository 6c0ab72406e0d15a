"""The look's service on the database: the first save makes the row, checks refuse
everything at once and store nothing, images must be the owner's own, one statement
reads a look with its logo and favicon, the demo looks are idempotent."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from modules.cms.exceptions import ValidationFailed
from modules.cms.models import Media, Theme
from modules.cms.services import themes
from modules.cms.services.owners import Owner
from modules.tenancy.models import Platform, Vendor
from tests.integration.test_statement_counts import counting
from wizamart.extensions import db

GOOD = {
    "primary_color": "#1A7F5A",
    "accent_color": "#f2c14e",
    "font_pair": "humanist",
    "header_layout": "minimal",
    "logo_media_id": "",
    "favicon_media_id": "",
}


@pytest.fixture
def owners(demo):
    """(bakery, bikes, platform main) as owners, without the demo's looks."""
    with demo.app_context():
        db.session.execute(sa.delete(Theme))
        db.session.commit()
        vendors = {
            v.vendor_code: Owner(v.platform_id, v.id) for v in db.session.scalars(sa.select(Vendor))
        }
        main = db.session.scalar(sa.select(Platform.id).where(Platform.code == "main"))
    return vendors["bakery"], vendors["bikes"], Owner(main)


def media(owner: Owner, kind="image", filename="logo.png", alt="Our logo") -> int:
    row = Media(
        platform_id=owner.platform_id,
        vendor_id=owner.vendor_id,
        kind=kind,
        key=f"cms/test/{uuid.uuid4().hex}/original.webp",
        filename=filename,
        content_type="image/webp" if kind == "image" else "application/pdf",
        size=100,
        width=300,
        height=100,
        alt_text=alt,
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def count_themes() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Theme))


def test_the_first_save_makes_the_row_and_the_next_changes_it(demo, owners):
    bakery, _, platform = owners
    with demo.app_context():
        assert themes.theme_of(bakery) is None
        assert themes.form_values(None)["primary_color"] == "#0d6efd"
        theme = themes.save_theme(bakery, GOOD)
        assert (theme.vendor_id, theme.platform_id) == (bakery.vendor_id, bakery.platform_id)
        assert theme.primary_color == "#1a7f5a"  # lower-cased
        themes.save_theme(bakery, {**GOOD, "primary_color": "#000000"})
        themes.save_theme(platform, GOOD)  # the platform's own row beside the shop's
        db.session.commit()
        assert count_themes() == 2
        assert themes.theme_of(bakery).primary_color == "#000000"
        assert themes.theme_of(platform).vendor_id is None


def test_every_problem_is_reported_at_once_and_nothing_is_stored(demo, owners):
    bakery, _, _ = owners
    with demo.app_context():
        with pytest.raises(ValidationFailed) as refused:
            themes.save_theme(
                bakery,
                {
                    "primary_color": "red",
                    "accent_color": "#12345",
                    "font_pair": "papyrus",
                    "header_layout": "diagonal",
                    "logo_media_id": "x",
                    "favicon_media_id": "-3",
                },
            )
        assert set(refused.value.errors) == set(themes.FIELDS)
        db.session.rollback()
        assert count_themes() == 0


def test_images_must_be_the_owners_own(demo, owners):
    bakery, bikes, platform = owners
    with demo.app_context():
        own = media(bakery)
        others = [media(bikes), media(platform), media(bakery, kind="pdf")]
        for ident in others:
            for field in ("logo_media_id", "favicon_media_id"):
                with pytest.raises(ValidationFailed) as refused:
                    themes.save_theme(bakery, {**GOOD, field: ident})
                assert set(refused.value.errors) == {field}
        # nor an own image without alt text (as for a page)
        bare = media(bakery, filename="bare.png", alt="")
        with pytest.raises(ValidationFailed) as refused:
            themes.save_theme(bakery, {**GOOD, "favicon_media_id": bare})
        assert refused.value.errors == {
            "favicon_media_id": "bare.png has no alt text: add alt text first."
        }
        # and the platform may not take a shop's image either
        with pytest.raises(ValidationFailed):
            themes.save_theme(platform, {**GOOD, "logo_media_id": own})
        assert count_themes() == 0
        theme = themes.save_theme(bakery, {**GOOD, "logo_media_id": own, "favicon_media_id": own})
        assert theme.logo_media_id == theme.favicon_media_id == own
        # the preview finds the owner's images only
        chosen = {"logo_media_id": own, "favicon_media_id": others[0]}
        assert list(themes.chosen_images(bakery, chosen)) == [own]
        assert themes.chosen_images(platform, {"logo_media_id": others[1]}).keys() == {others[1]}


def test_a_look_comes_in_one_statement_once_per_request(demo, owners):
    bakery, bikes, _ = owners
    with demo.app_context():
        logo = media(bakery)
        themes.save_theme(bakery, {**GOOD, "logo_media_id": logo, "favicon_media_id": logo})
        db.session.commit()
    with demo.test_request_context(), counting(demo) as statements:
        look = themes.look_of(bakery)
        assert themes.look_of(bakery) is look  # cached for the request
        assert themes.look_of(bikes) is None  # no look saved: None, the page stays as it is
        assert themes.look_of(bikes) is None
    assert len(statements) == 2  # bakery's, bikes'
    assert look.primary == "#1a7f5a" and look.header_layout == "minimal"
    assert look.logo.width == 300 and look.favicon.content_type == "image/webp"


def test_a_save_forgets_the_requests_cached_look(demo, owners):
    bakery, _, _ = owners
    with demo.test_request_context():
        assert themes.look_of(bakery) is None
        themes.save_theme(bakery, GOOD)
        assert themes.look_of(bakery).primary == "#1a7f5a"


def test_demo_looks_are_idempotent_and_pick_up_a_logo_added_later(demo, owners):
    bakery, bikes, _ = owners
    with demo.app_context():
        themes.seed_demo()
        themes.seed_demo()
        assert count_themes() == 3  # bakery, bikes, books
        assert themes.theme_of(bakery).primary_color == themes.DEMO_LOOKS["bakery"][0]
        assert themes.theme_of(bakery).logo_media_id is None
        media(bakery, filename="banner.png")  # not a logo
        logo = media(bakery, filename="logo-bakery.png")
        bikes_logo = media(bikes, filename="bikes-logo.png")  # the media library's demo name
        themes.save_theme(bikes, {**GOOD, "primary_color": "#222222"})  # changed by its owner
        themes.seed_demo()
        assert themes.theme_of(bakery).logo_media_id == logo
        assert themes.theme_of(bakery).favicon_media_id == logo
        assert themes.theme_of(bikes).primary_color == "#222222"  # kept
        assert themes.theme_of(bikes).logo_media_id == bikes_logo
        assert count_themes() == 3
