"""Geometry for the small server-side SVG charts; templates draw it, escaping all text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from parallax.models import TimelineEntry, Voice

ROW = 20
LABEL_WIDTH = 190
BAR_WIDTH = 280
VALUE_WIDTH = 40


@dataclass(frozen=True)
class BarRow:
    label: str
    value: int
    href: str | None = None
    header: bool = False


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None
    header: bool
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    title: str
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def bar_chart(title: str, rows: Sequence[BarRow]) -> BarChart:
    """Horizontal bars scaled to the largest value; header rows name a group."""
    top = max((r.value for r in rows if not r.header), default=0) or 1
    bars = [
        Bar(
            label=row.label,
            value=row.value,
            href=row.href,
            header=row.header,
            y=i * ROW,
            width=0 if row.header else max(2, round(BAR_WIDTH * row.value / top)),
        )
        for i, row in enumerate(rows)
    ]
    return BarChart(
        title=title,
        width=LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        height=max(ROW, len(bars) * ROW),
        label_width=LABEL_WIDTH,
        bars=bars,
    )


def speaker_chart(voices: Sequence[Voice], per_outlet: int = 6) -> BarChart:
    """Speakers per outlet: each outlet's most quoted voices under its name."""
    rows: list[BarRow] = []
    by_outlet: dict[str, list[Voice]] = {}
    for voice in voices:
        by_outlet.setdefault(voice.outlet, []).append(voice)
    for outlet, outlet_voices in by_outlet.items():
        rows.append(BarRow(label=outlet, value=0, header=True))
        ranked = sorted(outlet_voices, key=lambda v: (-v.quotes, v.speaker))[:per_outlet]
        rows.extend(
            BarRow(label=v.speaker + (" *" if v.only_here else ""), value=v.quotes) for v in ranked
        )
    return bar_chart("Quotes per speaker, by outlet (* quoted by this outlet only)", rows)


@dataclass(frozen=True)
class Span1D:
    x: int
    width: int
    y: int
    label: str
    href: str | None
    text: str = ""
    """A short visible label (the date as the article wrote it) beside the bar."""
    text_x: int = 0
    text_end: bool = False
    """Whether the label ends at ``text_x`` (left of the bar) rather than starts there."""


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: int
    ticks: list[tuple[int, str]]
    events: list[Span1D]
    publications: list[Span1D]
    outlets: list[tuple[int, str]]
    outside: list[tuple[str, list[str | None]]]
    """Dates mentioned far from the story's days: listed, not drawn (a 1961 anniversary
    would squeeze the news week into a pixel)."""


STORY_MARGIN = timedelta(days=21)
"""How far before the first and after the last publication a mentioned date is drawn."""
MAX_DRAWN_SPAN = timedelta(days=31)
"""Longer ranges ('this year', 'the 1990s') are listed, not drawn: one would stretch the
axis over the whole range and squeeze the news days into a sliver."""


def timeline_chart(
    entries: Sequence[TimelineEntry],
    publications: Sequence[tuple[datetime, str, str]],
    hrefs: Sequence[str | None] = (),
) -> Timeline:
    """Dated events (ranges as bars) above an axis, publications per outlet below it, on
    the story's days: events far outside them are listed in ``outside``."""
    width, left, right = 720, 150, 50
    published = [p.date() for p, _, _ in publications]
    low = min(published, default=None)
    high = max(published, default=None)

    def near(start: date, end: date) -> bool:
        if end - start > MAX_DRAWN_SPAN:
            return False
        if low is None or high is None:
            return True
        return end >= low - STORY_MARGIN and start <= high + STORY_MARGIN

    links = [hrefs[i] if i < len(hrefs) else None for i in range(len(entries))]
    dated = [
        (e.start, e.end or e.start, e.text, href)
        for e, href in zip(entries, links, strict=True)
        if e.start is not None
    ]  # an entry whose date is unknown has no place on the axis (the list says so)
    drawn = [d for d in dated if near(d[0], d[1])]
    outside: dict[str, list[str | None]] = {}
    for start, end, _, href in dated:
        if not near(start, end):
            outside.setdefault(_day_label(start, end), []).append(href)
    days = [d for start, end, _, _ in drawn for d in (start, end)] + published
    if not days:
        return Timeline(width, 40, 20, [], [], [], [], list(outside.items()))
    first, last = min(days), max(days)
    span = max(1, (last - first).days + 1)

    def x(day: date) -> int:
        return left + round((width - left - right) * (day - first).days / span)

    day_width = max(3, round((width - left - right) / span))
    events = [
        Span1D(
            x=x(start),
            width=max(day_width, x(end + timedelta(days=1)) - x(start)),
            y=8 + i * 16,
            label=f"{start:%d %b %Y}: {text}",
            href=href,
            text=_short(text.partition(": ")[0].split(" (")[0]),
            text_x=x(start) - 4 if x(start) > width / 2 else x(end + timedelta(days=1)) + 4,
            text_end=x(start) > width / 2,
        )
        for i, (start, end, text, href) in enumerate(drawn)
    ]
    axis_y = 16 + len(events) * 16
    outlets = sorted({outlet for _, outlet, _ in publications})
    publication_marks = [
        Span1D(
            x=x(when.date()),
            width=day_width,
            y=axis_y + 22 + outlets.index(outlet) * 16,
            label=f"{outlet}, {when:%d %b %Y %H:%M}",
            href=href,
        )
        for when, outlet, href in publications
    ]
    step = max(1, span // 6)
    label = "%d %b" if span <= 300 else "%b %Y"
    ticks = [
        (x(first + timedelta(days=d)), f"{first + timedelta(days=d):{label}}")
        for d in range(0, span, step)
    ]
    return Timeline(
        width=width,
        height=axis_y + 30 + len(outlets) * 16,
        axis_y=axis_y,
        ticks=ticks,
        events=events,
        publications=publication_marks,
        outlets=[(axis_y + 31 + i * 16, outlet) for i, outlet in enumerate(outlets)],
        outside=list(outside.items()),
    )


def _day_label(start: date, end: date) -> str:
    """'2022' for a whole year, 'May 2022' for a month, else the day."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start:%Y}"
    if start.day == 1 and (end + timedelta(days=1)).day == 1 and start.month == end.month:
        return f"{start:%B %Y}"
    return f"{start:%d %b %Y}"


def _short(text: str, length: int = 24) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
