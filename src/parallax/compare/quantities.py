"""Quantities in a clause: its numbers (with what they count and the words around them)
and its dates (resolved by annotate where it could, else the date words), the slots
that conflicts compare."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from parallax.compare.text import content_keys
from parallax.models import DateMention, Span

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)

_DATE_WORD = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|june|"
    r"july|august|september|october|november|december|\d{1,2}(?::\d\d)?\s?[ap]\.?m\.?|noon|"
    r"midnight)\b",
    re.IGNORECASE,
)

_MAY = re.compile(r"\bMay\b")

_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")

_RATIO = re.compile(r"\b(\d{1,3})\s?[-–—]\s?(\d{1,3})\b")

_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}

_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_PERCENT = frozenset({"%", "percent", "pct", "per"})

CONTEXT_WIDTH = 4

UNIT_KEYS = frozenset({"perce", "pct", "point", "basis", "cent", "numbe", "least", "about"})


@dataclass(frozen=True)
class Number:
    value: float
    unit: str
    text: str
    context: frozenset[str] = frozenset()
    """Content words next to the number: what it is a number of, in this sentence."""
    qualifiers: frozenset[tuple[str, str]] = frozenset()
    """(noun, modifier) pairs among those words: 'wage growth' is not 'economic growth'."""
    slot: frozenset[str] | None = None
    """What the number is said of: the words from it up to its verb, and that verb's
    subject ('Inflation hit 8.9 percent' -> hit, inflation; '12 people were killed' ->
    killed). None where the number was not found among the parse's words."""


def numbers_in(members: list[Token], date_spans: list[tuple[int, int]]) -> list[Number]:
    found: list[Number] = []
    text = " ".join(t.text_with_ws for t in members)
    for match in _RATIO.finditer(text):
        around = text[max(0, match.start() - 40) : match.end() + 40].replace(match.group(0), " ")
        first = next((t for t in members if t.text.startswith(match.group(1))), None)
        found.append(
            Number(
                value=float(match.group(1)),
                unit="ratio:" + match.group(0),
                text=match.group(0),
                context=frozenset(content_keys(around)) - UNIT_KEYS,
                slot=None if first is None else _slot(first) - UNIT_KEYS,
            )
        )
    for token in members:
        if any(s <= token.idx < e for s, e in date_spans):
            continue
        value = _value(token)
        if value is None or _looks_like_year(token, value) or _is_clock_time(token):
            continue
        if token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("-", "–", "—"):
            continue
        unit = _unit(token)
        context = _context(token) - content_keys(unit)
        found.append(
            Number(
                value=value,
                unit=unit,
                text=token.text,
                context=context,
                qualifiers=_qualifiers(token, context),
                slot=_slot(token) - content_keys(unit) - UNIT_KEYS,
            )
        )
    return found


def _slot(token: Token) -> frozenset[str]:
    """The words from a number up to the first verb above it, with that verb's subject."""
    words: list[Token] = []
    node = token
    while node.head.i != node.i and not node.tag_.startswith("VB"):
        node = node.head
        words.append(node)
    if node.tag_.startswith("VB"):
        words += [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
    return content_keys(" ".join(w.text for w in words))


def _window(token: Token, width: int = CONTEXT_WIDTH) -> SpacySpan:
    return token.doc[max(0, token.i - width) : token.i + width + 1]


def _context(token: Token) -> frozenset[str]:
    words = " ".join(t.text for t in _window(token) if t.i != token.i)
    return frozenset(content_keys(words)) - UNIT_KEYS


QUALIFYING_DEPS = frozenset({"amod", "compound", "npadvmod"})


def _qualifiers(token: Token, context: frozenset[str]) -> frozenset[tuple[str, str]]:
    """Each noun of the context with the words that narrow it ('economic' growth)."""
    pairs: set[tuple[str, str]] = set()
    for noun in _window(token):
        keys = content_keys(noun.text) & context
        if not keys or not noun.tag_.startswith("NN"):
            continue
        for child in noun.children:
            if child.dep_ in QUALIFYING_DEPS and child.i < noun.i:
                pairs |= {(k, q) for k in keys for q in content_keys(child.text)}
    return frozenset(pairs)


def _value(token: Token) -> float | None:
    lower = token.lower_.rstrip("%")
    if _NUMBER.match(lower):
        value = float(lower.replace(",", ""))
    elif lower in _WORD_NUMBERS:
        value = float(_WORD_NUMBERS[lower])
    else:
        return None
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in _SCALES:
        value *= _SCALES[following.lower_]
    return value


def _is_clock_time(token: Token) -> bool:
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and following.lower_.replace(".", "") in ("am", "pm", "gmt", "utc")


def _looks_like_year(token: Token, value: float) -> bool:
    return token.text.isdigit() and len(token.text) == 4 and 1800 <= value <= 2100


def _unit(token: Token) -> str:
    """What the number counts: the noun it modifies, or percent, or the nearest noun."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if token.text.endswith("%") or (following is not None and following.lower_ in _PERCENT):
        return "percent"
    if token.dep_ in ("nummod", "quantmod") and token.head.tag_.startswith("NN"):
        return _singular(token.head.lower_)
    for near in (doc[token.i + 1 : token.i + 3], reversed(doc[max(0, token.i - 3) : token.i])):
        for candidate in near:
            if candidate.tag_ in ("NN", "NNS"):
                return _singular(candidate.lower_)
    return "count"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def dates_in(clause: Span, dates: Sequence[DateMention]) -> dict[str, str]:
    """Date key to how the clause writes it: resolved dates where annotate gave them
    ("2026-03-10" for "Tuesday"), else the weekday, month and clock-time words."""
    resolved = {
        _date_key(d.value_start.isoformat(), d.value_end.isoformat()): f"{d.text} ({d.value_start})"
        for d in dates
        if d.start < clause.end and d.end > clause.start
    }
    if resolved:
        return resolved
    words = {
        m.group(0).lower().replace(".", "").replace(":00", "").replace(" ", ""): m.group(0)
        for m in _DATE_WORD.finditer(clause.text)
    }  # one key for '6:00 p.m.' and '6 pm'
    may = _MAY.search(clause.text)
    if may:
        words["may"] = may.group(0)
    return dict(sorted(words.items()))


def _date_key(start: str, end: str) -> str:
    return start if start == end else f"{start}/{end}"
