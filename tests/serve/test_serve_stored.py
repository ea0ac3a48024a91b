"""Stored comparisons behind the story page: a first view after a restart reads what
ingest stored, and a missing or stale comparison is made once, then stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest
from fastapi.testclient import TestClient

import parallax.compare as compare_stage
from parallax.annotate import Annotator
from parallax.compare.parses import clear_cache
from parallax.store import Store
from parallax.story_comparisons import comparison_key

ClientFactory = Callable[..., TestClient]


@pytest.fixture
def stage_calls(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The stories the compare stage is run on, counted."""
    calls: list[str | None] = []
    real = compare_stage.compare_story

    def counting(documents: Any, story_id: str | None = None, **options: Any) -> Any:
        calls.append(story_id)
        return real(documents, story_id, **options)

    monkeypatch.setattr(compare_stage, "compare_story", counting)
    return calls


def _fresh(store: Store, story_id: str) -> Any:
    return store.comparison(story_id, comparison_key(store.story_fingerprint(story_id)))


def test_ingest_stores_a_fresh_comparison_of_every_story(news_db: Path) -> None:
    with Store(news_db) as store:
        stored = {story_id: _fresh(store, story_id) for story_id in store.story_ids()}
    assert stored and all(stored.values())
    ferry = next(c for c in stored.values() if len(c.outlets) == 2)
    assert ferry.findings, "the two ferry reports were compared"


def test_first_view_after_a_restart_reads_the_stored_comparison(
    news_db: Path, make_client: ClientFactory, stage_calls: list[str | None]
) -> None:
    client = make_client(news_db)  # a new app: nothing in memory
    with Store(news_db) as store:
        for story_id in store.story_ids():
            assert client.get(f"/stories/{story_id}").status_code == 200
            shown = client.get(f"/api/stories/{story_id}").json()["comparison"]
            assert shown == _fresh(store, story_id).model_dump(mode="json")
    assert stage_calls == []


def test_a_stale_comparison_is_made_again_and_stored(
    news_copy: str, make_client: ClientFactory, stage_calls: list[str | None]
) -> None:
    db = news_copy
    with Store(db) as store:
        story_id = next(s for s in store.story_ids() if len(store.story_assignments(s)) == 2)
        doc_id = store.story_assignments(story_id)[0].doc_id
        notes = store.annotations(doc_id)
        assert notes is not None
        store.update(annotations=notes.model_copy(update={"quotes": []}))  # annotate re-run
        assert _fresh(store, story_id) is None
        assert make_client(db).get(f"/stories/{story_id}").status_code == 200
        assert stage_calls == [story_id]
        assert _fresh(store, story_id) is not None
    make_client(db).get(f"/stories/{story_id}")  # after a restart: read, not made again
    assert stage_calls == [story_id]


def test_a_failed_comparison_is_shown_but_not_stored(
    hostile_db: Path, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_options: Any) -> Any:
        raise RuntimeError("stage broke")

    monkeypatch.setattr(compare_stage, "compare_story", broken)
    page = make_client(hostile_db).get("/stories/hostile-story")
    assert page.status_code == 200 and "stage broke" in page.text
    with Store(hostile_db) as store:
        assert store.comparison_fingerprints() == {}


def test_a_page_compares_from_the_parses_annotate_stored(
    news_copy: str,
    make_client: ClientFactory,
    annotator: Annotator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = news_copy
    with Store(db) as store:
        story_id = next(s for s in store.story_ids() if len(store.story_assignments(s)) == 2)
        doc_ids = [a.doc_id for a in store.story_assignments(story_id)]
        assert set(store.parses_for(doc_ids)) == set(doc_ids)
        store.forget_comparisons([story_id])
    clear_cache()

    def no_parsing(*_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError("a body was parsed again although annotate stored its parse")

    monkeypatch.setattr(annotator.nlp, "pipe", no_parsing)
    page = make_client(db).get(f"/stories/{story_id}")
    assert page.status_code == 200 and "The comparison failed" not in page.text
    with Store(db) as store:
        assert _fresh(store, story_id) is not None
