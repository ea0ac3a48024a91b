"""Dates in the text, resolved against the article's publication date into ranges.

Rules (``published`` is the reference day):

- A weekday ("Thursday") is the nearest such day on or before publication, unless
  "next" precedes it or it speaks of the future (``is_future``: will, is to, set for,
  scheduled, expected to, ... in its clause, or in its sentence when its own clause
  has no past verb): then the nearest such day on or after (after, for "next").
- "last week" / "this week" / "next week" are Monday-Sunday weeks; months and years
  likewise ("last month" is the calendar month before publication).
- A month without a year ("in April") is in the publication year, or the year before
  when it is later than the publication month in a past context (the year after when
  it is earlier than it in a future context). A day and month works the same way.
- A year ("2022") is 1 January to 31 December. Absolute dates need no reference.
Without a publication date only absolute dates are resolved; the rest are skipped.
The original text is kept on each ``DateMention``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, timedelta

from parallax.models import DateMention, Span

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_REL = r"(?P<rel>last|this|next|past|previous|coming)"
_UNIT = r"(?P<unit>week|weekend|month|year)"

PATTERN = re.compile(
    # Every expression starts at a word boundary, tested once here rather than by each
    # alternative at every character (most of the time ``find_dates`` took).
    r"\b(?:"
    + "|".join(
        [
            rf"(?P<iso>{_YEAR.replace('year', 'iy')}-(?P<im>[01]\d)-(?P<id>[0-3]\d))\b",
            rf"{_DAY}\s+{_MONTH},?\s+{_YEAR.replace('year', 'y1')}\b",
            rf"{_MONTH.replace('month', 'm2')}\s+{_DAY.replace('day', 'd2')},?\s+{_YEAR.replace('year', 'y2')}\b",
            rf"{_DAY.replace('day', 'd3')}\s+{_MONTH.replace('month', 'm3')}\b",
            rf"{_MONTH.replace('month', 'm4')}\s+{_DAY.replace('day', 'd4')}\b(?![,:]?\d)",
            rf"{_MONTH.replace('month', 'm5')},?\s+{_YEAR.replace('year', 'y5')}\b",
            rf"(?:(?P<wrel>last|next|this)\s+)?{_WEEKDAY}\b",
            rf"(?i:{_REL}\s+{_UNIT}\b)",
            r"(?i:(?P<day_word>today|tonight|yesterday|tomorrow)\b)",
            rf"(?P<ctx>in|since|by|until|from|of|early|late|mid-|mid|during|last|next|this)\s+{_MONTH.replace('month', 'm6')}\b(?!,?\s+\d)",
            rf"(?<![$£€\d.,]){_YEAR.replace('year', 'y7')}\b(?![\d%]|,\d)",
        ]
    )
    + ")"
)
_FUTURE = re.compile(
    r"\b(will|'ll|shall|would|set to|set for|slated|scheduled|due to|due (?:in|at|on|for|back)|"
    r"(?:is|are) to|plans? to|planned|expected to|going to [a-z]+ |upcoming|later|next|tomorrow)\b",
    re.IGNORECASE,
)
_INTENDED = re.compile(
    r"\b(?:mull|consider|plan|intend|hope|want|aim|propose|threaten|promise|vow|pledge|prepare|"
    r"expect|weigh)\w*\s+(?:to|going|\w+ing)\b",
    re.IGNORECASE,
)
"""An intention before the date: "mulled going to Türkiye on Friday", "planned to meet
on Thursday". What is intended lies ahead of the time it was spoken of, whatever the
tense of the verb that intends it."""
_PAST = re.compile(
    r"\b(said|says|told|was|were|had|did|met|held|began|came|went|took|made|\w+ed)\b", re.IGNORECASE
)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$", re.IGNORECASE)
_FULL_STOP = r"(?<!\b\w)\.(?!\d)"
"""A full stop, not the dots of "6 a.m.", "U.S." or "3.5" (they end no clause)."""
_CLAUSE_BREAK = re.compile(rf"[!?\n,;:“”\"]|{_FULL_STOP}")
_SENTENCE_BREAK = re.compile(rf"(?:{_FULL_STOP}|[!?])\s|\n")


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a match (between punctuation or quote marks)."""
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, start - 200), start)]
    stop = _CLAUSE_BREAK.search(text, end)
    return text[starts[-1] if starts else 0 : stop.start() if stop else len(text)]


def _sentence(text: str, start: int, end: int) -> str:
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, start - 400), start)]
    stop = _SENTENCE_BREAK.search(text, end)
    return text[starts[-1] if starts else 0 : stop.start() if stop else len(text)]


def is_future(text: str, start: int, end: int) -> bool:
    """Whether a date speaks of what is still to come. An intention right before it
    ("mulled going to Türkiye on Friday", "planned to meet on Thursday"; not "who
    want to ban it said Monday") makes it future; else a past verb right before it ("said on Friday", "met Friday") makes it
    past; else a future marker in its clause
    (will, is to, set for, ...), else a past verb in its clause makes it past; else a
    future marker anywhere in its sentence ("The talks will resume, officials said, on
    Friday"; "the talks, which open on Friday, would be long"), though not a plan told
    in the past, which dates only its own clause ("After talks Sunday, he landed in
    Ankara and planned to meet Erdogan")."""
    clause = _clause(text, start, end)
    before = clause[: max(0, clause.rfind(text[start:end]))]
    intended = list(_INTENDED.finditer(before[-40:]))
    if intended and not _PAST.search(before[-40:][intended[-1].end() :]):
        return True
    if _PAST.search(before[-30:]):
        return False
    if _FUTURE.search(clause):
        return True
    if _PAST.search(clause):
        return False
    sentence = _sentence(text, start, end)
    return any(not _told_plan(sentence, m) for m in _FUTURE.finditer(sentence))


