"""A page of the story list is ranked in SQL: the same stories, in the same order, as
the whole list cut at that place (largest first, then most recently published)."""

from __future__ import annotations

from datetime import UTC, datetime

from parallax.models import Article, Assignment, RawDocument
from parallax.store import Store


def _save(store: Store, doc_id: str, story: str, day: int | None, outlet: str) -> None:
    store.save(
        RawDocument(id=doc_id, source=f"{doc_id}.txt", format="text", content="x", outlet=outlet),
        Article(
            doc_id=doc_id,
            outlet=outlet,
            title=f"Report {doc_id}",
            body=f"Report {doc_id}.",
            published=datetime(2026, 3, day, tzinfo=UTC) if day else None,
        ),
        assignment=Assignment(doc_id=doc_id, story_id=story),
    )


def test_a_page_is_the_whole_list_cut_at_its_place(store: Store) -> None:
    sizes = {"a": 3, "b": 1, "c": 2, "d": 2, "e": 1, "f": 2}
    days = {"a": 4, "b": 9, "c": None, "d": 7, "e": 2, "f": 7}  # f and d tie: by id
    n = 0
    for story, size in sizes.items():
        for k in range(size):
            n += 1
            _save(store, f"doc{n:02d}", story, days[story], "wire.example" if k else "post.example")
    whole = [s.id for s in store.find_stories()]
    assert whole == ["a", "d", "f", "c", "b", "e"]
    for offset, limit in [(0, 2), (1, 3), (4, 5), (6, 1)]:
        page = store.find_stories(limit=limit, offset=offset)
        assert [s.id for s in page] == whole[offset : offset + limit]
    wire = [s.id for s in store.find_stories(outlet="wire.example")]
    assert wire == ["a", "d", "f", "c"]
    assert [s.id for s in store.find_stories(outlet="wire.example", limit=2, offset=1)] == wire[1:3]
    assert (
        store.find_stories(limit=2, offset=1)[0].size == 2
    )  # the whole story, not the page's rows
