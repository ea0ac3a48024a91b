"""The Spark job, submitted with spark-submit to a standalone cluster on loopback, against
the single-machine pipeline on the same corpus: same documents, cleaned bodies,
annotations, parses and stories, in Parquet and once loaded into a database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parallax.annotate import Annotator
from parallax.cli import app
from parallax.ingest import read_paths
from parallax.models import Assignment, IngestError
from parallax.pipeline import IngestReport, ingest
from parallax.store import Store

pytestmark = pytest.mark.spark

# Small batches, so that an outlet's boilerplate is learned within this small corpus
# (ingest reads what an outlet repeats from the documents of earlier batches).
BATCH = 2


def grouping(assignments: list[Assignment]) -> set[frozenset[str]]:
    """Stories as sets of document ids, whatever their ids."""
    stories: dict[str, set[str]] = {}
    for a in assignments:
        stories.setdefault(a.story_id, set()).add(a.doc_id)
    return {frozenset(docs) for docs in stories.values()}


def contents(store: Store) -> dict[str, Any]:
    """Everything the stages stored, keyed by document id."""
    ids = sorted(store.document_ids())
    return {
        "documents": {i: store.document(i) for i in ids},
        "articles": {i: store.article(i) for i in ids},
        "annotations": {i: store.annotations(i) for i in ids},
        "assignments": {i: store.assignment(i) for i in ids},
    }


@pytest.fixture(scope="module")
def single(
    spark_corpus: Path, annotator: Annotator, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Store, IngestReport]:
    store = Store(tmp_path_factory.mktemp("single") / "single.db")
    report = ingest(read_paths([spark_corpus]), store, annotator=annotator, batch_size=BATCH)
    return store, report


@pytest.fixture(scope="module")
def job(cluster: Any, spark_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``parallax spark`` submitted to the cluster; its --json report as a ``JobReport``."""
    from parallax.spark import JobReport

    output = tmp_path_factory.mktemp("job") / "out"
    options = ["--partitions", "2", "--batch-size", str(BATCH), "--json"]
    done = cluster.submit(["--input", str(spark_corpus), "--output", str(output), *options])
    assert done.returncode == 1, (done.stdout, cluster.log_tail())  # 1: the corpus has errors
    report, _ = json.JSONDecoder().raw_decode(done.stdout)  # py4j may log a line after it
    errors = [IngestError(**error) for error in report.pop("errors")]
    return JobReport(**report, errors=errors)


@pytest.fixture(scope="module")
def loaded(job: Any, tmp_path_factory: pytest.TempPathFactory) -> Store:
    from parallax.spark import load_output

    store = Store(tmp_path_factory.mktemp("loaded") / "loaded.db")
    report = load_output(Path(job.output), store)
    assert len(report.added) == job.documents
    return store


def test_job_ran_on_both_workers_executors(job: Any, cluster: Any) -> None:
    """Not local mode: the master lists the finished application, and each worker ran an
    executor of it in a process of its own (each has the executor's log folder)."""
    (application,) = cluster.state()["completedapps"]
    assert application["state"] == "FINISHED"
    for worker in range(2):
        assert list((cluster.folder / f"worker-{worker}" / application["id"]).iterdir())


def test_parquet_output_equals_single_machine(job: Any, single: tuple[Store, IngestReport]) -> None:
    from parallax.spark.load import read_output
    from parallax.spark.tables import ASSIGNMENTS

    store, report = single
    rows = list(read_output(Path(job.output)))
    assert [raw.id for raw, *_ in rows] == report.added  # same documents, in ingest order
    assert len(rows) >= 5
    for raw, article, notes, _features, parse in rows:
        assert raw == store.document(raw.id)
        assert article == store.article(raw.id)
        assert notes == store.annotations(raw.id)
        assert parse == store.parses_for([raw.id])[raw.id]
    import pyarrow.parquet as pq

    written = pq.read_table(Path(job.output) / ASSIGNMENTS).to_pylist()
    assignments = [Assignment(**{k: v for k, v in r.items() if k != "position"}) for r in written]
    assert grouping(assignments) == grouping(store.assignments())
    assert job.stories == len(grouping(store.assignments())) < job.documents