def _told_plan(sentence: str, marker: re.Match[str]) -> bool:
    """ "He planned to meet ...": a plan told in the past, unlike "talks are planned"."""
    return marker.group().lower() == "planned" and not _PASSIVE.search(sentence, 0, marker.start())


def _shift_year(month: int, pub: date, future: bool) -> int:
    if future and month < pub.month:
        return pub.year + 1
    if not future and month > pub.month:
        return pub.year - 1
    return pub.year


def _relative(rel: str, unit: str, pub: date) -> tuple[date, date]:
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit in {"week", "weekend"}:
        monday, sunday = _week_of(pub + timedelta(weeks=step))
        return (monday + timedelta(days=5), sunday) if unit == "weekend" else (monday, sunday)
    if unit == "month":
        month_index = pub.year * 12 + pub.month - 1 + step
        return _month_range(month_index // 12, month_index % 12 + 1)
    return date(pub.year + step, 1, 1), date(pub.year + step, 12, 31)


def _weekday(name: str, rel: str | None, pub: date, future: bool) -> date:
    target = WEEKDAYS[name.lower()]
    if rel == "next":
        return pub + timedelta(days=(target - pub.weekday()) % 7 or 7)
    if rel == "last":
        return pub - timedelta(days=(pub.weekday() - target) % 7 or 7)
    if future:
        return pub + timedelta(days=(target - pub.weekday()) % 7)
    return pub - timedelta(days=(pub.weekday() - target) % 7)


def _resolve(g: dict[str, str | None], pub: date | None, future: bool) -> tuple[date, date] | None:
    if g["iso"]:
        day = date(int(g["iy"] or 0), int(g["im"] or 0), int(g["id"] or 0))
        return day, day
    for d, m, y in (("day", "month", "y1"), ("d2", "m2", "y2")):
        if g[y]:
            day = date(int(g[y] or 0), MONTHS[(g[m] or "").lower()], int(g[d] or 0))
            return day, day
    if g["y5"]:
        return _month_range(int(g["y5"]), MONTHS[(g["m5"] or "").lower()])
    if g["y7"]:
        return date(int(g["y7"]), 1, 1), date(int(g["y7"]), 12, 31)
    if pub is None:
        return None
    for d, m in (("d3", "m3"), ("d4", "m4")):
        if g[d]:
            month = MONTHS[(g[m] or "").lower()]
            day = date(_shift_year(month, pub, future), month, int(g[d] or 0))
            return day, day
    if g["weekday"]:
        day = _weekday(g["weekday"], (g["wrel"] or "").lower() or None, pub, future)
        return day, day
    if g["rel"]:
        return _relative((g["rel"] or "").lower(), (g["unit"] or "").lower(), pub)
    if g["day_word"]:
        offset = {"yesterday": -1, "tomorrow": 1}.get((g["day_word"] or "").lower(), 0)
        day = pub + timedelta(days=offset)
        return day, day
    if g["m6"]:
        month = MONTHS[(g["m6"] or "").lower()]
        ctx = (g["ctx"] or "").lower()
        future = future or ctx == "next"
        year = pub.year + (1 if ctx == "next" else -1 if ctx == "last" else 0)
        if ctx not in {"next", "last"}:
            year = _shift_year(month, pub, future)
        return _month_range(year, month)
    return None


def _expressions(text: str) -> Iterator[tuple[re.Match[str], int]]:
    """Every date expression with where its shown text starts ("in April" shows "April")."""
    for match in PATTERN.finditer(text):
        groups = match.groupdict()
        start = match.start()
        if groups["m6"] and (groups["ctx"] or "").lower() not in {"last", "next", "this"}:
            start = match.start("m6")
        yield match, start


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in ``text`` that can be resolved, in text order."""
    found = []
    for match, start in _expressions(text):
        future = is_future(text, match.start(), match.end())
        try:
            resolved = _resolve(match.groupdict(), published, future)
        except ValueError:  # "31 February": not a date
            continue
        if resolved is None:
            continue
        found.append(
            DateMention(
                start=start,
                end=match.end(),
                text=text[start : match.end()],
                value_start=resolved[0],
                value_end=resolved[1],
            )
        )
    return found


def relative_dates(text: str) -> list[Span]:
    """The expressions that need a reference day ("Thursday", "last week", "in April"):
    what an undated article cannot resolve."""
    return [
        Span(start=start, end=match.end(), text=text[start : match.end()])
        for match, start in _expressions(text)
        if _is_relative(match.groupdict())
    ]


def fits(text: str, day: date) -> bool:
    """Whether ``text`` can have been written on ``day``: no date it tells as past
    ("signed on 16 May 2025") lies after it."""
    for match, _ in _expressions(text):
        groups = match.groupdict()
        if _is_relative(groups) or is_future(text, match.start(), match.end()):
            continue
        try:
            resolved = _resolve(groups, None, False)
        except ValueError:
            continue
        if resolved is not None and resolved[0] > day:
            return False
    return True


def _is_relative(groups: dict[str, str | None]) -> bool:
    return not any(groups[name] for name in ("iso", "y1", "y2", "y5", "y7"))
