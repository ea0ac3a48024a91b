"""What the pages and the API both show, read from the store in one place."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from parallax.models import Annotations, StorySummary
from parallax.outlets import UNKNOWN, name_stories, reader_names, stored_name
from parallax.render.headline import titled
from parallax.serve.comparisons import (
    Compared,
    Comparer,
    StoryData,
    VersionedCache,
    compare_safely,
    outline,
    stage_comparer,
)
from parallax.serve.schemas import (
    DocumentDetail,
    DocumentSummary,
    EntityDetail,
    EntitySummary,
    OutletDetail,
    OutletSummary,
    SpeakerCount,
    StoryDetail,
    SurfaceForm,
)
from parallax.serve.settings import Settings
from parallax.serve.story_view import StoryPage, build_story_page
from parallax.store import Store, StoreError
from parallax.story_comparisons import comparison_key

if TYPE_CHECKING:
    from parallax.annotate import Annotator

log = logging.getLogger(__name__)
T = TypeVar("T")
OVERVIEW_MAX_AGE = 10.0
"""Seconds a whole-database answer (story list, outlets) may be reused."""
ENTITY_POOL = 5000
"""Entities a name search looks through, the most mentioned first."""
NO_COMPARE_NOTE = "The compare stage is not installed: only the outlets are shown."


@dataclass(frozen=True)
class StoryFilters:
    query: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    entity: str | None = None

    def active(self) -> bool:
        return any((self.query, self.outlet, self.since, self.until, self.entity))


def _day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min) if day else None


class Site:
    """The store, the settings and the comparison cache, shared by all requests."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        annotator: Callable[[], Annotator],
        comparer: Comparer | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        stage = None if comparer else stage_comparer(annotator, store.parses_for)
        self.compare_installed = (comparer or stage) is not None
        self.comparer: Comparer = comparer or stage or outline
        self.stored = stage is not None
        """Whether comparisons are read from and written to the store: only the compare
        stage's own, never those of a comparer given in its place."""
        self.comparisons: VersionedCache[Compared] = VersionedCache(settings.cache_size)
        self.pages: VersionedCache[StoryPage] = VersionedCache(settings.cache_size)
        self.rendered: VersionedCache[str] = VersionedCache(settings.cache_size)
        self.overview: VersionedCache[Any] = VersionedCache(
            settings.cache_size, max_age=OVERVIEW_MAX_AGE
        )

    def _whole(self, key: str, compute: Callable[[], T]) -> T:
        """Answers over the whole database, kept until anything in it is written."""
        return self.overview.get(key, self.store.data_version(), compute)

    def stories(
        self, filters: StoryFilters, offset: int = 0, limit: int | None = None
    ) -> list[StorySummary]:
        return self._whole(
            f"stories:{filters!r}:{offset}:{limit}",
            lambda: self.listed(
                self.store.find_stories(
                    query=filters.query or None,
                    outlet=filters.outlet or None,
                    since=_day_start(filters.since),
                    until=_day_start(filters.until + timedelta(days=1)) if filters.until else None,
                    entity_id=self.entity_id(filters.entity) if filters.entity else None,
                    offset=offset,
                    limit=limit,
                )
            ),
        )

    def listed(self, stories: list[StorySummary]) -> list[StorySummary]:
        """Stories as lists show them: neutral titles, outlets by their names."""
        stored = self.store.outlet_names({o for s in stories for o in s.outlets})
        return name_stories(titled(stories), stored)

    def story_data(self, story_id: str, names: dict[str, str] | None = None) -> StoryData:
        names = self.store.outlet_names(story_id=story_id) if names is None else names
        [summary] = name_stories(titled([self.store.story(story_id)]), names)
        assignments = self.store.story_assignments(story_id)
        doc_ids = [a.doc_id for a in assignments]
        return StoryData(
            summary=summary,
            assignments=assignments,
            articles=self.store.articles_for(doc_ids),
            annotations=self.store.annotations_for(doc_ids),
            outlet_names=names,
        )

    def _compared(self, story: StoryData, key: str) -> Compared:
        """The stored comparison when fresh; otherwise computed now and stored, so the
        next first view (after a restart too) is fast. Storing is best effort: a page
        is not refused because another process held the write lock."""
        if self.stored and (found := self.store.comparison(story.summary.id, key)):
            return Compared(found)
        compared = compare_safely(self.comparer, story)
        if self.stored and compared.note is None:
            try:
                self.store.save_comparison(compared.comparison, key)
            except StoreError:
                log.warning("could not store the comparison of %s", story.summary.id)
        return compared

    def story_detail(
        self, story_id: str, names: dict[str, str] | None = None
    ) -> tuple[StoryData, StoryDetail]:
        fingerprint = self.store.story_fingerprint(story_id)
        key = comparison_key(fingerprint) if self.stored else fingerprint
        story = self.story_data(story_id, names)
        compared = self.comparisons.get(story_id, key, lambda: self._compared(story, key))
        placement = {a.doc_id: a for a in story.assignments}
        documents = [
            DocumentSummary(
                id=article.doc_id,
                outlet=article.outlet,
                outlet_name=story.outlet_names.get(article.outlet),
                title=article.title,
                published=article.published,
                story_id=story_id,
                duplicate_of=placement[article.doc_id].duplicate_of,
            )
            for article in story.ordered_articles()
        ]
        detail = StoryDetail(
            story=story.summary,
            documents=documents,
            comparison=compared.comparison,
            comparison_note=compared.note or (None if self.compare_installed else NO_COMPARE_NOTE),
            outlet_names=reader_names(
                (c.outlet for c in compared.comparison.outlets), story.outlet_names
            ),
        )
        return story, detail

    def _story_version(self, story_id: str) -> tuple[str, dict[str, str]]:
        """What a story page is made from: its fingerprint and its outlets' names."""
        names = self.store.outlet_names(story_id=story_id)
        return f"{self.store.story_fingerprint(story_id)}:{sorted(names.items())}", names

    def _view(self, story_id: str, version: str, names: dict[str, str]) -> StoryPage:
        return self.pages.get(
            story_id, version, lambda: build_story_page(*self.story_detail(story_id, names))
        )

    def story_page(self, story_id: str) -> StoryPage:
        """The story page's view, rebuilt only when the story or its outlets' names change."""
        return self._view(story_id, *self._story_version(story_id))

    def story_html(self, story_id: str, render: Callable[[StoryPage], str]) -> str:
        """The story page as HTML, rendered once per version of the story: a warm view
        costs two small queries, not a 300 KB template render."""
        version, names = self._story_version(story_id)
        return self.rendered.get(
            story_id, version, lambda: render(self._view(story_id, version, names))
        )

    def document(self, doc_id: str) -> DocumentDetail:
        raw = self.store.document(doc_id)
        article = self.store.article(raw.id)
        assignment = self.store.assignment(raw.id)
        return DocumentDetail(
            document=DocumentSummary(
                id=raw.id,
                outlet=raw.outlet,
                outlet_name=stored_name(raw.outlet, self.store.outlet_names([raw.outlet]))
                or raw.outlet_name,
                title=(article.title if article else None) or raw.title,
                published=(article.published if article else None) or raw.published,
                story_id=assignment.story_id if assignment else None,
                duplicate_of=assignment.duplicate_of if assignment else None,
            ),
            article=article,
            annotations=self.store.annotations(raw.id),
            raw=raw,
        )

    def entities(self, limit: int = 100) -> list[EntitySummary]:
        return self._whole(
            f"entities:{limit}",
            lambda: [
                EntitySummary(entity=entity, documents=count)
                for entity, count in self.store.entities(limit)
            ],
        )

    def find_entities(self, query: str, limit: int = 100) -> list[EntitySummary]:
        """Entities whose name or id holds the words typed, most mentioned first."""
        wanted = query.casefold().split()
        return [
            e
            for e in self.entities(ENTITY_POOL)
            if all(w in f"{e.entity.name} {e.entity.id}".casefold() for w in wanted)
        ][:limit]

    def entity_id(self, text: str) -> str:
        """An entity id, or the id of the most mentioned entity with that name: the story
        filter takes what a reader types as well as an id."""
        if ":" in text:
            return text
        named = [
            e for e in self.entities(ENTITY_POOL) if e.entity.name.casefold() == text.casefold()
        ]
        return named[0].entity.id if named else text

    def entity(self, entity_id: str) -> EntityDetail:
        return EntityDetail(
            entity=self.store.entity(entity_id),
            forms=entity_forms(self.store.entity_forms(entity_id)),
            stories=self.listed(self.store.find_stories(entity_id=entity_id)),
        )

    def outlets(self) -> list[OutletSummary]:
        def listed() -> list[OutletSummary]:
            names = self.store.outlet_names()
            return [
                OutletSummary(
                    outlet=outlet,
                    name=stored_name(outlet, names),
                    documents=documents,
                    stories=stories,
                )
                for outlet, documents, stories in self.store.outlet_coverage()
            ]

        return self._whole("outlets", listed)

    def outlet(self, outlet: str, voices: int = 20) -> OutletDetail:
        summary = next((o for o in self.outlets() if o.outlet == outlet), None)
        if summary is None:
            raise StoreError(f"no outlet named {outlet!r}")
        return OutletDetail(
            outlet=summary,
            stories=self.listed(self.store.find_stories(outlet=outlet)),
            voices=speaker_counts(self.store.outlet_annotations(outlet))[:voices],
        )


