"""`make bench-load`: `parallax serve` under a bounded concurrent load on 127.0.0.1.

Builds a demo database (examples/corpus, plus generated reports with ``--extra``),
starts the real server in a subprocess on a free port, touches every URL once so the
comparison cache is warm, then runs ``--clients`` concurrent clients for ``--seconds``
over the story list, story pages, document pages and the JSON API, and prints one
table: requests, requests/s, p50/p99 latency and errors per kind of request. Client
and server share this machine, so the figures are a floor, not a ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "corpus"
PLACES = ["Merovka", "Ostrel", "Tarvesh", "Salun", "Varenland", "Karvenia", "Mirava"]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from parallax.cli import main; main()", *args]


def generated_reports(folder: Path, count: int) -> None:
    """Short fictional reports about a handful of events, so stories have several outlets."""
    rng = random.Random(11)
    folder.mkdir(parents=True)
    for number in range(count):
        place = PLACES[number % len(PLACES)]
        text = (
            f"Floodwater reached the centre of {place} on Tuesday, officials said.\n\n"
            f"About {rng.randint(50, 900)} homes were evacuated and {rng.randint(2, 40)} "
            f"roads closed, according to the regional authority of {place}.\n\n"
            f"Report {number} filed by outlet{number % 6}.example."
        )
        (folder / f"outlet{number % 6}.example__flood-{number:04d}.txt").write_text(text)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"parallax serve exited with code {server.returncode}")
        try:
            if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"parallax serve did not answer within {timeout:g} s")


def targets(base: str) -> list[tuple[str, str]]:
    """(kind, path) for every page and API answer the load goes over."""
    stories = httpx.get(f"{base}/api/stories", timeout=30).json()["stories"]
    found: list[tuple[str, str]] = [("story list page", "/"), ("API story list", "/api/stories")]
    for story in stories:
        found += [("story page", f"/stories/{story['id']}")]
        found += [("API story", f"/api/stories/{story['id']}")]
        detail = httpx.get(f"{base}/api/stories/{story['id']}", timeout=60).json()
        for document in detail["documents"]:
            found += [("document page", f"/documents/{document['id']}")]
            found += [("API document", f"/api/documents/{document['id']}")]
    found += [("API entities/outlets/stats", p) for p in ("/api/entities", "/api/outlets")]
    found += [("API entities/outlets/stats", "/api/stats")]
    return found


async def drive(
    base: str, paths: list[tuple[str, str]], clients: int, seconds: float
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        for _, path in paths:  # warm-up: comparisons computed and cached once
            await client.get(path)
        stop = time.monotonic() + seconds

        by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, path in paths:
            by_kind[kind].append(path)
        kinds = sorted(by_kind)

        async def worker(seed: int) -> None:
            """Each request picks a kind of page first, so every kind gets its share."""
            rng = random.Random(seed)
            while time.monotonic() < stop:
                kind = rng.choice(kinds)
                path = rng.choice(by_kind[kind])
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    failed = response.status_code >= 400
                except httpx.HTTPError:
                    failed = True
                latencies[kind].append(time.perf_counter() - started)
                errors[kind] += failed

        started = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        elapsed = time.monotonic() - started
    return latencies, errors, elapsed


def percentile(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def table(latencies: dict[str, list[float]], errors: dict[str, int], elapsed: float) -> str:
    rows = [
        "| request | requests | req/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    everything = [v for values in latencies.values() for v in values]
    for kind in [*sorted(latencies), "all"]:
        values = everything if kind == "all" else latencies[kind]
        failed = sum(errors.values()) if kind == "all" else errors[kind]
        rows.append(
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | "
            f"{percentile(values, 50) * 1000:.1f} | {percentile(values, 99) * 1000:.1f} | {failed} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=20, help="how long to drive the server")
    parser.add_argument("--extra", type=int, default=60, help="generated reports added to the demo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parallax-load-") as folder:
        db, extra = Path(folder) / "load.db", Path(folder) / "extra"
        inputs = [str(EXAMPLES)]
        if args.extra:
            generated_reports(extra, args.extra)
            inputs.append(str(extra))
        subprocess.run(cli("ingest", *inputs, "--db", str(db), "--quiet"), check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(folder) / "serve.log"
        with log.open("wb") as output:
            server = subprocess.Popen(
                cli("serve", "--db", str(db), "--port", str(port)), stdout=output, stderr=output
            )
            try:
                wait_until_up(base, server)
                paths = targets(base)
                latencies, errors, elapsed = asyncio.run(
                    drive(base, paths, args.clients, args.seconds)
                )
            except BaseException:
                print(log.read_text(errors="replace")[-2000:], file=sys.stderr)
                raise
            finally:
                server.terminate()
                server.wait(timeout=30)
    documents = sum(kind == "document page" for kind, _ in paths)
    print(
        f"\nparallax serve on 127.0.0.1: {args.clients} clients for {elapsed:.1f} s, "
        f"{len(paths)} URLs over a demo database of {documents} documents\n"
    )
    print(table(latencies, errors, elapsed))


if __name__ == "__main__":
    main()
