"""Story comparisons for the UI: read from the store, else computed by the compare stage
and stored; kept in memory per story.

A comparison is recomputed only when the story's fingerprint changes (a document is
added, moved, or re-processed, or the compare code changes), so repeated views of a story
cost a lookup, and a first view after a restart reads what ingest stored.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from parallax.models import (
    Annotations,
    Article,
    Assignment,
    Comparison,
    OutletCoverage,
    Parse,
    StorySummary,
)
from parallax.story_comparisons import stage_inputs

if TYPE_CHECKING:  # spaCy loads only when a comparison or an upload needs it
    from parallax.annotate import Annotator

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class StoryData:
    """A story's records, as loaded from the store for one request."""

    summary: StorySummary
    assignments: list[Assignment]
    articles: dict[str, Article]
    annotations: dict[str, Annotations] = field(default_factory=dict)
    outlet_names: dict[str, str] = field(default_factory=dict)
    """The publishers' names of its outlets, as stored (``Store.outlet_names``)."""

    def ordered_articles(self) -> list[Article]:
        """Oldest first, so columns and lists read in the order things were published."""
        earliest = datetime.min.replace(tzinfo=UTC)
        return sorted(
            self.articles.values(),
            key=lambda a: (a.published or earliest, a.outlet, a.doc_id),
        )


Comparer = Callable[[StoryData], Comparison]


def outline(story: StoryData) -> Comparison:
    """Who covered the story, without findings: shown when the compare stage is absent."""
    by_outlet: dict[str, list[Article]] = {}
    for article in story.ordered_articles():
        by_outlet.setdefault(article.outlet, []).append(article)
    copies = {a.doc_id for a in story.assignments if a.duplicate_of}
    return Comparison(
        story_id=story.summary.id,
        title=story.summary.title,
        outlets=[
            OutletCoverage(
                outlet=outlet,
                doc_ids=[a.doc_id for a in articles if a.doc_id not in copies],
                titles=[a.title or "" for a in articles if a.doc_id not in copies],
                copies=[a.doc_id for a in articles if a.doc_id in copies],
            )
            for outlet, articles in by_outlet.items()
        ],
        brief=[],
        findings=[],
        voices=[],
        naming=[],
        loaded=[],
        timeline=[],
    )


def stage_comparer(
    annotator: Callable[[], Annotator], parses: Callable[[list[str]], Mapping[str, Parse]]
) -> Comparer | None:
    """The compare stage's ``compare_story``, sharing the annotator's spaCy pipeline and
    reading annotate's stored ``parses`` so that bodies are not parsed again.

    The stage (and spaCy with it) is imported on the first comparison, so the server
    starts at once and pages that need no comparison never load it."""
    if importlib.util.find_spec("parallax.compare") is None:
        return None

    def run(story: StoryData) -> Comparison:
        compare_story = importlib.import_module("parallax.compare").compare_story
        documents = stage_inputs(story.assignments, story.articles, story.annotations)
        parsed = parses([a.doc_id for a in story.assignments])
        return compare_story(documents, story.summary.id, nlp=annotator().nlp, parsed=parsed)

    return run


@dataclass(frozen=True)
class Compared:
    comparison: Comparison
    note: str | None = None


def compare_safely(comparer: Comparer, story: StoryData) -> Compared:
    """A story the compare stage fails on still gets its outline, with the reason noted."""
    try:
        return Compared(comparer(story))
    except Exception as exc:  # one story the stage cannot handle must not break the page
        log.exception("comparing story %s failed", story.summary.id)
        return Compared(outline(story), f"The comparison failed: {exc}")


class VersionedCache(Generic[T]):
    """Least-recently-used values per story, valid while the story's fingerprint holds.

    Holds what is derived from a story alone (its comparison, its page view), so repeated
    views cost a fingerprint query instead of a recomputation.
    """

    def __init__(
        self,
        size: int = 256,
        max_age: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.max_age = max_age
        self.clock = clock
        self._entries: OrderedDict[str, tuple[str, float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, fingerprint: str, compute: Callable[[], T]) -> T:
        with self._lock:
            entry = self._entries.get(key)
            if entry and entry[0] == fingerprint and not self._expired(entry[1]):
                self._entries.move_to_end(key)
                return entry[2]
        value = compute()
        with self._lock:
            self._entries[key] = (fingerprint, self.clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def _expired(self, stored: float) -> bool:
        return self.max_age is not None and self.clock() - stored > self.max_age

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
