"""`make bench-spark`: the Spark job on a standalone cluster against one process.

A corpus of N documents is generated (fixed seed) from the BASIL articles in
../shared/bench/basil: each story takes one BASIL event, its reports are sampled
paragraphs of the event's three articles under other outlet names, cut to about
``--words`` words, with dates shifted per round so that reused events become new
stories, and one report in five is a near-verbatim copy. It is written as JSONL
files of 500 documents.

Each size runs three ways on the same files: one process (``parallax ingest
--no-compare`` into a fresh SQLite file), and ``parallax spark`` submitted with
``spark-submit --master spark://127.0.0.1:PORT`` to a standalone cluster on loopback
of one, then two workers of one core each (``parallax.spark.standalone``). Wall time
runs from start to exit of the command: JVM and executor start and model loading
included; starting the cluster itself is not. CPU is that of every process the
bench started (master, workers, executors, their Python workers, driver), sampled
from /proc. "same" compares the job's Parquet output, document by document (raw,
cleaned article, annotations, parse) and the stories, with the one-process
database. The machine's load average is printed per row, since other work on it
distorts wall time (CPU per document much less so).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, cast

from parallax.models import Assignment
from parallax.spark.load import read_output
from parallax.spark.standalone import Cluster, java_missing, standalone_cluster
from parallax.spark.tables import ASSIGNMENTS
from parallax.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
BASIL = SHARED / "bench" / "basil" / "articles"
OUTLETS = [
    f"{name}.example"
    for name in ["north", "south", "east", "west", "harbor", "valley", "ridge", "coast"]
]
PER_FILE = 500
STORY_SIZE = 5
MIN_SENTENCES = 3
MIN_ARTICLE = 12  # sentences
EXTRAPOLATED = 100_000
SAMPLE_EVERY = 0.5  # seconds between /proc samples
Report = dict[str, Any]  # a command's --json output
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def basil_events() -> list[list[dict[str, Any]]]:
    """BASIL articles grouped by event (triplet): title, date, paragraphs of sentences.
    Articles too short to draw many different reports from are left out."""
    events: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(BASIL.glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [p for p in record["body-paragraphs"] if p]
        if sum(map(len, paragraphs)) < MIN_ARTICLE:
            continue
        events.setdefault(record["triplet-uuid"], []).append(
            {"title": record["title"], "date": record["date"], "paragraphs": paragraphs}
        )
    return [events[key] for key in sorted(events)]


def sample(paragraphs: list[list[str]], words: int, rng: random.Random) -> list[str]:
    """Three sentences or more drawn at random until ``words`` words, in the article's
    order and paragraphs: a report of its own (whole paragraphs repeat at 30k documents)."""
    sentences = [(p, s) for p, paragraph in enumerate(paragraphs) for s in paragraph]
    chosen, count = [], 0
    for index in rng.sample(range(len(sentences)), len(sentences)):
        if count >= words and len(chosen) >= MIN_SENTENCES:
            break
        chosen.append(index)
        count += len(sentences[index][1].split())
    kept: dict[int, list[str]] = {}
    for index in sorted(chosen):
        paragraph, sentence = sentences[index]
        kept.setdefault(paragraph, []).append(sentence)
    return [" ".join(group) for group in kept.values()]


def generate(n: int, words: int, seed: int = 11) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    events = basil_events()
    first: list[str] = []
    for i in range(n):
        story, nth = divmod(i, STORY_SIZE)
        rounds, event = divmod(story, len(events))
        base = events[event][nth % len(events[event])]
        if nth == STORY_SIZE - 1:  # a syndicated copy of the story's first report
            paragraphs = [*first, f"Republished by {OUTLETS[i % len(OUTLETS)]}."]
        else:
            paragraphs = sample(base["paragraphs"], words, rng)
            first = paragraphs if nth == 0 else first
        published = date.fromisoformat(str(base["date"])) + timedelta(days=30 * rounds)
        outlet = OUTLETS[(i * 7 + nth) % len(OUTLETS)]
        yield {
            "url": f"https://{outlet}/{story}/{nth}",
            "title": str(base["title"]),
            "date": published.isoformat(),
            "text": "\n\n".join(paragraphs),
        }


def write_corpus(n: int, words: int, folder: Path) -> float:
    """The corpus as JSONL files; returns its mean words per document."""
    folder.mkdir(parents=True)
    documents = list(generate(n, words))
    for start in range(0, n, PER_FILE):
        lines = (json.dumps(d) for d in documents[start : start + PER_FILE])
        (folder / f"part-{start // PER_FILE:05d}.jsonl").write_text("\n".join(lines) + "\n")
    return sum(len(d["text"].split()) for d in documents) / n


class ChildrenCPU:
    """CPU seconds of every process descended from this one, sampled from /proc, and
    the largest resident memory a Spark Python worker reached.

    A process is counted up to its last sample, so one that exits loses at most
    ``SAMPLE_EVERY`` seconds of CPU; the JVMs and Python workers live for the whole run.
    """

    def __init__(self) -> None:
        self.seen: dict[tuple[int, int], float] = {}  # (pid, start tick) -> CPU s
        self.python_workers: set[tuple[int, int]] = set()
        self.worker_peak = 0  # bytes
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stopped.wait(SAMPLE_EVERY):
            self.total()

    def total(self) -> float:
        parents: dict[int, int] = {}
        cpu: dict[int, tuple[int, float]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:  # gone since the listing
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            cpu[pid] = int(fields[19]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        children: dict[int, list[int]] = {}
        for pid, parent in parents.items():
            children.setdefault(parent, []).append(pid)
        mine, frontier = set(), [os.getpid()]
        while frontier:
            found = children.get(frontier.pop(), [])
            mine.update(found)
            frontier.extend(found)
        with self.lock:
            for pid in mine:
                start, seconds = cpu[pid]
                if (pid, start) not in self.seen and _is_python_worker(pid):
                    self.python_workers.add((pid, start))
                if (pid, start) in self.python_workers:
                    self.worker_peak = max(self.worker_peak, _resident(pid))
                self.seen[(pid, start)] = seconds
            return sum(self.seen.values())

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def _is_python_worker(pid: int) -> bool:
    try:
        return b"pyspark.daemon" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _resident(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError):
        return 0


@dataclass
class Run:
    docs: int  # generated
    stored: int  # after copies are dropped
    name: str
    workers: int  # 0: one process, no Spark
    seconds: float
    cpu: float
    load: tuple[float, float]
    same: str

    @property
    def rate(self) -> float:
        return self.docs / self.seconds


def timed(
    meter: ChildrenCPU, work: Callable[[], Report]
) -> tuple[Report, float, float, tuple[float, float]]:
    """The work's report, wall seconds, CPU seconds of the processes it started, and the
    1-min load average before and after."""
    load_before, cpu_before = os.getloadavg()[0], meter.total()
    started = time.perf_counter()
    report = work()
    seconds = time.perf_counter() - started
    return report, seconds, meter.total() - cpu_before, (load_before, os.getloadavg()[0])


def one_process(corpus: Path, db: Path) -> Report:
    """``parallax ingest`` into a fresh database."""
    command = [str(Path(sys.executable).with_name("parallax")), "ingest", str(corpus)]
    done = subprocess.run(
        [*command, "--db", str(db), "--no-compare", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return reported(done, "parallax ingest", done.stderr[-3000:])


def submitted(cluster: Cluster, corpus: Path, output: Path) -> Report:
    done = cluster.submit(["--input", str(corpus), "--output", str(output), "--json"])
    return reported(done, "the Spark job", cluster.log_tail())


def reported(done: subprocess.CompletedProcess[str], what: str, log: str) -> Report:
    """The command's --json report; exit status 1 only says that some records failed."""
    try:
        report, _ = json.JSONDecoder().raw_decode(done.stdout)  # py4j may log after it
    except ValueError:
        report = None
    if done.returncode not in (0, 1) or report is None:
        sys.exit(f"{what} failed (exit status {done.returncode}):\n{log}")
    return cast(Report, report)


