"""The pipeline end to end: seeds and examples in, stories out; interrupted runs resume."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from conftest import EXAMPLES, SEEDS
from parallax.annotate import Annotator
from parallax.ingest import read_paths
from parallax.models import RawDocument
from parallax.pipeline import IngestReport, Outcome, ingest
from parallax.store import Store

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds not present")


@needs_seeds
def test_seeds_are_stored_once(store: Store, annotator: Annotator) -> None:
    first = ingest(read_paths([SEEDS]), store, annotator=annotator)
    again = ingest(read_paths([SEEDS]), store, annotator=annotator)
    assert len(first.added) == 2 and not first.errors
    assert again.added == [] and sorted(again.unchanged) == sorted(first.added)
    stats = store.stats()
    assert stats["documents"] == stats["articles"] == stats["annotated"] == 2
    for doc_id in first.added:
        assert store.assignment(doc_id) is not None
        assert "Putin" in (store.article(doc_id) or pytest.fail("no article")).body


def test_examples_make_stories_across_outlets(store: Store, annotator: Annotator) -> None:
    report = ingest(read_paths([EXAMPLES]), store, annotator=annotator)
    assert not report.errors
    assert len(report.added) == 11
    stories = store.stories()
    # examples/README.md: story A has three outlets and a syndicated copy, B and C three
    # outlets each, D one; the copy's outlet is no outlet of story A.
    assert [s.size for s in stories] == [4, 3, 3, 1]
    assert [len(s.outlets) for s in stories] == [3, 3, 3, 1]


def test_interrupted_ingest_resumes_without_duplicates(
    tmp_path: Path, annotator: Annotator
) -> None:
    db = tmp_path / "resume.db"
    everything = [o for o in read_paths([EXAMPLES]) if isinstance(o, RawDocument)]
    seen: list[str] = []

    def interrupt_after_three(outcome: Outcome, status: str) -> None:
        seen.append(status)
        if seen.count("added") == 3:
            raise KeyboardInterrupt

    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest(everything, store, annotator=annotator, batch_size=4, progress=interrupt_after_three)
    with Store(db) as store:
        assert store.stats()["documents"] == 3
        report = ingest(everything, store, annotator=annotator)
        assert len(report.added) == len(everything) - 3
        assert len(report.unchanged) == 3
        stats = store.stats()
    assert stats["documents"] == stats["articles"] == stats["annotated"] == len(everything)


SYNDICATED = (
    "The harbour authority of Velmora closed the north pier on Tuesday after a crane "
    "toppled onto the quay, injuring two dock workers, the authority's spokesman Ivo "
    "Brandt said.\n\nRepairs will take at least three weeks, he said."
)


def test_one_text_from_two_outlets_is_two_documents_the_later_a_copy(
    tmp_path: Path, store: Store, annotator: Annotator
) -> None:
    for outlet in ("first.example", "second.example"):
        (tmp_path / f"{outlet}__pier.txt").write_text(SYNDICATED, encoding="utf-8")
    paths = [tmp_path / "first.example__pier.txt", tmp_path / "second.example__pier.txt"]
    first = ingest(read_paths(paths), store, annotator=annotator)
    again = ingest(read_paths(paths), store, annotator=annotator)
    assert len(first.added) == 2 and not first.errors
    assert again.added == [] and sorted(again.unchanged) == sorted(first.added)
    original, copy = (store.assignment(doc_id) for doc_id in first.added)
    assert original is not None and copy is not None
    assert copy.duplicate_of == original.doc_id and original.duplicate_of is None
    assert copy.story_id == original.story_id


def _stored(store: Store) -> dict[str, object]:
    ids = store.document_ids()
    return {
        "assignments": sorted(a.model_dump_json() for a in store.assignments()),
        "articles": [store.article(i) for i in ids],
        "annotations": [store.annotations(i) for i in ids],
    }


@pytest.fixture(scope="module")
def in_one_process(
    annotator: Annotator, tmp_path_factory: pytest.TempPathFactory
) -> tuple[IngestReport, dict[str, object]]:
    with Store(tmp_path_factory.mktemp("one") / "one.db") as one:
        alone = ingest(read_paths([EXAMPLES]), one, annotator=annotator, batch_size=2)
        return alone, _stored(one)


@pytest.mark.parametrize("thread_running", [False, True], ids=["forked", "fork-server"])
def test_two_annotating_workers_store_what_one_process_does(
    tmp_path: Path,
    annotator: Annotator,
    in_one_process: tuple[IngestReport, dict[str, object]],
    thread_running: bool,
) -> None:
    """Workers are forked from this process, sharing its model, while it runs one thread;
    beside another thread, from a server process that loads its own."""
    if not thread_running and threading.active_count() > 1:
        pytest.skip("another thread runs in this test process, so workers are not forked")
    alone, in_one = in_one_process
    loaded_here: list[Annotator] = []

    def make_annotator() -> Annotator:
        loaded_here.append(annotator)
        return annotator

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    if thread_running:
        other.start()
    try:
        with Store(tmp_path / "two.db") as two:
            everything = read_paths([EXAMPLES])
            shared = ingest(everything, two, batch_size=2, workers=2, make_annotator=make_annotator)
            in_two = _stored(two)
    finally:
        stop.set()
        if thread_running:
            other.join()
    assert not alone.errors and not shared.errors
    assert shared.added == alone.added and len(alone.added) == 11
    assert in_two == in_one
    assert len(loaded_here) == (0 if thread_running else 1)  # the model the forks share
