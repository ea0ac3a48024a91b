"""``parallax load``: a job's Parquet tables into the database, through the Store.

The tables are streamed in input order, part file by part file, so memory stays
bounded. Each new document is assigned to a story by the database's own clusterer
from the features the job computed, exactly as ``parallax ingest`` would assign it:
into an empty database this gives the job's own assignments, into one that holds
stories already the new documents join them. Documents already stored are skipped,
so loading twice adds nothing. Like ingest, a load takes turns with other writers
one batch at a time under the story lock, catching up on what they stored first, so
a load beside an ingest makes the stories one ingest of both would. The clusterer's
state is kept as ingest keeps it, so the next ingest does not replay what was loaded;
stories are compared later, by ``parallax compare --stories`` or on their page's first
view.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from pathlib import Path
from typing import Any

from parallax.models import Annotations, Article, Parse, RawDocument
from parallax.pipeline import batches, save_document
from parallax.spark.tables import (
    ANNOTATIONS,
    ARTICLES,
    DOCUMENT_FIELDS,
    DOCUMENTS,
    FEATURES,
    PARSES,
)
from parallax.store import Store
from parallax.store.locks import story_lock
from parallax.stories.features import DocFeatures
from parallax.stories.state import catch_up, load_clusterer, save_clusterer

_COLUMN_FIELDS = [name for name in DOCUMENT_FIELDS if name != "published"]

Loaded = tuple[RawDocument, Article, Annotations, bytes, Parse | None]
BATCH = 256  # documents stored per turn of the story lock


class LoadError(Exception):
    """The folder is not a job's output; the message says what is missing."""


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def load_output(directory: Path, store: Store) -> LoadReport:
    """Store every document of a job's output that the database does not hold yet."""
    return store_loaded(read_output(directory), store)


def store_loaded(loaded: Iterable[Loaded], store: Store) -> LoadReport:
    """Each document not stored yet, assigned to its story from the features it comes
    with, a batch per turn of the story lock."""
    report = LoadReport()
    clusterer = load_clusterer(store)
    for batch in batches(loaded, BATCH):
        with story_lock(store):  # another writer's documents come first, then this batch
            catch_up(store, clusterer)
            for raw, article, notes, features, parse in batch:
                if store.has_document(raw.id):
                    report.unchanged.append(raw.id)
                    continue
                assignment = clusterer.add_features(raw.id, DocFeatures.decode(features))
                moved = clusterer.take_changes()
                document = (raw, article, notes, parse)
                saved = save_document(store, document, assignment, features, moved)
                (report.added if saved else report.unchanged).append(raw.id)
    if report.added:
        with story_lock(store):
            save_clusterer(store, catch_up(store, clusterer))
    return report


def read_output(directory: Path) -> Iterator[Loaded]:
    """Each document with what the stages made of it, in input order (an output written
    before jobs kept annotate's parses has none: compare then parses)."""
    tables = zip(
        _rows(directory, DOCUMENTS),
        _rows(directory, ARTICLES),
        _rows(directory, ANNOTATIONS),
        _rows(directory, FEATURES),
        strict=True,
    )
    with_parses = (
        zip(tables, _rows(directory, PARSES), strict=True)
        if (directory / PARSES).exists()
        else zip(tables, repeat(None))
    )
    for (document, article, notes, features), parse in with_parses:
        raw = RawDocument(
            **{name: document[name] for name in _COLUMN_FIELDS},
            published=_aware(document["published"]),
        )
        ids = {article["doc_id"], notes["doc_id"], features["doc_id"]}
        if ids | ({parse["doc_id"]} if parse else set()) != {raw.id}:
            raise LoadError(f"{directory}: tables out of step at document {raw.id}")
        yield (
            raw,
            Article.model_validate_json(article["data"]),
            Annotations.model_validate_json(notes["data"]),
            features["data"],
            Parse(doc_id=raw.id, model=parse["model"], data=parse["data"])
            if parse and parse["data"] is not None
            else None,
        )


def _rows(directory: Path, table: str) -> Iterator[dict[str, Any]]:
    """A table's rows, part files in name order (the job writes each table sorted)."""
    import pyarrow.parquet as pq  # the 'spark' extra; imported here so the CLI loads without it

    folder = directory / table
    if not (folder / "_SUCCESS").exists():
        raise LoadError(f"{folder}: no complete Parquet table; is {directory} a job's output?")
    for part in sorted(folder.glob("part-*.parquet")):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=256):
            yield from batch.to_pylist()


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
