"""The Parquet tables a job writes under its output folder, and how they are made.

The executors hand back one wide row per input record (``WIDE``): a stored
document with its article, annotations and story features, or an error. That
frame is sorted once by input order (``file_index``, ``record_index``) and cached;
each table is a selection of its columns, so every table's part files, read in
name order, stream the documents in the order single-machine ingest takes them
(``parallax load`` relies on that). Stage records go in a ``data`` column as JSON,
as the store keeps them, beside the columns queries need. ``features`` holds the
stories stage's per-document features (``DocFeatures``); ``assignments`` is written
by the driver. ``parses`` holds annotate's parse of each body, which compare reads.
"""

from __future__ import annotations

from typing import Any

from pyspark.sql.types import (
    BinaryType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

from parallax.models import Assignment

DOCUMENTS = "documents"
ARTICLES = "articles"
ANNOTATIONS = "annotations"
FEATURES = "features"
PARSES = "parses"
ERRORS = "errors"
ASSIGNMENTS = "assignments"

Order = tuple[int, int]
ORDER_COLUMNS = ["file_index", "record_index"]
DOCUMENT_FIELDS = [
    "id",
    "source",
    "format",
    "content",
    "url",
    "outlet",
    "outlet_name",
    "title",
    "published",
    "language",
]


def _text(name: str) -> StructField:
    return StructField(name, StringType())


WIDE = StructType(
    [
        *(StructField(name, IntegerType(), False) for name in ORDER_COLUMNS),
        *(_text(name) for name in DOCUMENT_FIELDS if name != "published"),
        StructField("published", TimestampType()),
        _text("article_title"),
        _text("article_body"),
        StructField("article_published", TimestampType()),
        _text("article_data"),
        _text("annotations_data"),
        StructField("features", BinaryType()),
        _text("error_source"),
        _text("error_reason"),
        _text("parse_model"),
        StructField("parse_data", BinaryType()),
    ]
)

# Each table as (column of WIDE, name in the table), after the order columns.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    DOCUMENTS: [(name, name) for name in DOCUMENT_FIELDS],
    ARTICLES: [
        ("id", "doc_id"),
        ("outlet", "outlet"),
        ("article_title", "title"),
        ("article_body", "body"),
        ("article_published", "published"),
        ("article_data", "data"),
    ],
    ANNOTATIONS: [("id", "doc_id"), ("annotations_data", "data")],
    FEATURES: [("id", "doc_id"), ("features", "data")],
    ERRORS: [("error_source", "source"), ("error_reason", "reason")],
    PARSES: [("id", "doc_id"), ("parse_model", "model"), ("parse_data", "data")],
}

ASSIGNMENT_SCHEMA = StructType(
    [
        StructField("position", LongType(), False),
        StructField("doc_id", StringType(), False),
        StructField("story_id", StringType(), False),
        _text("duplicate_of"),
        StructField("score", DoubleType(), False),
    ]
)


def wide_row(processed: Any) -> tuple[Any, ...]:
    """A ``parallax.spark.executor.Processed`` as a row of ``WIDE``."""
    order, raw, article, notes, features, error, parse = processed
    values = raw.model_dump() if raw is not None else dict.fromkeys(DOCUMENT_FIELDS)
    return (
        *order,
        *(values[name] for name in DOCUMENT_FIELDS if name != "published"),
        values["published"],
        article.title if article else None,
        article.body if article else None,
        article.published if article else None,
        article.model_dump_json() if article else None,
        notes.model_dump_json() if notes else None,
        bytearray(features) if features is not None else None,
        error.source if error else None,
        error.reason if error else None,
        parse.model if parse else None,
        bytearray(parse.data) if parse else None,
    )


def assignment_row(position: int, assignment: Assignment) -> tuple[Any, ...]:
    return (
        position,
        assignment.doc_id,
        assignment.story_id,
        assignment.duplicate_of,
        float(assignment.score),
    )


def table_path(output: str, table: str) -> str:
    return f"{output.rstrip('/')}/{table}"