def test_outlet_boilerplate_is_learned_in_input_order(
    job: Any, single: tuple[Store, IngestReport]
) -> None:
    """The last Courier pages are cleaned with the lines the first ones repeated."""
    from parallax.spark.load import read_output

    store, _ = single
    courier = [a for _, a, *_ in read_output(Path(job.output)) if a.outlet.startswith("riverside")]
    learned = [a for a in courier if any(r.reason == "outlet-boilerplate" for r in a.removed)]
    assert learned, "the corpus should make ingest learn the Courier's furniture"
    assert learned == [store.article(a.doc_id) for a in learned]
    assert courier[0] not in learned


def test_errors_are_those_of_single_machine(job: Any, single: tuple[Store, IngestReport]) -> None:
    _, report = single
    assert sorted(job.errors, key=str) == sorted(report.errors, key=str)
    assert any("malformed JSON" in e.reason for e in job.errors)


def test_loaded_database_equals_single_machine(
    loaded: Store, single: tuple[Store, IngestReport]
) -> None:
    store, report = single
    assert contents(loaded) == contents(store)
    assert loaded.stats() == store.stats()
    assert loaded.parses_for(report.added) == store.parses_for(report.added) != {}


def test_loading_twice_adds_nothing(job: Any, loaded: Store) -> None:
    from parallax.spark import load_output

    before = contents(loaded)
    again = load_output(Path(job.output), loaded)
    assert again.added == []
    assert len(again.unchanged) == job.documents
    assert contents(loaded) == before


def test_load_joins_the_stories_already_stored(
    job: Any, spark_corpus: Path, annotator: Annotator, tmp_path: Path
) -> None:
    """Into a database that has stories, loading is ingesting the rest."""
    from parallax.spark import load_output

    first = spark_corpus / "feeds" / "older"
    with Store(tmp_path / "ingested.db") as expected, Store(tmp_path / "loaded.db") as store:
        ingest(read_paths([first]), expected, annotator=annotator, batch_size=BATCH)
        ingest(read_paths([spark_corpus]), expected, annotator=annotator, batch_size=BATCH)
        ingest(read_paths([first]), store, annotator=annotator, batch_size=BATCH)
        report = load_output(Path(job.output), store)
        assert len(report.unchanged) == 1
        assert contents(store) == contents(expected)


def test_hadoop_uri_input_reads_the_same_documents(
    spark: Any, spark_corpus: Path, job: Any, tmp_path: Path
) -> None:
    """A file:// URI goes through Hadoop's listing; the walk order must match."""
    from parallax.spark import run_job
    from parallax.spark.load import read_output

    report = run_job(
        spark, [spark_corpus.as_uri()], str(tmp_path / "out"), partitions=2, batch_size=BATCH
    )
    by_uri = [(raw.id, raw.source) for raw, *_ in read_output(tmp_path / "out")]
    by_path = [(raw.id, raw.source) for raw, *_ in read_output(Path(job.output))]
    assert [i for i, _ in by_uri] == [i for i, _ in by_path]
    assert all(source.startswith("file:/") for _, source in by_uri)
    assert report.stories == job.stories


def test_existing_output_is_refused(spark: Any, spark_corpus: Path, job: Any) -> None:
    from parallax.spark.job import JobError, run_job

    with pytest.raises(JobError, match="already exists"):
        run_job(spark, [str(spark_corpus)], job.output)


def test_load_command(job: Any, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    first = CliRunner().invoke(app, ["load", job.output, "--db", str(db), "--json"])
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(app, ["load", job.output, "--db", str(db)])
    assert second.exit_code == 0
    assert "0 added" in second.output


def test_load_refuses_a_folder_that_is_no_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "no complete Parquet table" in result.output
