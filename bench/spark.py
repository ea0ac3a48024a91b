"""Spark job against single-machine ingest: documents per second, side by side.

A corpus of N documents is generated (fixed seed) from the BASIL articles in
../shared/bench/basil: each story takes one BASIL event, its reports are sampled
paragraphs of the event's three articles under other outlet names, with dates
shifted per round so that reused events become new stories, and one report in five
is a near-verbatim copy. It is written as JSONL files of 500 documents.

Measured on the same files: ``parallax.pipeline.ingest`` into a fresh SQLite store
(single machine, one process), and ``parallax.spark.run_job`` in local mode with 1
and 2 cores (Parquet out, session start-up excluded, the Python workers' model
loading included), then ``parallax.spark.load_output`` of that output into a fresh
store. "same" says whether the Spark run gave the single-machine documents and
stories. Defaults are the issue's sizes; ``--sizes`` runs smaller ones.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from parallax.ingest import read_paths
from parallax.pipeline import ingest
from parallax.spark import load_output, run_job
from parallax.spark.session import spark_session
from parallax.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
BASIL = SHARED / "bench" / "basil" / "articles"
OUTLETS = [
    f"{name}.example"
    for name in ["north", "south", "east", "west", "harbor", "valley", "ridge", "coast"]
]
PER_FILE = 500
STORY_SIZE = 5


def basil_events() -> list[list[dict[str, object]]]:
    """BASIL articles grouped by event (triplet), each with title, date and paragraphs."""
    events: dict[str, list[dict[str, object]]] = {}
    for path in sorted(BASIL.glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) for p in record["body-paragraphs"] if p]
        events.setdefault(record["triplet-uuid"], []).append(
            {"title": record["title"], "date": record["date"], "paragraphs": paragraphs}
        )
    return [events[key] for key in sorted(events)]


def generate(n: int, seed: int = 11) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    events = basil_events()
    for i in range(n):
        story, nth = divmod(i, STORY_SIZE)
        rounds, event = divmod(story, len(events))
        base = events[event][nth % len(events[event])]
        paragraphs = list(base["paragraphs"])  # type: ignore[call-overload]
        if nth == STORY_SIZE - 1:  # a syndicated copy with a line of its own
            paragraphs.append(f"This report was republished by {OUTLETS[i % len(OUTLETS)]}.")
        else:
            keep = max(3, int(len(paragraphs) * rng.uniform(0.6, 0.9)))
            chosen = sorted(rng.sample(range(len(paragraphs)), min(keep, len(paragraphs))))
            paragraphs = [paragraphs[j] for j in chosen]
        published = date.fromisoformat(str(base["date"])) + timedelta(days=30 * rounds)
        outlet = OUTLETS[(i * 7 + nth) % len(OUTLETS)]
        yield {
            "url": f"https://{outlet}/{story}/{nth}",
            "title": str(base["title"]),
            "date": published.isoformat(),
            "text": "\n\n".join(paragraphs),
        }


def write_corpus(n: int, folder: Path) -> None:
    folder.mkdir(parents=True)
    documents = list(generate(n))
    for start in range(0, n, PER_FILE):
        lines = (json.dumps(d) for d in documents[start : start + PER_FILE])
        (folder / f"part-{start // PER_FILE:05d}.jsonl").write_text("\n".join(lines) + "\n")


def grouping(store: Store) -> set[frozenset[str]]:
    stories: dict[str, set[str]] = {}
    for a in store.assignments():
        stories.setdefault(a.story_id, set()).add(a.doc_id)
    return {frozenset(docs) for docs in stories.values()}


def measure(n: int, work: Path, cores: list[int]) -> dict[str, object]:
    corpus = work / f"corpus-{n}"
    write_corpus(n, corpus)
    row: dict[str, object] = {"docs": n}
    started = time.perf_counter()
    with Store(work / f"single-{n}.db") as single:
        report = ingest(read_paths([corpus]), single)
        row["single"] = len(report.added) / (time.perf_counter() - started)
        expected = grouping(single)
    for count in cores:
        spark = spark_session(f"local[{count}]", app_name=f"bench-{count}")
        spark.sparkContext.setLogLevel("ERROR")
        output = work / f"out-{n}-{count}"
        started = time.perf_counter()
        job = run_job(spark, [str(corpus)], str(output))
        row[f"spark{count}"] = job.documents / (time.perf_counter() - started)
        spark.stop()
        with Store(work / f"loaded-{n}-{count}.db") as loaded:
            started = time.perf_counter()
            load_output(output, loaded)
            row["load"] = job.documents / (time.perf_counter() - started)
            row["same"] = (
                sorted(loaded.document_ids()) == sorted(report.added)
                and grouping(loaded) == expected
            )
        row["stories"] = job.stories
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--cores", default="1,2", help="local-mode core counts")
    args = parser.parse_args()
    if not BASIL.is_dir():
        sys.exit(f"skipped: {BASIL} is absent (the benchmark builds its corpus from BASIL)")
    sizes = [int(s) for s in args.sizes.split(",")]
    cores = [int(c) for c in args.cores.split(",")]
    work = Path(tempfile.mkdtemp(prefix="parallax-bench-spark-"))
    try:
        rows = [measure(n, work, cores) for n in sizes]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    spark_columns = " | ".join(f"Spark local[{c}] docs/s" for c in cores)
    print(f"| docs | stories | single machine docs/s | {spark_columns} | load docs/s | same |")
    print("|" + " ---: |" * (5 + len(cores)))
    for row in rows:
        spark_cells = " | ".join(f"{row[f'spark{c}']:.1f}" for c in cores)
        print(
            f"| {row['docs']} | {row['stories']} | {row['single']:.1f} | {spark_cells} | "
            f"{row['load']:.1f} | {'yes' if row['same'] else 'NO'} |"
        )


if __name__ == "__main__":
    main()
