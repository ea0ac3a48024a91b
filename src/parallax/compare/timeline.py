"""The timeline: every date of the story with its sentence, earliest first.

Relative days ("Thursday", "last week") are resolved at annotate time against each
article's publication date. An article without one cannot resolve them on its own;
when it shares its story with dated articles it takes the story's day (the one most
of them were published on, among those its own dates fit: ``dates.fits``), and its
entries say so (``reference="story"``). Where no day fits, or the story has none, its
relative days are listed with their dates unknown (``reference="unknown"``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from parallax.annotate.dates import find_dates, fits, relative_dates
from parallax.compare.story import StoryDocument
from parallax.models import DateMention, TimelineEntry, TimelineReference

UNKNOWN = date.max
"""Where undated entries sort: after every dated one."""


def story_day(document: StoryDocument, days: Sequence[date]) -> date | None:
    """The day an undated article of the story was most likely written: among the
    publication days of the story's dated articles that its own dates fit, the most
    common (the earliest of equals); None when it is dated or none fits."""
    if document.article.published is not None:
        return None
    counts = Counter(day for day in days if fits(document.article.body, day))
    if not counts:
        return None
    return min(counts, key=lambda day: (-counts[day], day))


def timeline(documents: Sequence[StoryDocument]) -> list[TimelineEntry]:
    """Every resolved date with the sentence it comes from, earliest first, one per
    date and sentence; an undated article's relative days resolved against the story's
    day, or listed as unknown."""
    days = [d.article.published.date() for d in documents if d.article.published is not None]
    entries: dict[tuple[str, int, date | str], TimelineEntry] = {}
    for document in documents:
        for entry in _entries(document, story_day(document, days)):
            key = (document.doc_id, entry.evidence.sentence.start, entry.start or entry.text)
            entries.setdefault(key, entry)
    return sorted(
        entries.values(),
        key=lambda e: (e.start or UNKNOWN, e.end or UNKNOWN, e.evidence.outlet, e.text),
    )


def _entries(document: StoryDocument, day: date | None) -> Iterable[TimelineEntry]:
    if document.article.published is not None:
        yield from _dated(document, document.annotations.dates, "article")
        return
    body = document.article.body
    if day is not None:
        relative = {(s.start, s.end) for s in relative_dates(body)}
        for mention in find_dates(body, day):
            story = (mention.start, mention.end) in relative
            yield from _dated(document, [mention], "story" if story else "article")
        return
    yield from _dated(document, document.annotations.dates, "article")
    resolved = {(m.start, m.end) for m in document.annotations.dates}
    for span in relative_dates(body):
        if (span.start, span.end) in resolved:
            continue
        sentence = document.sentence_at(span.start)
        yield TimelineEntry(
            start=None,
            end=None,
            text=f"{span.text} (date unknown: the article is undated): {sentence.text}",
            evidence=document.evidence(sentence),
            reference="unknown",
        )


def _dated(
    document: StoryDocument, mentions: Iterable[DateMention], reference: TimelineReference
) -> Iterable[TimelineEntry]:
    note = " (day taken from the story: the article is undated)" if reference == "story" else ""
    for mention in mentions:
        sentence = document.sentence_at(mention.start)
        yield TimelineEntry(
            start=mention.value_start,
            end=mention.value_end,
            text=f"{mention.text}{note}: {sentence.text}",
            evidence=document.evidence(sentence),
            reference=reference,
        )
