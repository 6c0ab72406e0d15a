"""Shoppers' catalog pages: only active products, 404s, isolation, languages, variants,
SEO tags, escaping."""

from __future__ import annotations

import pytest

from modules.catalog.models import SlugHistory
from tests import storefront_data as data
from wizamart.extensions import db

SHOP = "/storefront/bakery/catalog"


@pytest.fixture
def shop(demo):
    with demo.app_context():
        data.set_module("bakery", "catalog", True)
        bread = data.category("bakery", "Bread", "Brot")
        rye = data.category("bakery", "Rye bread", "Roggenbrot", parent=str(bread.id))
        data.product(
            "bakery",
            "Sourdough loaf",
            sku="LOAF-1",
            price="4.50",
            description="<p>Slow-risen with wild yeast.</p>",
            texts={"de": ("Sauerteigbrot", "<p>Langsam gereift mit wilder Hefe.</p>")},
            categories=[rye.id],
        )
        data.product("bakery", "Secret recipe", sku="DRAFT-1", status="draft")
        data.product("bakery", "Old croissant", sku="OLD-1", status="archived")
        data.product("bikes", "Road bike", sku="BIKE-1", price="999")
    return demo


def test_list_shows_only_active_products_of_this_shop(shop):
    html = shop.test_client().get(f"{SHOP}/").get_data(as_text=True)
    assert "Sourdough loaf" in html
    for hidden in ("Secret recipe", "Old croissant", "Road bike"):
        assert hidden not in html
    assert "4.50" in html  # the price, formatted for the locale


@pytest.mark.parametrize(
    "path",
    [
        f"{SHOP}/products/secret-recipe",  # draft
        f"{SHOP}/products/old-croissant",  # archived
        f"{SHOP}/products/road-bike",  # another vendor's slug under this vendor
        f"{SHOP}/products/no-such-thing",
        f"{SHOP}/products/{'9' * 23}",
        f"{SHOP}/products/bad%0d%0aslug",
        f"{SHOP}/categories/nowhere",
    ],
)
def test_what_a_shopper_may_not_see_is_a_404(shop, path):
    assert shop.test_client().get(path).status_code == 404


def test_a_bakery_slug_under_the_bikes_shop_is_a_404(shop):
    client = shop.test_client()
    assert client.get(f"{SHOP}/products/sourdough-loaf").status_code == 200
    assert client.get("/storefront/bikes/catalog/products/sourdough-loaf").status_code == 404
    assert client.get("/storefront/bikes/catalog/categories/bread").status_code == 404


def test_product_page_in_german_falls_back_to_english_where_words_are_missing(shop):
    client = shop.test_client()
    html = client.get(
        f"{SHOP}/products/sourdough-loaf", headers={"Accept-Language": "de"}
    ).get_data(as_text=True)
    assert "Sauerteigbrot" in html and "wilder Hefe" in html
    with shop.app_context():
        data.product("bakery", "Rye roll", sku="ROLL-1")  # English only
    html = client.get(f"{SHOP}/products/rye-roll", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    assert "Rye roll" in html
    assert 'lang="de"' in html  # the page itself is German


def test_old_slug_answers_301_to_the_current_one(shop):
    with shop.app_context():
        row = db.session.scalar(db.select(SlugHistory).limit(1))
        assert row is None
        loaf = db.session.execute(
            db.text("SELECT product_id FROM catalog_product_text WHERE slug='sourdough-loaf'")
        ).scalar()
        db.session.add(
            SlugHistory(
                vendor_id=data.vendor_id("bakery"), product_id=loaf, language="en", slug="old-loaf"
            )
        )
        db.session.commit()
    response = shop.test_client().get(f"{SHOP}/products/old-loaf")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"{SHOP}/products/sourdough-loaf")


def test_category_page_lists_products_below_it_with_breadcrumbs(shop):
    html = shop.test_client().get(f"{SHOP}/categories/bread").get_data(as_text=True)
    assert "Sourdough loaf" in html  # in "Rye bread", under "Bread"
    html = shop.test_client().get(f"{SHOP}/categories/rye-bread").get_data(as_text=True)
    assert 'aria-label="Breadcrumb"' in html
    crumbs = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert crumbs.index("Products") < crumbs.index("Bread") < crumbs.index("Rye bread")


def test_product_page_has_title_description_canonical_and_opengraph(shop):
    html = shop.test_client().get(f"{SHOP}/products/sourdough-loaf").get_data(as_text=True)
    assert "<title>Sourdough loaf · Bakery" in html or "<title>Sourdough loaf" in html
    assert '<meta name="description" content="Slow-risen with wild yeast.">' in html
    assert f'<link rel="canonical" href="http://localhost{SHOP}/products/sourdough-loaf">' in html
    assert '<meta property="og:type" content="product">' in html
    assert '<meta property="og:title" content="Sourdough loaf">' in html
    assert (
        f'<link rel="alternate" hreflang="de" href="http://localhost{SHOP}/products/'
        'sauerteigbrot?lang=de">' in html
    )


def test_list_canonical_url_leaves_out_filters_and_cursor(shop):
    html = shop.test_client().get(f"{SHOP}/?sort=name&min_price=1").get_data(as_text=True)
    assert f'<link rel="canonical" href="http://localhost{SHOP}/">' in html


