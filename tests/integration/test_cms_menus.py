"""Menus without HTTP: adding, checking, ordering, labels and their fallbacks, what
shoppers see (unpublished pages and disabled modules left out), the demo seed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import gettext

from modules.cms.exceptions import CmsError, ValidationFailed
from modules.cms.models import MenuItem
from modules.cms.services import menus
from modules.cms.services.menus import MenuInput, check_url, shown_menus
from modules.cms.services.menus_demo import seed as seed_menus
from tests import cms_menus_data as data
from tests import storefront_data
from wizamart.extensions import db


@pytest.fixture
def demo(demo):
    """The demo without its pages and menus: each test makes its own."""
    data.clear_content(demo)
    return demo


def count_items() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(MenuItem).execution_options(all_vendors=True)
    )


def labels(entries) -> list[str]:
    return [entry.label for entry in entries]


# -- adding and ordering -----------------------------------------------------------------
def test_items_of_each_kind_go_to_the_end_of_their_menu(demo):
    with data.in_shop(demo) as bakery:
        about = data.page(bakery, "about", {"en": "About us"})
        first = data.item(bakery, kind="page", page_id=about.id)
        second = data.item(bakery, kind="module", target="catalog:products")
        third = data.item(
            bakery, kind="url", url="https://example.com/a?b=c", labels={"en": "  Our\nblog  "}
        )
        footer = data.item(bakery, "footer", kind="module", target="core:home")
        db.session.commit()
        assert data.positions(bakery, "header") == [first.id, second.id, third.id]
        assert [i.position for i in (first, second, third)] == [1, 2, 3]
        assert footer.position == 1
        assert third.labels == {"en": "Our blog"}  # spaces and line breaks folded
        assert (second.module_code, second.target) == ("catalog", "products")
        assert (third.kind, third.target) == ("url", "https://example.com/a?b=c")


def test_reorder_rewrites_every_position_and_refuses_a_stale_list(demo):
    with data.in_shop(demo) as bakery:
        ids = [
            data.item(bakery, kind="url", url=f"https://e.com/{n}", labels={"en": f"L{n}"}).id
            for n in range(4)
        ]
        db.session.commit()
        menus.reorder(bakery, "header", [str(ids[3]), str(ids[0]), str(ids[2]), str(ids[1])])
        db.session.commit()
        assert data.positions(bakery, "header") == [ids[3], ids[0], ids[2], ids[1]]
        positions = db.session.scalars(
            sa.select(MenuItem.position).where(MenuItem.id.in_(ids)).order_by(MenuItem.position)
        ).all()
        assert positions == [1, 2, 3, 4]
        bikes = data.shop("bikes")
        other = data.item(bikes, kind="url", url="https://bikes.test", labels={"en": "B"})
        db.session.commit()
        for stale in (
            ids[:3],  # one missing (another tab added it)
            [*ids, ids[0]],  # one twice
            [*ids[:3], other.id],  # another shop's item
            [*ids[:3], "x"],
        ):
            with pytest.raises(CmsError):
                menus.reorder(bakery, "header", [str(i) for i in stale])
            db.session.rollback()
        assert data.positions(bakery, "header") == [ids[3], ids[0], ids[2], ids[1]]
        with pytest.raises(CmsError):
            menus.reorder(bakery, "sidebar", [])


def test_move_up_and_down_stops_at_the_ends(demo):
    with data.in_shop(demo) as bakery:
        a, b, c = (
            data.item(bakery, kind="url", url=f"https://e.com/{n}", labels={"en": n}) for n in "abc"
        )
        db.session.commit()
        menus.move(bakery, c, "up")
        assert data.positions(bakery, "header") == [a.id, c.id, b.id]
        menus.move(bakery, a, "up")  # first already
        menus.move(bakery, b, "down")  # last already
        assert data.positions(bakery, "header") == [a.id, c.id, b.id]
        menus.move(bakery, a, "down")
        assert data.positions(bakery, "header") == [c.id, a.id, b.id]
        assert [i.position for i in (c, a, b)] == [1, 2, 3]
        with pytest.raises(CmsError):
            menus.move(bakery, a, "sideways")


def test_delete_and_moving_to_the_other_menu_close_the_gap(demo):
    with data.in_shop(demo) as bakery:
        a, b, c = (
            data.item(bakery, kind="url", url=f"https://e.com/{n}", labels={"en": n}) for n in "abc"
        )
        f = data.item(bakery, "footer", kind="module", target="core:home")
        menus.delete_item(bakery, a)
        assert [b.position, c.position] == [1, 2]
        menus.update_item(bakery, b, MenuInput("footer", "url", url=b.target, labels=b.labels))
        assert data.positions(bakery, "footer") == [f.id, b.id]
        assert (c.position, b.position) == (1, 2)


def test_a_menu_holds_at_most_max_items(demo, monkeypatch):
    monkeypatch.setattr(menus, "MAX_ITEMS", 3)
    with data.in_shop(demo) as bakery:
        for _n in range(3):
            data.item(bakery, kind="module", target="core:home")
        with pytest.raises(ValidationFailed) as refused:
            data.item(bakery, kind="module", target="core:home")
        assert "at most 3 items" in refused.value.errors["location"]
        data.item(bakery, "footer", kind="module", target="core:home")  # the other menu


# -- bad input ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "ftp://example.com/file",
        "//example.com",
        "https://",
        "example.com",
        "https://exa mple.com",
        "https://example.com/\nSet-Cookie: x",
        "http://[::1",
        "https://example.com/" + "a" * 600,
    ],
)
def test_urls_that_are_not_web_addresses_are_refused(url):
    assert check_url(url) is None


def test_web_addresses_are_kept():
    assert check_url(" https://example.com/a?b=1#c ") == "https://example.com/a?b=1#c"
    assert check_url("HTTP://EXAMPLE.COM") == "HTTP://EXAMPLE.COM"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "page", "page_id": "999999"}, "page_id"),
        ({"kind": "page", "page_id": "abc"}, "page_id"),
        ({"kind": "page", "page_id": "-1"}, "page_id"),
        ({"kind": "page", "page_id": "9" * 40}, "page_id"),
        ({"kind": "page", "page_id": "BIKES"}, "page_id"),  # another shop's page
        ({"kind": "page", "page_id": "PLATFORM"}, "page_id"),  # the platform's page
        ({"kind": "url", "url": "javascript:alert(1)", "labels": {"en": "x"}}, "url"),
        ({"kind": "url", "url": "https://example.com"}, "label_en"),  # no label
        ({"kind": "url", "url": "https://e.com", "labels": {"de": "x" * 5000}}, "label_de"),
        ({"kind": "module", "target": "catalog:categories/999999"}, "target"),
        ({"kind": "module", "target": "nope:home"}, "target"),
        ({"kind": "module", "target": "home"}, "target"),
        ({"kind": "shell", "target": "x"}, "kind"),
        ({"kind": "url", "location": "sidebar", "url": "https://e.com"}, "location"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_written(demo, values, field):
    with data.in_shop(demo) as bakery:
        bikes_page = data.page(data.shop("bikes"), "about", {"en": "Bikes about"})
        platform_page = data.page(data.platform(), "about", {"en": "Platform about"})
        db.session.commit()
        values = dict(values)
        ids = {"BIKES": str(bikes_page.id), "PLATFORM": str(platform_page.id)}
        if values.get("page_id") in ids:
            values["page_id"] = ids[values["page_id"]]
        before = count_items()
        with pytest.raises(ValidationFailed) as refused:
            menus.add_item(bakery, MenuInput(location=values.pop("location", "header"), **values))
        assert field in refused.value.errors, refused.value.errors
        db.session.rollback()
        assert count_items() == before


def test_a_disabled_modules_targets_cannot_be_picked(demo):
    with demo.app_context():
        storefront_data.set_module("bakery", "catalog", False)
    with data.in_shop(demo) as bakery:
        with pytest.raises(ValidationFailed) as refused:
            data.item(bakery, kind="module", target="catalog:products")
        assert "target" in refused.value.errors
        assert "catalog" not in menus.link_targets(bakery)
        assert "home" in menus.link_targets(bakery)["core"]


# -- what shoppers see --------------------------------------------------------------------
def test_labels_fall_back_to_the_default_language_then_the_pages_title(demo):
    with data.in_shop(demo) as bakery:
        about = data.page(bakery, "about", {"en": "About us", "de": "Über uns"})
        legal = data.page(bakery, "legal", {"en": "Legal"})
        only_fr = data.page(bakery, "fr-only", {"fr": "Seulement"})
        data.item(bakery, kind="page", page_id=about.id, labels={"fr": "Qui sommes-nous"})
        data.item(bakery, kind="page", page_id=legal.id)
        data.item(bakery, kind="page", page_id=only_fr.id)
        data.item(bakery, kind="url", url="https://e.com", labels={"en": "Blog", "de": "Tagebuch"})
        data.item(bakery, kind="url", url="https://f.com", labels={"lb": "Lëtzebuerg"})
        data.item(bakery, kind="module", target="catalog:products")
        data.item(bakery, kind="module", target="core:home", labels={"en": "Start"})
        db.session.commit()
    expected = {
        # own label in the language / the default language's (en) / the page's title in
        # the language / in the default language / its slug; a module target's label
        "en": ["About us", "Legal", "fr-only", "Blog", "Lëtzebuerg", "All products", "Start"],
        "de": ["Über uns", "Legal", "fr-only", "Tagebuch", "Lëtzebuerg", "All products", "Start"],
        "fr": [
            "Qui sommes-nous",
            "Legal",
            "Seulement",
            "Blog",
            "Lëtzebuerg",
            "All products",
            "Start",
        ],
    }
    for language, wanted in expected.items():
        with data.in_shop(demo, language=language) as bakery:
            wanted[5] = gettext("All products")  # the catalog's words, in the language
            assert labels(shown_menus(bakery).header) == wanted, language
    assert wanted[5] != "All products"  # fr really is another language


def test_unpublished_pages_and_disabled_modules_are_left_out(demo):
    with data.in_shop(demo) as bakery:
        about = data.page(bakery, "about", {"en": "About us"})
        draft = data.page(bakery, "draft", {"en": "Coming soon"}, published=False)
        data.item(bakery, kind="page", page_id=about.id)
        data.item(bakery, kind="page", page_id=draft.id)
        data.item(bakery, kind="module", target="catalog:products")
        bread = db.session.scalar(
            sa.text("SELECT category_id FROM catalog_category_text WHERE slug = 'bread'")
        )
        data.item(bakery, kind="module", target=f"catalog:categories/{bread}")
        data.item(bakery, kind="module", target="core:home")
        db.session.commit()
        shown = shown_menus(bakery).header
        assert labels(shown) == ["About us", "All products", "Bread", "Home"]
        assert shown[2].url == "/storefront/bakery/catalog/categories/bread"
        assert shown[0].url == "/storefront/bakery/pages/about"
        edited = menus.edited_menus(bakery, "en").header
        assert [e.hidden is not None for e in edited] == [False, True, False, False, False]
    with demo.app_context():
        storefront_data.set_module("bakery", "catalog", False)
    with data.in_shop(demo) as bakery:
        assert labels(shown_menus(bakery).header) == ["About us", "Home"]
        edited = menus.edited_menus(bakery, "en").header
        # the targets of a module that is off are not known: the module's name and the key
        hidden = [e.label for e in edited if e.hidden]
        assert hidden == ["Coming soon", "Catalog: products", f"Catalog: categories/{bread}"]
        assert "catalog is off" in edited[2].hidden
    with demo.app_context():
        storefront_data.set_module("bakery", "catalog", True)  # empties the catalog
    with data.in_shop(demo) as bakery:
        # the category is gone: its item drops out too, the product list comes back
        assert labels(shown_menus(bakery).header) == ["About us", "All products", "Home"]


def test_a_published_page_shows_its_published_title_not_the_draft(demo):
    with data.in_shop(demo) as bakery:
        about = data.page(bakery, "about", {"en": "About us"}, draft_titles={"en": "About"})
        data.item(bakery, kind="page", page_id=about.id)
        db.session.commit()
        assert labels(shown_menus(bakery).header) == ["About us"]
        assert labels(menus.edited_menus(bakery, "en").header) == ["About"]


def test_an_empty_footer_links_the_published_legal_pages(demo):
    with data.in_shop(demo) as bakery:
        data.page(bakery, "privacy", {"en": "Privacy"}, role="privacy")
        data.page(bakery, "imprint", {"en": "Imprint", "de": "Impressum"}, role="imprint")
        data.page(bakery, "terms", {"en": "Terms"}, role="terms", published=False)
        data.page(bakery, "shipping", {"en": "Shipping"}, role="shipping")
        data.page(bakery, "about", {"en": "About"}, role="about")
        data.page(data.shop("bikes"), "terms", {"en": "Bikes terms"}, role="terms")
        db.session.commit()
        footer = shown_menus(bakery).footer
        assert labels(footer) == ["Imprint", "Privacy", "Shipping"]
        assert all(entry.id is None for entry in footer)
        assert menus.edited_menus(bakery, "en").footer == []
    with data.in_shop(demo, language="de") as bakery:
        assert labels(shown_menus(bakery).footer) == ["Impressum", "Privacy", "Shipping"]
        data.item(bakery, "footer", kind="url", url="https://e.com", labels={"en": "Contact"})
        db.session.commit()
    with data.in_shop(demo) as bakery:
        assert labels(shown_menus(bakery).footer) == ["Contact"]


def test_a_shops_menus_are_its_own(demo):
    with data.in_shop(demo, "bikes") as bikes:
        theirs = data.item(bikes, kind="url", url="https://bikes.test", labels={"en": "Bikes"}).id
        data.page(bikes, "imprint", {"en": "Bikes imprint"}, role="imprint")
        platform = data.platform()
        data.item(platform, kind="url", url="https://main.test", labels={"en": "Platform link"})
        db.session.commit()
    with data.in_shop(demo) as bakery:
        shown = shown_menus(bakery)
        assert shown.header == [] and shown.footer == []
        assert menus.get_item(bakery, theirs) is None
        assert menus.get_item(bikes, theirs) is None  # scoped to bakery's request anyway
    with data.in_shop(demo, "bikes") as bikes:
        assert menus.get_item(bikes, theirs) is not None
        assert labels(shown_menus(bikes).header) == ["Bikes"]
        assert labels(shown_menus(bikes).footer) == ["Bikes imprint"]


# -- the demo ---------------------------------------------------------------------------
def test_demo_menus_link_the_pages_by_role_once(demo):
    with demo.app_context():
        seed_menus()
        assert count_items() == 0  # no pages: nothing to link
        bakery = data.shop("bakery")
        for role, title in [
            ("about", "About us"),
            ("imprint", "Imprint"),
            ("terms", "Terms"),
            ("privacy", "Privacy"),
        ]:
            data.page(bakery, role, {"en": title}, role=role)
        data.page(data.shop("books"), "about", {"en": "About Books"}, role="about")
        seed_menus()
        db.session.commit()
        seed_menus()
        db.session.commit()
        assert count_items() == 5
        header = data.positions(bakery, "header")
        footer = data.positions(bakery, "footer")
        assert len(header) == 1 and len(footer) == 3
    with data.in_shop(demo) as bakery:
        shown = shown_menus(bakery)
        assert labels(shown.header) == ["About us"]
        assert labels(shown.footer) == ["Terms", "Privacy", "Imprint"]
