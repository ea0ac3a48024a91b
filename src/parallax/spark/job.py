"""The Spark job: files in, Parquet tables out, equal to what single-machine ingest stores.

Reading, cleaning, annotating and the stories stage's per-document features run on
the executors (``executor``). Copies of a
document meet in one shuffle keyed by its id, and the first in input order wins, as
in ingest. Story assignment then runs the stories stage's ``Clusterer`` on the
driver over the documents' features in input order: incremental clustering depends on order,
and replaying the order is what makes the stories the single-machine ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from parallax.ingest.readers import MAX_DOCUMENT_BYTES
from parallax.models import IngestError, RawDocument
from parallax.pipeline import DOCUMENT_TIME_LIMIT
from parallax.spark import executor
from parallax.spark.inputs import Plan, plan_inputs
from parallax.spark.tables import (
    ASSIGNMENT_SCHEMA,
    ASSIGNMENTS,
    COLUMNS,
    ERRORS,
    ORDER_COLUMNS,
    WIDE,
    Order,
    assignment_row,
    table_path,
    wide_row,
)
from parallax.stories import Clusterer
from parallax.stories.features import DocFeatures
from parallax.stories.settings import StorySettings


class JobError(Exception):
    """The job cannot start (the output exists, say); the message says why."""


@dataclass
class JobReport:
    output: str
    documents: int = 0
    stories: int = 0
    errors: list[IngestError] = field(default_factory=list)


def run_job(
    spark: SparkSession,
    inputs: Sequence[str],
    output: str,
    *,
    partitions: int | None = None,
    batch_size: int = 32,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    settings: StorySettings | None = None,
    time_limit: float | None = DOCUMENT_TIME_LIMIT,
) -> JobReport:
    """Run ingest, clean, annotate and stories over ``inputs``; write the tables to ``output``."""
    if _exists(spark, output):
        raise JobError(f"{output} already exists; give a new output folder")
    context = spark.sparkContext
    settings = settings or StorySettings()
    plan = plan_inputs(spark, inputs)
    files = plan.files
    partitions = partitions or 4 * context.defaultParallelism
    if files:
        contents = context.binaryFiles(
            ",".join(f.uri for f in files), minPartitions=min(len(files), partitions)
        )
    else:
        contents = context.emptyRDD()
    outcomes = contents.flatMap(
        partial(executor.read_file, files={f.key: f for f in files}, max_bytes=max_bytes)
    ).persist(StorageLevel.MEMORY_AND_DISK)
    per_file = outcomes.map(lambda item: item[0][0]).countByValue()
    batch_of = partial(_batch_of, offsets=_offsets(plan, per_file), batch_size=batch_size)
    firsts = (
        outcomes.union(context.parallelize(plan.unread, 1))
        .map(executor.dedup_key)
        .reduceByKey(executor.first_seen, numPartitions=partitions)
        .values()
    )
    unread = firsts.filter(lambda item: isinstance(item[1], IngestError)).map(
        lambda item: executor.Processed(item[0], error=item[1])
    )
    annotated = (
        firsts.filter(lambda item: isinstance(item[1], RawDocument))
        .map(partial(executor.clean_key, batch_of=batch_of))
        .repartitionAndSortWithinPartitions(partitions, partitionFunc=executor.outlet_partition)
        .mapPartitions(partial(executor.clean_partition, time_limit=time_limit))
        .map(lambda p: (p.order, p))
        .partitionBy(partitions)
        .values()
        .mapPartitions(
            partial(
                executor.annotate_partition,
                batch_size=batch_size,
                settings=settings,
                time_limit=time_limit,
            )
        )
    )
    rows = unread.union(annotated)
    # Cached before sorting, so the sort's sampling pass does not annotate twice.
    unsorted = spark.createDataFrame(rows.map(wide_row), WIDE).persist()
    outcomes.unpersist()
    # An orderBy would cut ``spark.sql.shuffle.partitions`` (200) ranges: as many tasks
    # for each table written and jobs for the driver's stream, whatever the input's size.
    wide = (
        unsorted.repartitionByRange(partitions, *ORDER_COLUMNS)
        .sortWithinPartitions(*ORDER_COLUMNS)
        .persist()
    )
    try:
        wide.count()  # fills the sorted cache; the unsorted one is then no longer needed
        unsorted.unpersist()
        for table, columns in COLUMNS.items():
            present = "error_source" if table == ERRORS else "id"
            wide.where(F.col(present).isNotNull()).select(
                *ORDER_COLUMNS, *(F.col(column).alias(name) for column, name in columns)
            ).write.parquet(table_path(output, table))
        features = wide.where(F.col("id").isNotNull()).select("id", "features")
        report = assign_stories(spark, features, output, settings)
        failed = wide.where(F.col("error_source").isNotNull()).select(
            "error_source", "error_reason"
        )
        report.errors = [IngestError(source=s, reason=r) for s, r in failed.collect()]
    finally:
        unsorted.unpersist()
        wide.unpersist()
    return report


def assign_stories(
    spark: SparkSession, features: DataFrame, output: str, settings: StorySettings
) -> JobReport:
    """The stories stage's incremental clustering, in input order, on the driver.

    Only the compact features travel to the driver; the MinHash LSH blocking and the
    scoring within blocks are the ``Clusterer``'s own.
    """
    clusterer = Clusterer(settings)
    for doc_id, data in features.toLocalIterator():
        clusterer.add_features(doc_id, DocFeatures.decode(data))
    assignments = [  # once all are in: a later document may move an earlier one
        assignment_row(position, clusterer.assignment(doc_id))
        for position, doc_id in enumerate(clusterer.doc_ids)
    ]
    slices = max(1, len(assignments) // 50_000)
    rows = spark.sparkContext.parallelize(assignments, slices)
    spark.createDataFrame(rows, ASSIGNMENT_SCHEMA).write.parquet(table_path(output, ASSIGNMENTS))
    return JobReport(
        output=output,
        documents=len(assignments),
        stories=len({row[2] for row in assignments}),
    )


def _offsets(plan: Plan, per_file: dict[int, int]) -> dict[int, int]:
    """Where each input's records start in the stream of outcomes ingest reads."""
    unread = Counter(order[0] for order, _ in plan.unread)
    offsets, position = {}, 0
    for index in range(plan.size):
        offsets[index] = position
        position += per_file.get(index, 0) + unread.get(index, 0)
    return offsets


def _batch_of(order: Order, offsets: dict[int, int], batch_size: int) -> int:
    """The ingest batch a record falls in: batches are cut from the stream of outcomes."""
    return (offsets[order[0]] + order[1]) // batch_size


def _exists(spark: SparkSession, uri: str) -> bool:
    jvm: Any = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return bool(path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(path))