def test_a_script_title_is_shown_as_text(shop):
    with shop.app_context():
        data.product("bakery", "<script>alert(1)</script> cake", sku="XSS-1")
    client = shop.test_client()
    for path in (f"{SHOP}/", f"{SHOP}/products/script-alert-1-script-cake"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt; cake" in html, path


def test_bad_price_filter_is_a_422_with_the_form_kept(shop):
    response = shop.test_client().get(f"{SHOP}/?min_price=abc&max_price=5")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a price, such as 12.50." in html and 'value="abc"' in html


def test_price_and_sort_filters(shop):
    with shop.app_context():
        data.product("bakery", "Baguette", sku="BAG-1", price="1.20")
        data.product("bakery", "Wedding cake", sku="CAKE-1", price="120")
    client = shop.test_client()
    html = client.get(f"{SHOP}/?min_price=2&max_price=50").get_data(as_text=True)
    assert "Sourdough loaf" in html and "Baguette" not in html and "Wedding cake" not in html
    html = client.get(f"{SHOP}/?sort=price_desc").get_data(as_text=True)
    assert html.index("Wedding cake") < html.index("Sourdough loaf") < html.index("Baguette")
    html = client.get(f"{SHOP}/?sort=name").get_data(as_text=True)
    assert html.index("Baguette") < html.index("Sourdough loaf") < html.index("Wedding cake")


def test_redirects_keep_the_query_but_not_url_for_options(shop):
    with shop.app_context():
        loaf = db.session.execute(
            db.text("SELECT product_id FROM catalog_product_text WHERE slug='sourdough-loaf'")
        ).scalar()
        db.session.add(
            SlugHistory(
                vendor_id=data.vendor_id("bakery"), product_id=loaf, language="en", slug="old-one"
            )
        )
        db.session.commit()
    client = shop.test_client()
    response = client.get(
        f"{SHOP}/products/old-one?variant=7&slug=evil&_external=1&_scheme=javascript"
    )
    assert response.status_code == 301
    location = response.headers["Location"]
    assert location.startswith(("/", "http://localhost/"))
    assert "sourdough-loaf?variant=7" in location and "evil" not in location
    response = client.get(
        f"{SHOP}/categories/brot?slug=evil&_anchor=x", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 301 and response.headers["Location"].endswith(
        f"{SHOP}/categories/bread"
    )


def test_lang_parameter_picks_the_language_and_sets_no_cookie(shop):
    response = shop.test_client().get(f"{SHOP}/products/sauerteigbrot?lang=de")
    html = response.get_data(as_text=True)
    assert '<html lang="de"' in html and "Sauerteigbrot" in html
    assert response.headers.getlist("Set-Cookie") == []
    assert (
        f'<link rel="canonical" href="http://localhost{SHOP}/products/sauerteigbrot?lang=de">'
        in html
    )


def test_gallery_and_opengraph_image(shop):
    from modules.catalog.services.images import add_image

    with shop.app_context():
        loaf = data.product("bakery", "Rye roll", sku="ROLL-1")
        add_image(loaf, data.picture(30), alt_text="A rye roll")
        add_image(loaf, data.picture(60, "box"), alt_text="Cut open")
        db.session.commit()
    html = shop.test_client().get(f"{SHOP}/products/rye-roll").get_data(as_text=True)
    assert '<meta property="og:image" content="http://localhost/media/catalog/' in html
    assert 'alt="A rye roll"' in html and 'alt="Cut open"' in html
    assert 'width="900" height="900"' in html  # the large rendition (as big as the original)
    listing = shop.test_client().get(f"{SHOP}/").get_data(as_text=True)
    assert 'width="600" height="600"' in listing and 'loading="lazy"' in listing


def test_home_shows_the_catalog_through_its_hook_only_when_it_is_on(shop):
    client = shop.test_client()
    html = client.get("/storefront/bakery/").get_data(as_text=True)
    assert "New in the shop" in html and "Sourdough loaf" in html
    assert 'role="search"' in html and f'href="{SHOP}/categories/bread"' in html
    with shop.app_context():
        data.set_module("bakery", "catalog", False)
    response = client.get("/storefront/bakery/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sourdough loaf" not in html and 'role="search"' not in html


def test_a_failing_hook_leaves_the_home_page_standing(shop, monkeypatch):
    from modules.catalog.services import storefront

    def broken(*args, **kwargs):
        raise RuntimeError("the catalog is broken")

    monkeypatch.setattr(storefront, "home_products", broken)
    response = shop.test_client().get("/storefront/bakery/")
    assert response.status_code == 200
    assert "Welcome to" in response.get_data(as_text=True)


def test_category_page_lists_its_url_in_each_language(shop):
    html = shop.test_client().get(f"{SHOP}/categories/bread").get_data(as_text=True)
    assert f'hreflang="en" href="http://localhost{SHOP}/categories/bread">' in html
    assert f'hreflang="de" href="http://localhost{SHOP}/categories/brot?lang=de">' in html
    german = shop.test_client().get(f"{SHOP}/categories/brot?lang=de").get_data(as_text=True)
    assert f'<link rel="canonical" href="http://localhost{SHOP}/categories/brot?lang=de">' in german


def test_a_thumbnail_link_shows_its_picture_first(shop):
    from modules.catalog.services.images import add_image

    with shop.app_context():
        roll = data.product("bakery", "Rye roll", sku="ROLL-1")
        add_image(roll, data.picture(30), alt_text="Whole")
        second = add_image(roll, data.picture(60, "box"), alt_text="Cut open")
        db.session.commit()
        second_id = second.id
    client = shop.test_client()
    html = client.get(f"{SHOP}/products/rye-roll").get_data(as_text=True)
    main = html.split('class="gallery-main', 1)[1].split("</figure>", 1)[0]
    assert 'alt="Whole"' in main
    assert f"/products/rye-roll?image={second_id}" in html
    html = client.get(f"{SHOP}/products/rye-roll?image={second_id}").get_data(as_text=True)
    main = html.split('class="gallery-main', 1)[1].split("</figure>", 1)[0]
    assert 'alt="Cut open"' in main
    for junk in ("x", "9" * 23, "-1"):
        assert client.get(f"{SHOP}/products/rye-roll?image={junk}").status_code == 200
