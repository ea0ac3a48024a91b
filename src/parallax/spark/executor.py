"""What runs on the executors: the readers, clean, annotate and the stories stage's
per-document features, per partition.

These call the single-machine stage code itself; nothing here re-implements a stage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from itertools import groupby, islice
from pathlib import Path
from typing import NamedTuple, cast

from pyspark.rdd import portable_hash

from parallax.annotate import Annotator
from parallax.ingest.readers import read_path
from parallax.models import Annotations, Article, IngestError, Parse, RawDocument
from parallax.pipeline import IngestReport, Outcome, annotate_batch, clean_batch, outlet_line_keys
from parallax.spark.inputs import InputFile, file_key
from parallax.spark.tables import Order
from parallax.store import Store
from parallax.stories import Clusterer
from parallax.stories.settings import StorySettings


class Processed(NamedTuple):
    """One input record after the stages: a stored document, or why it is not one."""

    order: Order
    raw: RawDocument | None = None
    article: Article | None = None
    annotations: Annotations | None = None
    features: bytes | None = None
    error: IngestError | None = None
    parse: Parse | None = None


@cache
def shared_annotator() -> Annotator:
    """The spaCy model, loaded once per Python worker; Spark reuses workers across tasks."""
    return Annotator()


@cache
def shared_featurizer(settings: StorySettings) -> Clusterer:
    """Only its ``features`` is used: one document at a time, as ingest computes them."""
    return Clusterer(settings)


def read_file(
    item: tuple[str, bytes], files: Mapping[str, InputFile], max_bytes: int
) -> Iterator[tuple[Order, Outcome]]:
    """The records of one file from ``binaryFiles``, numbered in the order the reader yields."""
    uri, data = item
    entry = files[file_key(uri)]
    path = Path(entry.name)
    for number, outcome in enumerate(read_path(path, max_bytes, data)):
        yield (entry.index, number), _named(outcome, str(path), entry.name)


def _named(outcome: Outcome, shown: str, name: str) -> Outcome:
    """A URI as source, where ``Path`` would have folded 'hdfs://' into 'hdfs:/'."""
    if shown == name or not outcome.source.startswith(shown):
        return outcome
    return outcome.model_copy(update={"source": name + outcome.source[len(shown) :]})


def dedup_key(item: tuple[Order, Outcome]) -> tuple[str, tuple[Order, Outcome]]:
    """Copies of one document meet under its id; each error stays on its own."""
    order, outcome = item
    if isinstance(outcome, RawDocument):
        return outcome.id, item
    return f"error:{order[0]}:{order[1]}", item


def first_seen(one: tuple[Order, Outcome], other: tuple[Order, Outcome]) -> tuple[Order, Outcome]:
    """Ingest keeps the first copy it reads and skips the rest."""
    return one if one[0] <= other[0] else other


class OutletLines:
    """The store's per-outlet line counts, kept in memory for the documents of the
    outlets one task cleans: the two methods the pipeline's cleaning calls on a store."""

    def __init__(self) -> None:
        self.docs: dict[str, Counter[str]] = {}
        self.counted: set[str] = set()

    def outlet_boilerplate(self, outlet: str, min_documents: int) -> frozenset[str]:
        counts = self.docs.get(outlet, Counter())
        return frozenset(key for key, n in counts.items() if n >= min_documents)

    def count_outlet_lines(self, outlet: str, doc_id: str, keys: Iterable[str]) -> bool:
        if doc_id in self.counted:
            return False
        self.counted.add(doc_id)
        self.docs.setdefault(outlet, Counter()).update(set(keys))
        return True


CleanKey = tuple[str, Order, str]
ToClean = tuple[CleanKey, tuple[int, RawDocument]]


def clean_key(item: tuple[Order, RawDocument], batch_of: Callable[[Order], int]) -> ToClean:
    """Sorted by outlet, then input order; carries the ingest batch the document falls in."""
    order, raw = item
    return (raw.outlet, order, raw.id), (batch_of(order), raw)


def outlet_partition(key: CleanKey) -> int:
    """An outlet's documents in one task (it learns their boilerplate in order); documents
    of no known outlet learn nothing and spread by id."""
    outlet, _, doc_id = key
    return portable_hash(doc_id if outlet == "unknown" else outlet)


def clean_partition(items: Iterable[ToClean], time_limit: float | None) -> Iterator[Processed]:
    """The pipeline's cleaning, one outlet's ingest batch at a time, in input order, so
    each document is cleaned with the boilerplate its outlet had shown before it."""
    lines = OutletLines()
    runs = groupby(items, key=lambda item: (item[0][0], item[1][0]))
    for _, run in runs:
        order_of: dict[str, Order] = {}
        raws = []
        for (_, order, _), (_, raw) in run:
            order_of[raw.source] = order
            raws.append(raw)
        report = IngestReport()
        store = cast(Store, lines)  # only the two line-count methods are used
        cleaned = clean_batch(raws, report, _quiet, time_limit, store)
        for raw, article in cleaned:  # counted after the batch, as ingest counts at save
            keys = outlet_line_keys(raw, article)
            if keys is not None:
                lines.count_outlet_lines(raw.outlet, raw.id, keys)
        for raw, article in cleaned:
            yield Processed(order_of[raw.source], raw, article)
        for error in report.errors:
            yield Processed(order_of[error.source], error=error)


def annotate_partition(
    items: Iterable[Processed], batch_size: int, settings: StorySettings, time_limit: float | None
) -> Iterator[Processed]:
    """Annotate in batches and compute the story features, as ingest does; errors
    from cleaning pass through."""
    iterator = iter(items)
    while batch := list(islice(iterator, batch_size)):
        yield from (p for p in batch if p.error is not None)
        order_of = {p.raw.source: p.order for p in batch if p.raw is not None}
        report = IngestReport()
        cleaned = [(p.raw, p.article) for p in batch if p.raw is not None and p.article is not None]
        annotator = shared_annotator()
        annotated = (
            annotate_batch(annotator, cleaned, report, _quiet, time_limit) if cleaned else []
        )
        for error in report.errors:
            yield Processed(order_of[error.source], error=error)
        featurizer = shared_featurizer(settings)
        for raw, article, notes, parse in annotated:
            features = featurizer.features(article, notes)
            yield Processed(order_of[raw.source], raw, article, notes, features, parse=parse)


def _quiet(_outcome: Outcome, _status: str) -> None:
    """Errors are gathered in the report; nobody watches an executor's progress."""
