"""Translations: the locale of a request (`locale`), the gettext catalogs of the
framework and of every module (`catalogs`), and `flask translations ...` (`cli`).
See docs/i18n.md."""
