"""Headline, dek, byline and date found in the lines around an article's start.

A news page puts these in its head: the headline (often repeating the page title),
a one-line summary (the dek), "By ..." and a dateline such as "15 May, 2025 09:04".
Dates are read with dateparser, but only from lines that look like dates, because
dateparser is slow and finds dates in almost anything.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_LIKE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|author:|reporting by)\s+"
    r"(?P<name>(?-i:[^\W\d_a-z][\w.'’-]*)(?:\s+(?:and\s+|&\s+)?(?-i:[^\W\d_a-z][\w.'’-]*)){0,7})"
    r"\s*(?:[|,–—-]\s*.*)?$",
    re.IGNORECASE,
)
_FILLER = re.compile(r"\bat\b", re.IGNORECASE)
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_MERIDIEM = re.compile(r"\b([ap])\.m\b\.?", re.IGNORECASE)
# "18.54" after a date is a time (a dotted date such as 13.11.2019 comes first).
_DOTTED_TIME = re.compile(r"(?<=\s)(\d{1,2})\.(\d{2})\b(?!\.\d)")
_CLOCKS = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M%p")
_DAYS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d", "%d/%m/%Y", "%d %m %Y")
_FORMATS = (
    *(day + clock for day in _DAYS for clock in _CLOCKS),
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    *("%m/%d/%Y" + clock for clock in _CLOCKS),
    *("%m %d %Y" + clock for clock in _CLOCKS),
)
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


def _shape(text: str) -> str:
    """Runs of letters and of digits each reduced to one symbol: "Nov 19 2019 9:04am"
    has the shape "a 9 9 9:9a"."""
    return _DIGITS.sub("9", _LETTERS.sub("a", text))


def _by_shape() -> dict[str, tuple[str, ...]]:
    """The formats, in order, grouped by the shape of the text they read: a text is
    tried only against formats of its shape (``strptime`` compiles a regex per
    format and keeps only five, so trying them all was the cost of a date)."""
    sample = datetime(2019, 11, 19, 12, 4, 5)
    grouped: dict[str, list[str]] = {}
    for pattern in _FORMATS:
        grouped.setdefault(_shape(sample.strftime(pattern)), []).append(pattern)
    return {shape: tuple(patterns) for shape, patterns in grouped.items()}


_FORMATS_BY_SHAPE = _by_shape()
# Unambiguous zone abbreviations, as hours from UTC.
_ZONES = {
    "utc": 0, "gmt": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
    "pst": -8, "pdt": -7, "bst": 1, "cet": 1, "cest": 2,
}  # fmt: skip
# US zones written without the season: their offset depends on the date.
_SEASONAL = {
    "et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}  # fmt: skip
# Longest line, in words, still taken for a headline or a dek.
HEADLINE_MAX_WORDS = 30
DEK_MIN_WORDS = 6
DEK_MAX_WORDS = 45
# A date line in the head is short: a long line with a date in it is a sentence.
DATELINE_MAX_WORDS = 16


def looks_dated(text: str) -> bool:
    """A short line with a date in it (cheap: no date parsing)."""
    return len(text.split()) <= DATELINE_MAX_WORDS and _DATE_LIKE.search(text) is not None


def find_date(text: str, language: str | None = None) -> datetime | None:
    """The date and time written in a short line, as an aware UTC datetime."""
    if len(text.split()) > DATELINE_MAX_WORDS:
        return None
    match = _DATE_LIKE.search(text)
    return _parse_date(match.group(0), language) if match else None


def _strptime(text: str) -> datetime | None:
    """The common English and numeric forms, without dateparser's ~2 ms a call."""
    cleaned = _ORDINAL.sub(r"\1", _FILLER.sub(" ", text)).strip()
    cleaned = _DOTTED_TIME.sub(r"\1:\2", _MERIDIEM.sub(r"\1m", cleaned))
    words = cleaned.replace(",", " ").replace(".", " ").split()
    zone = words[-1].lower() if words else ""
    offset = _ZONES.get(zone)
    if offset is not None or zone in _SEASONAL:
        words.pop()
    cleaned = " ".join(words)
    for pattern in _FORMATS_BY_SHAPE.get(_shape(cleaned), ()):
        try:
            parsed = datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        if zone in _SEASONAL:
            return parsed.replace(tzinfo=ZoneInfo(_SEASONAL[zone])).astimezone(UTC)
        return parsed.replace(tzinfo=UTC) - timedelta(hours=offset or 0)
    return None


@lru_cache(maxsize=4096)
def _parse_date(text: str, language: str | None) -> datetime | None:
    if language in (None, "en") and (fast := _strptime(text)):
        return fast
    import dateparser

    settings = {
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": "UTC",
        "TO_TIMEZONE": "UTC",
        "PREFER_DAY_OF_MONTH": "first",
        # Most of the world writes 10/03 for 10 March; a US 11/20 still parses,
        # since no month 20 exists.
        "DATE_ORDER": "DMY",
    }
    languages = [language] if language else ["en"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = dateparser.parse(text, languages=languages, settings=settings)
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed.astimezone(UTC) if parsed else None


def forget_dates() -> None:
    """Empty the cache of parsed dates (for measurements that must start cold)."""
    _parse_date.cache_clear()


def find_byline(text: str) -> str | None:
    """The author named in a "By ..." line."""
    if len(text.split()) > HEADLINE_MAX_WORDS:
        return None
    match = _BYLINE.match(text)
    return match.group("name").strip(" ,") if match else None


def headline_like(words: int, terminal: bool) -> bool:
    """Short, without a sentence end: how headlines and deks are written."""
    return 3 <= words <= HEADLINE_MAX_WORDS and not terminal


def dek_like(words: int, terminal: bool) -> bool:
    return DEK_MIN_WORDS <= words <= DEK_MAX_WORDS and not terminal