def entity_forms(rows: list[tuple[str, str, str, int]]) -> list[SurfaceForm]:
    """Forms per outlet; the documents of an unknown outlet each count as their own."""
    counts: Counter[tuple[str, str | None, str]] = Counter()
    for outlet, doc_id, surface, n in rows:
        counts[(outlet, doc_id if outlet == UNKNOWN else None, surface)] += n
    return [
        SurfaceForm(outlet=outlet, document=doc_id, surface=surface, mentions=n)
        for (outlet, doc_id, surface), n in sorted(
            counts.items(), key=lambda item: (item[0][0], item[0][1] or "", -item[1], item[0][2])
        )
    ]


def speaker_counts(annotations: list[Annotations]) -> list[SpeakerCount]:
    """Who an outlet quotes, most quoted first; unresolved speakers count by their words."""
    quotes: Counter[tuple[str, str | None]] = Counter()
    words: Counter[tuple[str, str | None]] = Counter()
    for record in annotations:
        names = {entity.id: entity.name for entity in record.entities}
        for quote in record.quotes:
            if quote.speaker_id and quote.speaker_id in names:
                key = (names[quote.speaker_id], quote.speaker_id)
            elif quote.speaker:
                key = (quote.speaker.text, None)
            else:
                continue
            quotes[key] += 1
            words[key] += len(quote.text.split())
    return [
        SpeakerCount(speaker=speaker, speaker_id=speaker_id, quotes=n, words=words[key])
        for key, n in sorted(quotes.items(), key=lambda item: (-item[1], item[0][0]))
        for speaker, speaker_id in [key]
    ]