def failures(report: Report) -> list[tuple[str, str]]:
    return sorted((e["source"], e["reason"]) for e in report["errors"])


def stories(assignments: list[Assignment]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for a in assignments:
        groups.setdefault(a.story_id, set()).add(a.doc_id)
    return {frozenset(docs) for docs in groups.values()}


def same_as(output: Path, job: Report, db: Path, single: Report) -> str:
    """'yes' when the job stored what one process stored, else what differs."""
    if failures(job) != failures(single):
        return "NO: other errors"
    import pyarrow.parquet as pq

    with Store(db) as store:
        ids = []
        for raw, article, notes, _features, parse in read_output(output):
            ids.append(raw.id)
            expected = (store.document(raw.id), store.article(raw.id), store.annotations(raw.id))
            if (raw, article, notes) != expected:
                return f"NO: document {raw.id} differs"
            if parse != store.parses_for([raw.id]).get(raw.id):
                return f"NO: parse of {raw.id} differs"
        if ids != single["added"]:
            return "NO: other documents or order"
        rows = pq.read_table(output / ASSIGNMENTS).to_pylist()
        assigned = [Assignment(**{k: v for k, v in r.items() if k != "position"}) for r in rows]
        if stories(assigned) != stories(store.assignments()):
            return "NO: other stories"
    return "yes"


def measure(
    sizes: list[int], words: int, work: Path, meter: ChildrenCPU
) -> tuple[list[Run], float]:
    """Every size one process, then on one worker, then on two (each cluster started once)."""
    runs: list[Run] = []
    mean_words = 0.0
    single: dict[int, Report] = {}
    for n in sizes:
        corpus, db = work / f"corpus-{n}", work / f"single-{n}.db"
        mean_words = write_corpus(n, words, corpus)
        single[n], *measured = timed(meter, partial(one_process, corpus, db))
        stored = len(single[n]["added"])
        runs.append(_done(Run(n, stored, "one process", 0, *measured, same="reference")))
    for workers in (1, 2):
        with standalone_cluster(work / f"cluster-{workers}", workers=workers, cores=1) as cluster:
            for n in sizes:
                corpus, output = work / f"corpus-{n}", work / f"out-{n}-{workers}"
                job, *measured = timed(meter, partial(submitted, cluster, corpus, output))
                same = same_as(output, job, work / f"single-{n}.db", single[n])
                name = f"{workers} worker{'s' if workers > 1 else ''}"
                runs.append(_done(Run(n, job["documents"], name, workers, *measured, same=same)))
    return sorted(runs, key=lambda r: (r.docs, r.workers)), mean_words


def _done(run: Run) -> Run:
    """Progress on stderr, so a run cut short still shows what it measured."""
    print(
        f"{run.docs} docs, {run.name}: {run.seconds:.0f} s, CPU {run.cpu:.0f} s, "
        f"load {run.load[0]:.1f}→{run.load[1]:.1f}, same: {run.same}",
        file=sys.stderr,
        flush=True,
    )
    return run


def print_table(runs: list[Run], words: float) -> None:
    print(
        f"Generated news reports, {words:.0f} words per document on average; JSONL files of "
        f"{PER_FILE}. Workers: spark-submit to a standalone cluster on 127.0.0.1, one core each."
    )
    print(
        "| docs | stored | run | wall s | docs/s | CPU s/doc | × one worker | scaling efficiency | same "
        "| load 1-min before→after |"
    )
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for run in runs:
        base = next(r for r in runs if r.docs == run.docs and r.workers == 1)
        speedup = run.rate / base.rate if run.workers else None
        print(
            f"| {run.docs} | {run.stored} | {run.name} | {run.seconds:.0f} | {run.rate:.1f} "
            f"| {run.cpu / run.docs:.4f} | "
            + (f"{speedup:.2f} | {speedup / run.workers:.0%}" if speedup else "— | —")
            + f" | {run.same} | {run.load[0]:.1f}→{run.load[1]:.1f} |"
        )


def print_extrapolation(runs: list[Run]) -> None:
    """100k documents at the cost per document measured at the largest size. Start-up
    is in that cost, and it is spread over more documents at 100k: an upper bound."""
    largest = max(r.docs for r in runs)
    print(
        f"\n{EXTRAPOLATED:,} documents, EXTRAPOLATED (not measured): "
        f"T = {EXTRAPOLATED:,} × (wall s / doc at {largest:,}), "
        f"CPU = {EXTRAPOLATED:,} × (CPU s / doc at {largest:,})"
    )
    for run in (r for r in runs if r.docs == largest):
        wall, cpu = run.seconds / run.docs, run.cpu / run.docs
        print(
            f"- {run.name}: T = {EXTRAPOLATED:,} × {wall:.4f} = {EXTRAPOLATED * wall:,.0f} s "
            f"({EXTRAPOLATED * wall / 3600:.1f} h), CPU = {EXTRAPOLATED:,} × {cpu:.4f} "
            f"= {EXTRAPOLATED * cpu:,.0f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,30000", help="comma-separated corpus sizes")
    parser.add_argument(
        "--words", type=int, default=40, help="words at least per report (3 sentences at least)"
    )
    args = parser.parse_args()
    if not BASIL.is_dir():
        sys.exit(f"skipped: {BASIL} is absent (the benchmark builds its corpus from BASIL)")
    if reason := java_missing():
        sys.exit(f"skipped: {reason}")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="parallax-bench-spark-"))
    meter = ChildrenCPU()
    try:
        runs, words = measure(sizes, args.words, work, meter)
    finally:
        meter.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print_table(runs, words)
    print(f"\nLargest resident memory of one Spark Python worker: {meter.worker_peak / 1e9:.2f} GB")
    print_extrapolation(runs)


if __name__ == "__main__":
    main()
