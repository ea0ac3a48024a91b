"""Ingests into one database at once make the stories one ingest makes, every document
is counted once, and a re-run compares what an interrupted run left uncompared."""

from __future__ import annotations

import threading
from pathlib import Path

from conftest import EXAMPLES
from parallax.annotate import Annotator
from parallax.ingest import read_paths
from parallax.models import RawDocument
from parallax.pipeline import IngestReport, ingest
from parallax.store import Store


def corpus() -> list[RawDocument]:
    return [o for o in read_paths([EXAMPLES]) if isinstance(o, RawDocument)]


def stories(store: Store) -> set[frozenset[str]]:
    return {frozenset(store.story_documents(s)) for s in store.story_ids()}


def at_once(db: Path, parts: list[list[RawDocument]], annotator: Annotator) -> list[IngestReport]:
    """Each part ingested by its own thread and Store, all started together."""
    reports: list[IngestReport] = [IngestReport() for _ in parts]
    start = threading.Barrier(len(parts))

    def run(index: int) -> None:
        with Store(db) as store:
            start.wait()
            reports[index] = ingest(parts[index], store, annotator=annotator, batch_size=2)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(parts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return reports


def test_two_ingests_of_halves_at_once_make_the_stories_of_one(
    tmp_path: Path, annotator: Annotator
) -> None:
    documents = corpus()
    with Store(tmp_path / "one.db") as store:
        ingest(documents, store, annotator=annotator)
        expected = stories(store)
    at_once(tmp_path / "two.db", [documents[0::2], documents[1::2]], annotator)
    with Store(tmp_path / "two.db") as store:
        assert stories(store) == expected


def test_the_same_documents_twice_at_once_are_each_counted_once(
    tmp_path: Path, annotator: Annotator
) -> None:
    documents = corpus()
    reports = at_once(tmp_path / "same.db", [documents, documents], annotator)
    for report in reports:
        assert sorted(report.added + report.unchanged) == sorted(d.id for d in documents)
    assert sorted(reports[0].added + reports[1].added) == sorted(d.id for d in documents)


def test_a_rerun_compares_the_stories_an_interrupted_run_left(
    tmp_path: Path, annotator: Annotator
) -> None:
    with Store(tmp_path / "crashed.db") as store:
        first = ingest(corpus(), store, annotator=annotator, compare=False)  # "killed" here
        assert first.added and store.comparison_fingerprints() == {}
        again = ingest(corpus(), store, annotator=annotator, compare=True)
        assert again.added == [] and not again.errors
        assert sorted(again.compared) == store.story_ids()
        assert store.stories_changed_since_compared() == []
