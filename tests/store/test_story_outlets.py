"""Who a story's outlets are: a near-duplicate copy is not an independent outlet, each
unattributed document is a source of its own, and an outlet goes by its publisher's name."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from parallax.models import Article, Assignment, RawDocument
from parallax.store import Store
from parallax.store.migrations import MIGRATIONS


def _save(
    store: Store,
    doc_id: str,
    outlet: str,
    duplicate_of: str | None = None,
    name: str | None = None,
    story: str = "dam",
) -> None:
    store.save(
        RawDocument(
            id=doc_id,
            source=f"{doc_id}.txt",
            format="text",
            content="x",
            outlet=outlet,
            outlet_name=name,
        ),
        Article(
            doc_id=doc_id,
            outlet=outlet,
            title="Dam gives way above Keldhaven",
            body=f"Report {doc_id}.",
            published=datetime(2026, 3, 2, tzinfo=UTC),
        ),
        assignment=Assignment(doc_id=doc_id, story_id=story, duplicate_of=duplicate_of),
    )


def test_a_copys_outlet_is_not_an_outlet_of_the_story(store: Store) -> None:
    _save(store, "orig", "wire.example")
    _save(store, "own", "gazette.example")
    _save(store, "copy", "reposter.example", duplicate_of="orig")
    (story,) = store.stories()
    assert story.outlets == ["gazette.example", "wire.example"]
    assert story.size == 3
    assert store.story("dam").outlets == story.outlets


def test_each_unattributed_document_is_a_source_of_its_own(store: Store) -> None:
    _save(store, "aaaaaaaa11", "unknown")
    _save(store, "bbbbbbbb22", "unknown")
    _save(store, "cccccccc33", "unknown", duplicate_of="aaaaaaaa11")
    (story,) = store.stories()
    assert story.outlets == ["doc:aaaaaaaa", "doc:bbbbbbbb"]  # compare's labels


def test_an_outlet_goes_by_the_name_most_of_its_documents_give(store: Store) -> None:
    _save(store, "one", "gazette.example", name="The Gazette")
    _save(store, "two", "gazette.example", name="The Gazette", story="flood")
    _save(store, "three", "gazette.example", name="Gazette Online", story="flood")
    _save(store, "four", "wire.example", story="flood")
    assert store.outlet_names() == {"gazette.example": "The Gazette"}
    assert store.outlet_names(["wire.example"]) == {}
    assert store.outlet_names(story_id="dam") == {"gazette.example": "The Gazette"}


def test_a_database_of_the_last_version_gains_the_name_column(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        _save(store, "one", "gazette.example", name="The Gazette")
    with sqlite3.connect(path) as conn:  # back to the version before names were kept
        conn.execute("DROP INDEX ix_documents_outlet_name")
        conn.execute("ALTER TABLE documents DROP COLUMN outlet_name")
        conn.execute("DELETE FROM schema_version WHERE version = ?", (len(MIGRATIONS),))
    with Store(path) as store:
        assert store.document("one").outlet_name is None
        _save(store, "two", "gazette.example", name="The Gazette", story="flood")
        assert store.outlet_names() == {"gazette.example": "The Gazette"}
