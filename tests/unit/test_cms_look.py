"""The look's rules that need no database: colours, WCAG 2.1 contrast, the CSS text."""

from __future__ import annotations

import re

import pytest

from modules.cms.services import themes
from modules.cms.services.themes import Look, look_css


@pytest.mark.parametrize(
    ("one", "other", "ratio"),
    [
        ("#777777", "#ffffff", 4.48),  # the classic "almost AA" grey
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),  # order does not matter
        ("#0d6efd", "#ffffff", 4.5),  # Bootstrap's blue, just AA
        ("#ff0000", "#ffffff", 4.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
        ("#123456", "#123456", 1.0),
    ],
)
def test_contrast_ratios_of_known_pairs(one, other, ratio):
    assert round(themes.contrast_ratio(one, other), 2) == ratio


def test_relative_luminance_ends_and_the_linear_segment():
    assert themes.relative_luminance("#ffffff") == pytest.approx(1.0)
    assert themes.relative_luminance("#000000") == 0.0
    # 10/255 = 0.0392 is below 0.04045: the linear part, c / 12.92
    assert themes.relative_luminance("#0a0a0a") == pytest.approx(10 / 255 / 12.92)


def test_the_ratio_shown_is_never_rounded_up_to_a_pass():
    assert themes.shown_ratio(4.478) == "4.48"
    assert themes.shown_ratio(4.496) == "4.49"  # 4.50 would read as a pass
    assert themes.shown_ratio(4.5008) == "4.50"
    assert themes.shown_ratio(21) == "21.00"


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#ffff00", themes.NEAR_BLACK),
        ("#f2c14e", themes.NEAR_BLACK),
        ("#f25c05", themes.NEAR_BLACK),  # white 3.33, near-black 4.84
        ("#0d6efd", themes.WHITE),
        ("#000080", themes.WHITE),
        ("#8a4b16", themes.WHITE),
    ],
)
def test_button_text_is_the_better_of_white_and_near_black(background, text):
    assert themes.best_text_color(background) == text


def test_warnings_name_the_pairs_below_aa():
    assert [w.key for w in themes.contrast_warnings("#777777", "#ffff00")] == [
        "primary_text",
        "primary_link",
    ]
    assert themes.contrast_warnings("#0b6e4f", "#2ec4b6") == []
    yellow = themes.contrast_warnings("#ffff00", "#ffff00")
    assert [w.key for w in yellow] == ["primary_link"]  # dark text on yellow reads fine
    assert yellow[0].shown == "1.07"


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("#1A7F5A", "#1a7f5a"),
        ("  #abcdef\n", "#abcdef"),
        ("#abcdef", "#abcdef"),
        ("abcdef", None),
        ("#abc", None),
        ("#abcdeg", None),
        ("#abcdef;", None),
        ("red", None),
        ("red;}</style><script>alert(1)</script>", None),
        ("#abcdef}body{color:red", None),
        ("", None),
        (None, None),
        (123456, None),
    ],
)
def test_colours_are_six_hex_digits(typed, clean):
    assert themes.clean_color(typed) == clean


def test_dark_mode_links_are_made_readable():
    for colour in ("#5b2a86", "#000080", "#8a4b16", "#0b6e4f"):
        link = themes.readable_on(colour, themes.DARK_BODY)
        assert themes.contrast_ratio(link, themes.DARK_BODY) >= themes.AA
    assert themes.readable_on("#ffd54f", themes.DARK_BODY) == "#ffd54f"  # already fine


def test_css_sets_the_shops_and_bootstraps_variables():
    css = look_css(Look.of("#8a4b16", "#f2c14e", "mono", "centered"), header=True)
    assert css.startswith(":root{--shop-primary:#8a4b16;--shop-primary-rgb:138,75,22;")
    for part in (
        "--shop-primary-text:#ffffff;",
        "--shop-accent:#f2c14e;",
        "--shop-accent-text:#212529;",
        "--shop-font-heading:ui-monospace,",
        "--bs-primary:#8a4b16;--bs-primary-rgb:138,75,22;",
        "--bs-link-color:#8a4b16;",
        ":root .btn-primary{--bs-btn-color:#ffffff;--bs-btn-bg:#8a4b16;",
        ":root[data-bs-theme=dark]{",
        ".store-header .navbar-brand{flex:0 0 100%",
    ):
        assert part in css, part
    assert ".store-header .navbar-brand{flex" not in look_css(
        Look.of("#8a4b16", "#f2c14e", "mono", "centered"), header=False
    )
    preview = look_css(Look(), "#look-sample")
    assert preview.startswith("#look-sample{--shop-primary:#0d6efd;")
    assert "[data-bs-theme=dark] #look-sample{" in preview
    assert "#look-sample .btn-primary{" in preview


@pytest.mark.parametrize(
    "bad",
    [
        "red;}</style><script>alert(1)</script>",
        "#fff;}body{background:url(//evil)}",
        "</style>",
        "expression(alert(1))",
    ],
)
def test_nothing_typed_reaches_the_css(bad):
    """A Look built around the checks (a stored value gone wrong) still gives only
    checked colours and the fixed fonts and layouts."""
    css = look_css(Look(bad, bad, bad, bad), header=True)
    assert "<" not in css and "evil" not in css and "expression" not in css
    assert "--shop-primary:#0d6efd;" in css and "--shop-accent:#6c757d;" in css
    assert "--shop-font-body:system-ui," in css
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in re.findall(r"#[0-9a-z]{6}\b", css))


def test_the_fixed_lists_hold_nothing_that_could_end_the_style():
    for pair in themes.FONT_PAIRS.values():
        for stack in (pair.heading, pair.body):
            assert not set(stack) & set("<>{};\\"), stack
    for layout in themes.HEADER_LAYOUTS.values():
        assert "<" not in layout.css
