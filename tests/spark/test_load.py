"""``parallax load`` takes turns with ingests under the story lock, as ingest does, so a
load beside an ingest makes the stories one ingest of both makes. The documents are
loaded as a job's output carries them (no Spark or Java needed here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES
from parallax.annotate import Annotator
from parallax.ingest import read_paths
from parallax.models import RawDocument
from parallax.pipeline import ingest
from parallax.store import Store, StoreError
from parallax.store.locks import story_lock

pytest.importorskip("pyspark", reason="parallax.spark needs the 'spark' extra (pyspark)")

from parallax.spark.load import Loaded, store_loaded


def corpus() -> list[RawDocument]:
    return [o for o in read_paths([EXAMPLES]) if isinstance(o, RawDocument)]


def stories(store: Store) -> set[frozenset[str]]:
    return {frozenset(store.story_documents(s)) for s in store.story_ids()}


def as_job_output(store: Store) -> list[Loaded]:
    """Every stored document with what the stages made of it, in ingest order: what a
    job's Parquet tables hold for it."""
    found: list[Loaded] = []
    for assignment, features in store.story_features():
        doc_id = assignment.doc_id
        article, notes = store.article(doc_id), store.annotations(doc_id)
        assert article is not None and notes is not None and features is not None
        parse = store.parses_for([doc_id]).get(doc_id)
        found.append((store.document(doc_id), article, notes, features, parse))
    return found


@pytest.fixture(scope="module")
def one_ingest(
    annotator: Annotator, tmp_path_factory: pytest.TempPathFactory
) -> tuple[set[frozenset[str]], list[Loaded]]:
    """The stories of one ingest of the corpus, and its documents as a job's output."""
    with Store(tmp_path_factory.mktemp("one") / "one.db") as store:
        ingest(corpus(), store, annotator=annotator)
        return stories(store), as_job_output(store)


def test_a_load_waits_for_the_story_lock_another_writer_holds(
    tmp_path: Path, one_ingest: tuple[set[frozenset[str]], list[Loaded]]
) -> None:
    _, loaded = one_ingest
    database = tmp_path / "held.db"
    with Store(database) as holder, Store(database, busy_timeout=0.2) as loader:
        with story_lock(holder), pytest.raises(StoreError, match="another ingest held"):
            store_loaded(loaded, loader)
        assert loader.stats()["documents"] == 0
        report = store_loaded(loaded, loader)  # the lock free again
        assert len(report.added) == len(loaded) and stories(loader) == one_ingest[0]


def test_a_load_catches_up_on_what_an_ingest_stored_meanwhile(
    tmp_path: Path, annotator: Annotator, one_ingest: tuple[set[frozenset[str]], list[Loaded]]
) -> None:
    expected, loaded = one_ingest
    raws = {raw.id: raw for raw in corpus()}
    database = tmp_path / "both.db"

    def job_output() -> Iterator[Loaded]:
        """The load's half; the ingest of the other half runs once the load has begun."""
        mine = loaded[1::2]
        yield mine[0]
        with Store(database) as other:
            ingest([raws[item[0].id] for item in loaded[0::2]], other, annotator=annotator)
        yield from mine[1:]

    with Store(database) as store:
        report = store_loaded(job_output(), store)
        assert len(report.added) == len(loaded[1::2])
        assert stories(store) == expected
