"""The store queries behind the pages, and the per-story comparison cache."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from parallax.models import (
    Annotations,
    Article,
    Assignment,
    Comparison,
    Entity,
    Mention,
    Quote,
    RawDocument,
    Span,
)
from parallax.serve.comparisons import StoryData, VersionedCache, compare_safely
from parallax.serve.site import entity_forms, speaker_counts
from parallax.store import Store, StoreError


def _save(
    store: Store, n: int, outlet: str, story: str, day: int, body: str, entity: str = "GPE:oslo"
) -> str:
    doc_id = f"{n:016x}"
    published = datetime(2026, 5, day, 12, tzinfo=UTC)
    raw = RawDocument(id=doc_id, source=f"{n}.txt", format="text", content=body, outlet=outlet)
    article = Article(
        doc_id=doc_id, outlet=outlet, title=f"Title {n}", published=published, body=body
    )
    name = entity.split(":")[1].title()
    at = body.find(name)
    annotations = Annotations(
        doc_id=doc_id,
        entities=[Entity(id=entity, name=name, label="GPE")],
        mentions=[Mention(start=at, end=at + len(name), text=name, entity_id=entity, label="GPE")]
        if at >= 0
        else [],
    )
    store.save(raw, article, annotations, Assignment(doc_id=doc_id, story_id=story))
    return doc_id


@pytest.fixture
def filled(store: Store) -> Store:
    _save(store, 1, "a.example", "s1", 1, "Storm hits Oslo harbour.")
    _save(store, 2, "b.example", "s1", 2, "Oslo harbour storm closes port.")
    _save(store, 3, "b.example", "s2", 9, "Bergen opens a library.", "GPE:bergen")
    return store


def test_find_stories_filters_by_document(filled: Store) -> None:
    ids = lambda **kw: [s.id for s in filled.find_stories(**kw)]  # noqa: E731
    assert ids() == ["s1", "s2"]  # larger story first
    assert ids(outlet="a.example") == ["s1"]
    assert ids(outlet="b.example") == ["s1", "s2"]
    assert ids(query="library") == ["s2"]
    assert ids(entity_id="GPE:oslo") == ["s1"]
    assert ids(since=datetime(2026, 5, 2, tzinfo=UTC)) == ["s1", "s2"]
    assert ids(since=datetime(2026, 5, 3, tzinfo=UTC)) == ["s2"]
    assert ids(until=datetime(2026, 5, 2, tzinfo=UTC)) == ["s1"]
    assert ids(outlet="a.example", query="library") == []
    assert ids(limit=1, offset=1) == ["s2"]
    assert filled.story("s1").outlets == ["a.example", "b.example"]
    assert filled.stories() == filled.find_stories()
    with pytest.raises(StoreError):
        filled.story("nope")


def test_outlets_and_entities(filled: Store) -> None:
    assert filled.outlet_coverage() == [("b.example", 2, 2), ("a.example", 1, 1)]
    assert [(e.id, n) for e, n in filled.entities()] == [("GPE:oslo", 2), ("GPE:bergen", 1)]
    assert filled.entity_forms("GPE:oslo") == [
        ("a.example", f"{1:016x}", "Oslo", 1),
        ("b.example", f"{2:016x}", "Oslo", 1),
    ]
    assert filled.entity("GPE:bergen").name == "Bergen"
    with pytest.raises(StoreError):
        filled.entity("GPE:nowhere")


def test_fingerprint_follows_changes_to_the_story(filled: Store) -> None:
    before = filled.story_fingerprint("s1")
    assert filled.story_fingerprint("s1") == before
    article = filled.article(f"{1:016x}")
    assert article is not None
    filled.update(article=article.model_copy(update={"body": "Storm hits Oslo again."}))
    changed = filled.story_fingerprint("s1")
    assert changed != before
    _save(filled, 4, "c.example", "s1", 3, "Oslo storm, third report.")
    assert filled.story_fingerprint("s1") != changed
    assert filled.story_fingerprint("s2") == filled.story_fingerprint("s2")
    newest = filled.article(f"{4:016x}")
    assert newest is not None
    before_rerun = filled.story_fingerprint("s1")
    filled.update(article=newest.model_copy(update={"title": "Re-cleaned"}))
    assert filled.story_fingerprint("s1") != before_rerun  # the newest row re-written too


def test_data_version_moves_with_writes(filled: Store) -> None:
    before = filled.data_version()
    assert filled.data_version() == before
    annotations = filled.annotations(f"{1:016x}")
    assert annotations is not None
    filled.update(annotations=annotations)
    after_update = filled.data_version()
    assert after_update != before
    _save(filled, 5, "c.example", "s3", 4, "Tromso gets snow.")
    assert filled.data_version() != after_update


def test_cached_answers_expire_after_their_age() -> None:
    now = [0.0]
    cache: VersionedCache[float] = VersionedCache(max_age=10, clock=lambda: now[0])
    assert cache.get("k", "v", lambda: now[0]) == 0.0
    now[0] = 9.0
    assert cache.get("k", "v", lambda: now[0]) == 0.0
    now[0] = 11.0
    assert cache.get("k", "v", lambda: now[0]) == 11.0


def _story(store: Store, story_id: str) -> StoryData:
    assignments = store.story_assignments(story_id)
    return StoryData(
        summary=store.story(story_id),
        assignments=assignments,
        articles=store.articles_for([a.doc_id for a in assignments]),
    )


def test_cache_recomputes_only_when_the_story_changes() -> None:
    calls: list[str] = []

    def compute(key: str) -> Callable[[], str]:
        return lambda: calls.append(key) or f"{key}#{len(calls)}"

    cache: VersionedCache[str] = VersionedCache(size=1)
    assert cache.get("s1", "v1", compute("s1")) == "s1#1"
    assert cache.get("s1", "v1", compute("s1")) == "s1#1"
    assert cache.get("s1", "v2", compute("s1")) == "s1#2"
    cache.get("s2", "v1", compute("s2"))  # evicts s1: the cache holds one story
    assert cache.get("s1", "v2", compute("s1")) == "s1#4"
    assert calls == ["s1", "s1", "s2", "s1"]


def test_a_failing_comparison_falls_back_to_the_outline(filled: Store) -> None:
    def broken(story: StoryData) -> Comparison:
        raise ValueError("no statements")

    compared = compare_safely(broken, _story(filled, "s1"))
    assert compared.note is not None and "no statements" in compared.note
    assert [o.outlet for o in compared.comparison.outlets] == ["a.example", "b.example"]


def test_speaker_counts_rank_speakers_by_quotes() -> None:
    ann = Annotations(
        doc_id="d",
        entities=[Entity(id="PERSON:ann", name="Ann Lee", label="PERSON")],
        quotes=[
            Quote(start=0, end=9, text="one two three", kind="direct", speaker_id="PERSON:ann"),
            Quote(start=0, end=3, text="four", kind="direct", speaker_id="PERSON:ann"),
            Quote(
                start=0,
                end=3,
                text="five",
                kind="reported",
                speaker=Span(start=0, end=2, text="he"),
            ),
            Quote(start=0, end=3, text="nobody", kind="direct"),
        ],
    )
    counts = speaker_counts([ann])
    assert [(c.speaker, c.speaker_id, c.quotes, c.words) for c in counts] == [
        ("Ann Lee", "PERSON:ann", 2, 4),
        ("he", None, 1, 1),
    ]


def test_each_document_of_an_unknown_outlet_keeps_its_own_forms() -> None:
    rows = [
        ("unknown", "d1", "Zelensky", 1),
        ("unknown", "d2", "Zelenskyy", 4),
        ("a.example", "d3", "Zelensky", 1),
        ("a.example", "d4", "Zelensky", 2),
    ]
    forms = {(f.outlet, f.document, f.surface): f.mentions for f in entity_forms(rows)}
    assert forms == {
        ("a.example", None, "Zelensky"): 3,
        ("unknown", "d1", "Zelensky"): 1,
        ("unknown", "d2", "Zelenskyy"): 4,
    }
