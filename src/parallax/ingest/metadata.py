"""Outlet, language and dates: the metadata every reader fills the same way."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import dateparser
import py3langid

from parallax.ingest.normalize import fix_text, one_line

_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")
_SPACES = re.compile(r"\s+")
MAX_NAME = 100
"""Characters of an outlet's name kept; past it a "name" is some page's text, not a name."""


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    return host if _DOMAIN.match(host) else None


def outlet_from_filename(path: Path) -> str | None:
    """``outlet.example__slug.txt`` names its outlet before the double underscore."""
    prefix, sep, _ = path.name.partition("__")
    return prefix.lower() if sep and _DOMAIN.match(prefix.lower()) else None


def choose_outlet(url: str | None, declared: str | None, path: Path | None = None) -> str:
    return (
        outlet_from_url(url)
        or (declared.strip() if declared and declared.strip() else None)
        or (outlet_from_filename(path) if path else None)
        or "unknown"
    )


def choose_outlet_name(*candidates: str | None) -> str | None:
    """The first candidate that reads as a publisher's name, as valid text on one line
    without control characters; a bare domain is no name (the outlet is its domain)."""
    for candidate in candidates:
        if not candidate:
            continue
        name = _SPACES.sub(" ", one_line(fix_text(candidate))).strip()
        if name and len(name) <= MAX_NAME and not _DOMAIN.match(name.lower()):
            return name
    return None


def detect_language(text: str) -> str | None:
    sample = text[:5000]
    if len(sample.split()) < 3:
        return None
    language, _ = py3langid.classify(sample)
    return str(language)


def parse_date(value: str | None) -> datetime | None:
    """Any date string a feed or page carries, as an aware UTC datetime; None when there
    is none or it is no date Python can hold (``9999-12-31T23:59:59-05:00`` overflows in
    UTC): a bad date costs the date, never the document."""
    if not value or not value.strip():
        return None
    try:
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            parsed = dateparser.parse(
                value.strip()[:100], languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False}
            )
        if parsed is None:
            return None
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except Exception:  # dateparser raises more than ValueError on odd input
        return None
