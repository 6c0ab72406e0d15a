"""Where to go next: the one check for every `next` a request carries (sign-in, the
language switch), so none of them becomes an open redirect or a broken header."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: object) -> str | None:
    """`target` when it is a path on this site, else None.

    Refused: anything with a scheme or host (`https://x`, `//x`), a backslash (browsers
    read `/\\x` as `//x`), and control characters (CR/LF would split the Location
    header, which Werkzeug refuses with an exception: a 500).
    """
    if not isinstance(target, str) or not target.startswith("/"):
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target
