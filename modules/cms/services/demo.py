"""The cms module's demo data, area by area (each idempotent): the media library first,
so that the looks find the shops' logos; the menus after the pages (the definition seeds
the pages first), which they link by role."""

from __future__ import annotations


def seed() -> list[str]:
    from modules.cms.services import media_demo, menus_demo, themes

    lines = media_demo.seed()
    themes.seed_demo()
    menus_demo.seed()
    return lines
