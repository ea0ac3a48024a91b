"""A near-duplicate copy is not an independent outlet of its story."""

from __future__ import annotations

from datetime import UTC, datetime

from parallax.models import Article, Assignment, RawDocument
from parallax.store import Store


def _save(store: Store, doc_id: str, outlet: str, duplicate_of: str | None = None) -> None:
    store.save(
        RawDocument(id=doc_id, source=f"{doc_id}.txt", format="text", content="x", outlet=outlet),
        Article(
            doc_id=doc_id,
            outlet=outlet,
            title="Dam gives way above Keldhaven",
            body=f"Report {doc_id}.",
            published=datetime(2026, 3, 2, tzinfo=UTC),
        ),
        assignment=Assignment(doc_id=doc_id, story_id="dam", duplicate_of=duplicate_of),
    )


def test_a_copys_outlet_is_not_an_outlet_of_the_story(store: Store) -> None:
    _save(store, "orig", "wire.example")
    _save(store, "own", "gazette.example")
    _save(store, "copy", "reposter.example", duplicate_of="orig")
    (story,) = store.stories()
    assert story.outlets == ["gazette.example", "wire.example"]
    assert story.size == 3
    assert store.story("dam").outlets == story.outlets
