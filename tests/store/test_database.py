"""The store keeps documents once, whole, and answers what the CLI and UI ask."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from parallax.models import (
    Annotations,
    Article,
    Assignment,
    Comparison,
    Entity,
    Mention,
    RawDocument,
)
from parallax.store import Store, StoreError
from parallax.store.migrations import MIGRATIONS


def raw(doc_id: str, outlet: str = "coastwire.example") -> RawDocument:
    return RawDocument(id=doc_id, source=f"{doc_id}.txt", format="text", content="x", outlet=outlet)


def article(doc_id: str, body: str, day: int) -> Article:
    return Article(
        doc_id=doc_id,
        outlet="coastwire.example",
        title=f"Title {doc_id}",
        body=body,
        published=datetime(2026, 3, day, tzinfo=UTC),
    )


def test_schema_is_migrated_once(database: str, backend: str) -> None:
    Store(database).close()
    with Store(database) as store, store.read() as conn:
        versions = conn.execute(text("SELECT version FROM schema_version")).scalars().all()
        if backend == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert versions == list(range(1, len(MIGRATIONS) + 1))


def test_save_is_idempotent(store: Store) -> None:
    assert store.save(raw("aa11"), article("aa11", "Dam holds.", 1))
    assert not store.save(raw("aa11"), article("aa11", "Dam holds.", 1))
    assert store.stats()["documents"] == 1
    assert store.stats()["articles"] == 1


def test_save_is_all_or_nothing(store: Store) -> None:
    bad = Annotations(
        doc_id="bb22",
        entities=[Entity(id="PERSON:a", name="A", label="PERSON")],
        mentions=[Mention(start=0, end=1, text="A", label="PERSON", entity_id="PERSON:a")],
    )
    wrong_story = Assignment(doc_id="zz99", story_id="s", score=1.0)  # unknown document: FK fails
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        store.save(raw("bb22"), article("bb22", "Body.", 2), bad, wrong_story)
    assert store.stats() == {k: 0 for k in store.stats()}


def test_prefix_lookup(store: Store) -> None:
    store.save(raw("abc123"))
    store.save(raw("abd456"))
    assert store.document("abc").id == "abc123"
    with pytest.raises(StoreError, match="ambiguous"):
        store.document("ab")
    with pytest.raises(StoreError, match="no document"):
        store.document("ff")


def test_stories_ranked_by_size_then_recency(store: Store) -> None:
    for doc_id, story, day, outlet in [
        ("d1", "old", 1, "a.example"),
        ("d2", "old", 2, "b.example"),
        ("d3", "new", 9, "a.example"),
        ("d4", "lone", 20, "c.example"),
    ]:
        store.save(
            raw(doc_id, outlet),
            article(doc_id, f"Body {doc_id}.", day),
            assignment=Assignment(doc_id=doc_id, story_id=story, score=0.5),
        )
    stories = store.stories()
    assert [s.id for s in stories] == ["old", "lone", "new"]
    assert stories[0].outlets == ["a.example", "b.example"]
    assert stories[0].first is not None and stories[0].first.day == 1
    assert store.story_documents("old") == ["d1", "d2"]


def test_full_text_search_ignores_diacritics(store: Store) -> None:
    store.save(raw("s1"), article("s1", "Margit Jönsson raised the rate.", 1))
    store.save(raw("s2"), article("s2", "The dam held overnight.", 2))
    assert store.search("jonsson") == ["s1"]
    assert store.search("dam") == ["s2"]
    assert store.search('"') == []
    assert store.search("\x00") == []
    assert store.search("dam\x00 held") == ["s2"]


def test_search_words_are_letter_and_digit_runs_on_every_backend(store: Store) -> None:
    store.save(
        raw("w1"), article("w1", "Read harbourpost.example on covid-19 and Zelenskyy's trip.", 1)
    )
    store.save(raw("w2"), article("w2", "Ferry_crews struck; the dam-wall held in 2026.", 2))
    assert store.search("harbourpost") == ["w1"]
    assert store.search("covid 19") == ["w1"]
    assert store.search("covid-19") == ["w1"]
    assert store.search("zelenskyy") == ["w1"]
    assert store.search("ferry crews") == ["w2"]
    assert store.search("wall 2026") == ["w2"]
    assert store.search("wall-dam") == []  # a word is the phrase of its tokens, in order
    assert store.search("-dam OR ferry") == []  # no query syntax is obeyed
    assert sorted(store.search("title")) == ["w1", "w2"]
    assert store.search("dam crews") == ["w2"]
    assert store.search("dam zelenskyy") == []


def test_mentions_are_counted_per_surface(store: Store) -> None:
    entity = Entity(id="GPE:turkey", name="Turkey", label="GPE")
    mentions = [
        Mention(start=0, end=7, text="Türkiye", label="GPE", entity_id=entity.id),
        Mention(start=10, end=17, text="Türkiye", label="GPE", entity_id=entity.id),
    ]
    store.save(
        raw("m1"),
        article("m1", "Türkiye / Türkiye", 1),
        Annotations(doc_id="m1", entities=[entity], mentions=mentions),
    )
    assert store.stats()["entities"] == 1
    assert store.annotations("m1") == Annotations(doc_id="m1", entities=[entity], mentions=mentions)


def test_unopenable_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store(tmp_path / "missing-dir" / "x.db")


def test_unreachable_server_is_a_clear_error_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://reader:s3cret@/news?host={tmp_path}"
    with pytest.raises(StoreError, match="cannot open database postgresql") as failed:
        Store(url)
    assert "s3cret" not in str(failed.value)


def _comparison(story_id: str, title: str) -> Comparison:
    return Comparison(
        story_id=story_id,
        title=title,
        outlets=[],
        brief=[],
        findings=[],
        voices=[],
        naming=[],
        loaded=[],
        timeline=[],
    )


def test_stored_comparison_is_given_back_only_while_fresh(store: Store) -> None:
    for doc_id, story in [("aa11", "s1"), ("bb22", "s2")]:
        store.save(
            raw(doc_id),
            article(doc_id, "Dam holds.", 1),
            None,
            Assignment(doc_id=doc_id, story_id=story),
        )
    assert store.story_ids() == ["s1", "s2"]
    assert store.comparison("s1", "fp1") is None
    store.save_comparison(_comparison("s1", "first"), "fp1")
    found = store.comparison("s1", "fp1")
    assert found is not None and found.title == "first"
    assert store.comparison("s1", "fp2") is None  # stale: made from something else
    store.save_comparison(_comparison("s1", "second"), "fp2")  # replaces, never duplicates
    assert store.comparison("s1", "fp1") is None
    assert store.comparison("s1", "fp2").title == "second"  # type: ignore[union-attr]
    store.save_comparison(_comparison("s2", "other"), "fp9")
    assert store.comparison_fingerprints() == {"s1": "fp2", "s2": "fp9"}
    store.forget_comparisons(["s1"])
    assert store.comparison_fingerprints() == {"s2": "fp9"}
    with pytest.raises(ValueError, match="story id"):
        store.save_comparison(_comparison("", "none"), "fp")
