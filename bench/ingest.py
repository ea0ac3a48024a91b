"""Ingest speed with 1 and 2 annotating workers: docs/s and CPU seconds per document.

The ECB+ dev documents (../shared/bench/ecbplus-align/subtopics.jsonl, or ``--ecb
FILE``) are written as one JSONL file and ingested whole into a fresh database, as
``parallax ingest --no-compare --workers N`` would. Wall time covers everything from
reading to the last document stored; CPU sums this process and its workers, model
loading included (workers are forked from a server process that loads the model once;
its CPU and theirs are read from /proc, as it outlives the run). Each run is in a fresh
process. The machine may be shared: the table gives the load average before each run.
Where the time goes: this process's own CPU during the run (reading, cleaning, stories,
the store: what the workers leave it), when the first document was stored (workers
starting) and how long the run went on after the last.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
ECB = SHARED / "bench" / "ecbplus-align" / "subtopics.jsonl"


def write_records(source: Path, target: Path) -> int:
    """The documents as ingest's JSONL records (url, outlet, text; no dates)."""
    count = 0
    with target.open("w", encoding="utf-8") as out:
        for line in source.read_text(encoding="utf-8").splitlines():
            for doc in json.loads(line)["documents"]:
                record = {"url": doc["url"], "outlet": doc["outlet"], "text": doc["text"]}
                out.write(json.dumps(record) + "\n")
                count += 1
    return count


def run_one(records: Path, workers: int) -> dict[str, float]:
    from parallax.ingest import read_paths
    from parallax.pipeline import ingest
    from parallax.store import Store

    stored: list[float] = []  # when each document was stored, from the start

    def progress(_outcome: object, status: str) -> None:
        if status == "added":
            stored.append(time.perf_counter() - start)

    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
        cpu = time.process_time()
        start = time.perf_counter()
        report = ingest(read_paths([records]), store, workers=workers, progress=progress)
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu
    return {
        "added": len(report.added),
        "errors": len(report.errors),
        "wall_s": wall,
        "cpu_s": tree_cpu(),
        "own_cpu_s": cpu,
        "first_s": stored[0] if stored else wall,
        "tail_s": wall - stored[-1] if stored else 0.0,
        "per_second": [
            sum(1 for t in stored if second <= t < second + 1) for second in range(int(wall) + 1)
        ],
    }


def tree_cpu() -> float:
    """CPU seconds of this process, of its children waited for, and of those still
    running with the children they waited for (the fork server and its workers)."""
    own, waited = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    total = own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:  # after the command name: state, ppid, ... utime, stime, cutime, cstime
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == os.getpid():
            total += sum(int(f) for f in fields[11:15]) / tick
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ecb", type=Path, default=ECB, help="ECB+ sub-topics (JSONL)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare")
    parser.add_argument(
        "--timeline", action="store_true", help="also print documents stored in each second"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--records", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.records, args.one)))
        return
    if not args.ecb.exists():
        sys.exit(f"skipped: {args.ecb} is absent (the benchmark data lives in ../shared)")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "ecb.jsonl"
        total = write_records(args.ecb, records)
        for workers in [int(w) for w in args.workers.split(",")]:
            load = os.getloadavg()[0]
            child = subprocess.run(
                [sys.executable, __file__, "--one", str(workers), "--records", str(records)],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append((workers, load, json.loads(child.stdout.strip().splitlines()[-1])))
            print(f"done: {workers} worker(s)", file=sys.stderr)
    base = rows[0][2]["added"] / rows[0][2]["wall_s"]
    print(f"{total} ECB+ records, {os.cpu_count()} cores")
    print(
        "| workers | load avg before | added | errors | wall s | docs/s | speed-up | CPU s/doc "
        "| this process's CPU s | first stored at s | after the last stored s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for workers, load, r in rows:
        rate = r["added"] / r["wall_s"]
        print(
            f"| {workers} | {load:.2f} | {r['added']} | {r['errors']} | {r['wall_s']:.1f} "
            f"| {rate:.2f} | {rate / base:.2f}× | {r['cpu_s'] / r['added']:.3f} "
            f"| {r['own_cpu_s']:.1f} | {r['first_s']:.1f} | {r['tail_s']:.2f} |"
        )
    if args.timeline:
        print()
        for workers, _, r in rows:
            print(f"{workers} worker(s), documents stored per second: {r['per_second']}")


if __name__ == "__main__":
    main()
