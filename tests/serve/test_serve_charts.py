"""Geometry of the SVG pictures."""

from __future__ import annotations

from datetime import UTC, date, datetime

from parallax.models import Evidence, Span, TimelineEntry, Voice
from parallax.serve.charts import (
    BAR_WIDTH,
    BarRow,
    bar_chart,
    speaker_chart,
    timeline_chart,
)

EVIDENCE = Evidence(doc_id="d", outlet="a", sentence=Span(start=0, end=1, text="x"))


def test_bars_scale_to_the_largest_value() -> None:
    chart = bar_chart("t", [BarRow("a", 10), BarRow("b", 5), BarRow("c", 0)])
    assert [b.width for b in chart.bars] == [BAR_WIDTH, BAR_WIDTH // 2, 2]
    assert [b.y for b in chart.bars] == [0, 20, 40]
    assert chart.height == 60


def test_speaker_chart_groups_voices_under_their_outlet() -> None:
    voices = [
        Voice(outlet=o, speaker=s, speaker_id=None, quotes=q, words=1, only_here=h, evidence=[])
        for o, s, q, h in [("a", "Ann", 1, False), ("a", "Bo", 3, True), ("b", "Ann", 2, False)]
    ]
    bars = speaker_chart(voices).bars
    assert [(b.label, b.header) for b in bars] == [
        ("a", True),
        ("Bo *", False),
        ("Ann", False),
        ("b", True),
        ("Ann", False),
    ]


def test_timeline_orders_events_and_publications_by_date() -> None:
    entries = [
        TimelineEntry(start=date(2026, 1, 1), end=date(2026, 1, 1), text="a", evidence=EVIDENCE),
        TimelineEntry(start=date(2026, 1, 5), end=date(2026, 1, 9), text="b", evidence=EVIDENCE),
    ]
    published = [(datetime(2026, 1, 10, 9, tzinfo=UTC), "out", "#top")]
    chart = timeline_chart(entries, published, ["#e1", "#e2"])
    first, second = chart.events
    assert first.x < second.x < chart.publications[0].x
    assert second.width > first.width  # a five-day range is wider than one day
    assert [e.href for e in chart.events] == ["#e1", "#e2"]
    assert chart.publications[0].y > chart.axis_y
    assert timeline_chart([], []).events == []


def test_timeline_draws_the_story_days_and_lists_old_dates() -> None:
    entries = [
        TimelineEntry(
            start=date(1961, 8, 13), end=date(1961, 8, 13), text="old", evidence=EVIDENCE
        ),
        TimelineEntry(start=date(2026, 1, 8), end=date(2026, 1, 8), text="new", evidence=EVIDENCE),
    ]
    published = [(datetime(2026, 1, 10, 9, tzinfo=UTC), "out", "#top")]
    chart = timeline_chart(entries, published, ["#old", "#new"])
    assert [e.href for e in chart.events] == ["#new"]
    assert chart.outside == [("13 Aug 1961", ["#old"])]
    assert all("1961" not in label for _, label in chart.ticks)


def test_a_year_long_range_is_listed_not_drawn() -> None:
    year = TimelineEntry(
        start=date(2026, 1, 1), end=date(2026, 12, 31), text="y", evidence=EVIDENCE
    )
    day = TimelineEntry(start=date(2026, 3, 9), end=date(2026, 3, 9), text="d", evidence=EVIDENCE)
    chart = timeline_chart([year, day], [(datetime(2026, 3, 10, tzinfo=UTC), "out", "#top")])
    assert [e.label for e in chart.events] == ["09 Mar 2026: d"]
    assert chart.outside == [("2026", [None])]
