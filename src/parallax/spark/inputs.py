"""The input files of a job, listed on the driver in the order single-machine ingest reads them.

Local paths are walked by ``parallax.ingest.input_files`` itself; any other URI
(hdfs://, s3a://, file://, with globs) is listed through Hadoop's FileSystem in the
same order: a folder's files by name, then its subfolders by name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

from parallax.ingest.readers import READERS, input_files, read_path, suffix_of
from parallax.models import IngestError
from parallax.spark.tables import Order

# Hadoop splits an input list on commas and expands glob characters in each entry.
_UNLISTABLE = re.compile(r"[,{}\[\]*?\\]")


@dataclass(frozen=True)
class InputFile:
    index: int
    uri: str
    name: str  # the path as single-machine ingest names it in ``source``

    @property
    def key(self) -> str:
        return file_key(self.uri)


def file_key(uri: str) -> str:
    """One spelling per file: Hadoop hands back 'file:/x' for 'file:///x'."""
    return re.sub(r"^file:/+", "file:/", uri)


def is_uri(value: str) -> bool:
    return "://" in value or value.startswith("file:")


@dataclass
class Plan:
    """Input files and unreadable inputs, numbered together in reading order."""

    files: list[InputFile] = field(default_factory=list)
    unread: list[tuple[Order, IngestError]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.files) + len({order[0] for order, _ in self.unread})

    def fail(self, errors: Iterable[IngestError]) -> None:
        index = self.size
        self.unread.extend(((index, n), error) for n, error in enumerate(errors))


def plan_inputs(spark: SparkSession, inputs: Sequence[str]) -> Plan:
    """The files to read, each with its place in the reading order, and what cannot be read."""
    plan = Plan()
    for value in inputs:
        named = _hadoop_files(spark, value, plan) if is_uri(value) else _local_files(value, plan)
        for uri, name in named:
            if _UNLISTABLE.search(uri):
                reason = (
                    "the path holds a character Hadoop input lists cannot carry (, { } [ ] * ? \\)"
                )
                plan.fail([IngestError(source=name, reason=reason)])
            else:
                plan.files.append(InputFile(index=plan.size, uri=uri, name=name))
    return plan


def _local_files(value: str, plan: Plan) -> Iterator[tuple[str, str]]:
    for path in input_files([Path(value)]):
        if path.is_file():
            yield f"file://{os.path.abspath(path)}", str(path)
        else:  # the reader's own words for a missing or unreadable file
            plan.fail(e for e in read_path(path) if isinstance(e, IngestError))


def _hadoop_files(spark: SparkSession, value: str, plan: Plan) -> Iterator[tuple[str, str]]:
    context = spark.sparkContext
    jvm: Any = context._jvm
    pattern = jvm.org.apache.hadoop.fs.Path(value)
    filesystem = pattern.getFileSystem(context._jsc.hadoopConfiguration())
    matches = filesystem.globStatus(pattern)
    if not matches:
        plan.fail([IngestError(source=value, reason="unreadable: no such file or folder")])
        return
    for status in sorted(matches, key=lambda s: s.getPath().toString()):
        if status.isDirectory():
            yield from _walk(filesystem, status.getPath())
        else:
            uri = status.getPath().toString()
            yield uri, uri


def _walk(filesystem: Any, folder: Any) -> Iterator[tuple[str, str]]:
    """A folder as ``os.walk`` with sorted names goes: its files, then each subfolder."""
    children = sorted(filesystem.listStatus(folder), key=lambda s: s.getPath().getName())
    for status in children:
        uri = status.getPath().toString()
        if status.isFile() and suffix_of(Path(status.getPath().getName())) in READERS:
            yield uri, uri
    for status in children:
        if status.isDirectory():
            yield from _walk(filesystem, status.getPath())
