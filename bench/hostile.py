"""`python bench/hostile.py`: issue 15's attacks and faults, replayed against the real CLI
and server, one process each, with what each one did and its peak memory.

Each ingest case runs `parallax ingest` in a subprocess on files written here and reads
the process's peak RSS from wait4(); the server cases start `parallax serve` on a free
loopback port and read its VmHWM. The last table ingests 360 documents (BASIL's 300
from ../shared/bench/basil plus 60 generated reports) once, then as two disjoint halves
by two processes at once, and compares the stories.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from load import EXAMPLES, REPO, cli, free_port, generated_reports, wait_until_up

BASIL = REPO.parent / "shared" / "bench" / "basil" / "articles"
SECRET = "swordfish-host-secret"
ESC = "\x1b]0;pwned\x07\x1b[2J"
ARTICLE = (
    "The river authority said on Tuesday that the dam at Lake Morven held through the night. "
    "Engineers will inspect the spillway again on Friday, a spokeswoman added. "
)
TOKEN = "bench-hostile-token"


@dataclass
class Run:
    code: int
    out: str
    err: str
    peak_mb: float
    seconds: float

    @property
    def report(self) -> dict[str, list[object]]:
        return json.loads(self.out) if self.out.strip() else {}

    def counts(self) -> str:
        found = self.report
        return (
            f"{len(found.get('added', []))} added, {len(found.get('unchanged', []))} unchanged, "
            f"{len(found.get('errors', []))} failed"
        )


def run(args: list[str], cwd: Path) -> Run:
    """A `parallax` subprocess to the end, with its peak RSS (wait4's ru_maxrss)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(cli(*args), stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss / 1024,
            seconds,
        )


def ingest(folder: Path, *paths: Path, as_json: bool = True, compare: bool = False) -> Run:
    args = ["ingest", *map(str, paths), "--db", str(folder / "bench.db")]
    return run(
        args + (["--json"] if as_json else []) + ([] if compare else ["--no-compare"]), folder
    )


def stored_contents(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT content FROM documents")]


def warc(records: list[tuple[str, str]]) -> bytes:
    out = io.BytesIO()
    for url, body in records:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode()), http_headers=headers
            )
        )
        out.write(buffer.getvalue())
    return out.getvalue()


def page(n: int) -> str:
    return f"<html><body><article><p>Report {n}. {ARTICLE}</p></article></body></html>"


# -- the cases: each writes its input into ``folder`` and returns (outcome, run) ----------


def feed_naming_a_host_file(folder: Path) -> tuple[str, Run]:
    secret = folder / "secret.xml"
    secret.write_text(
        f"<rss><channel><item><description>{SECRET}</description></item></channel></rss>"
    )
    (folder / "a.xml").write_text(str(secret))
    done = ingest(folder, folder / "a.xml")
    leaked = any(SECRET in c for c in stored_contents(folder / "bench.db"))
    return f"{done.counts()}; host file read: {'YES' if leaked else 'no'}", done


def feed_naming_dev_zero(folder: Path) -> tuple[str, Run]:
    (folder / "z.xml").write_text("/dev/zero")
    done = ingest(folder, folder / "z.xml")
    return f"{done.counts()}: {done.report['errors'][0]['reason'][:50]}", done


def surrogates_in_names_and_fields(folder: Path) -> tuple[str, Run]:
    (folder / os.fsdecode(b"caf\xff.txt")).write_text(ARTICLE + "Named.")
    lines = [json.dumps({"text": f"Report {n}. {ARTICLE}", "outlet": "x\udcff", "url": "u\udcff"})
             for n in range(3)]  # fmt: skip
    (folder / "s.jsonl").write_text("\n".join(lines))
    done = ingest(folder, folder)
    return done.counts(), done


def one_bad_record_per_container(folder: Path) -> tuple[str, Run]:
    huge = '{"text": "Huge. ' + ARTICLE + '", "n": ' + "9" * 5000 + "}"
    good = [json.dumps({"text": f"Report {n}. {ARTICLE}"}) for n in range(4)]
    (folder / "a.jsonl").write_text("\n".join([good[0], huge, good[1]]))
    date = json.dumps({"text": f"Dated. {ARTICLE}", "date": "9999-12-31T23:59:59-05:00"})
    (folder / "b.json").write_text(f"[{good[2]}, {{}}, {date}, {good[3]}]")
    bad = warc([("https://a.example/1", page(1))]).replace(
        b"Content-Length: ", b"Content-Length: x", 1
    )
    (folder / "c.warc").write_bytes(
        warc([("https://a.example/0", page(0))]) + bad + warc([("https://a.example/2", page(2))])
    )
    (folder / "d.html").write_text(
        '<html><head><meta property="article:published_time" content="9999-12-31T23:59:59-05:00">'
        f"</head><body><p>Page. {ARTICLE}</p></body></html>"
    )
    done = ingest(folder, folder)
    return f"{done.counts()} (expected 9 added, 2 failed)", done


def five_million_empty_objects(folder: Path) -> tuple[str, Run]:
    (folder / "empties.json").write_bytes(b"[" + b"{}," * 5_000_000 + b"{}]")
    done = ingest(folder, folder / "empties.json", as_json=False)
    lines = done.err.count("\n")
    tail = done.err.strip().splitlines()[-1]
    return f"{lines} lines printed; {tail}", done


def escapes_in_urls_and_names(folder: Path) -> tuple[str, Run]:
    (folder / f"x{ESC}.txt").write_bytes(b"")
    (folder / "e.warc").write_bytes(warc([(f"https://e.example/{ESC}", "<html></html>")]))
    done = ingest(folder, folder, as_json=False)
    escapes = sum(done.err.count(c) for c in "\x1b\x07\x9b")
    return f"control characters printed: {escapes}", done


def legacy_encodings(folder: Path) -> tuple[str, Run]:
    texts = {
        "cp1251": "Министерство обороны заявило во вторник, что войска отошли от границы.",
        "iso-8859-2": "Prezydent powiedział w środę, że rząd przygotuje nową ustawę o mediach.",
        "utf-16-le": ARTICLE,
    }
    for encoding, text in texts.items():
        (folder / f"{encoding}.txt").write_bytes(text.encode(encoding))
    done = ingest(folder, folder)
    stored = stored_contents(folder / "bench.db")
    right = sum(any(text.strip() == c.strip() for c in stored) for text in texts.values())
    return f"{right} of {len(texts)} decoded exactly ({done.counts()})", done


def over_spacy_limit(folder: Path) -> tuple[str, Run]:
    (folder / "long.txt").write_text(ARTICLE * 8_000)
    (folder / "short.txt").write_text(ARTICLE)
    done = ingest(folder, folder)
    reason = next((e["reason"] for e in done.report.get("errors", [])), "")  # type: ignore[index]
    return f"{done.counts()}: {str(reason)[:40]}", done


def rerun_after_crash(folder: Path) -> tuple[str, Run]:
    ingest(folder, EXAMPLES)  # stored, never compared: as if killed before the end
    done = ingest(folder, EXAMPLES, compare=True)
    return f"{done.counts()}, {len(done.report.get('compared', []))} stories compared", done


CASES: list[tuple[str, Callable[[Path], tuple[str, Run]]]] = [
    ("feed whose content is a host file's path", feed_naming_a_host_file),
    ("feed whose content is /dev/zero", feed_naming_dev_zero),
    ("lone surrogates: file name, outlet, url", surrogates_in_names_and_fields),
    ("one bad record in JSONL, JSON, WARC, HTML", one_bad_record_per_container),
    ("15 MB JSON of 5 M empty objects (CLI)", five_million_empty_objects),
    ("ESC sequences in a WARC URI and file name", escapes_in_urls_and_names),
    ("cp1251, ISO-8859-2, UTF-16 without BOM", legacy_encodings),
    ("article over 1,000,000 characters", over_spacy_limit),
    ("re-run after a run killed before compare", rerun_after_crash),
]


def server_cases(folder: Path) -> list[tuple[str, str, float]]:
    """(case, outcome, server peak MB) for the upload and request cases."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (folder / "token").write_text(TOKEN)
    args = ["serve", "--db", str(folder / "serve.db"), "--port", str(port)]
    server = subprocess.Popen(cli(*args, "--token-file", str(folder / "token")), cwd=folder)
    rows = []
    try:
        wait_until_up(base, server)
        at_start = peak_rss_mb(server.pid)
        bomb = gzip.compress(b"[" + b"{}," * ((20 * 1024 * 1024 - 8) // 3) + b"{}]", 9)
        started = time.monotonic()
        answer = httpx.post(
            f"{base}/api/documents",
            files={"files": ("bomb.json.gz", bomb)},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=600,
        )
        errors = answer.json().get("errors", [])
        rows.append(
            (
                f"upload: {len(bomb) // 1024} KB .json.gz of [{{}},{{}},…]",
                f"{answer.status_code}, {len(errors):,} errors in "
                f"{time.monotonic() - started:.1f} s (server {at_start:.0f} MB before); "
                f"last: {errors[-1]['reason'][:30]}",
                peak_rss_mb(server.pid),
            )
        )
        evil = httpx.get(f"{base}/api/stats", headers={"host": "attacker.example"})
        rows.append(("Host: attacker.example (rebinding)", str(evil.status_code), 0.0))
        late = httpx.get(f"{base}/api/stories", params={"until": "9999-12-31"})
        headers = "with" if "content-security-policy" in late.headers else "WITHOUT"
        rows.append(("?until=9999-12-31", f"{late.status_code} {headers} CSP", 0.0))
        rows[-1] = (*rows[-1][:2], peak_rss_mb(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# -- two ingests at once --------------------------------------------------------------


def corpus(folder: Path) -> list[Path]:
    """BASIL's 300 articles as JSON files, then 60 generated reports: 360 documents."""
    files = []
    for source in sorted(BASIL.glob("*/*.json")):
        data = json.loads(source.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in data["body-paragraphs"] if p)
        path = folder / "basil" / f"{data['uuid']}.json"
        path.parent.mkdir(exist_ok=True)
        record = {
            "text": body,
            "title": data["title"],
            "date": data["date"],
            "outlet": data["source"],
        }
        path.write_text(json.dumps(record))
        files.append(path)
    generated_reports(folder / "reports", 60)
    return files + sorted((folder / "reports").iterdir())


def stories(db: Path) -> set[frozenset[str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT story_id, doc_id FROM assignments").fetchall()
    found: dict[str, set[str]] = {}
    for story, doc in rows:
        found.setdefault(story, set()).add(doc)
    return {frozenset(docs) for docs in found.values()}


def concurrency(folder: Path) -> list[tuple[str, str, str]]:
    files = corpus(folder)
    halves = [files[0::2], files[1::2]]
    one = folder / "one"
    one.mkdir()
    single = run(
        ["ingest", *map(str, halves[0] + halves[1]), "--db", "one.db", "--no-compare", "--json"],
        one,
    )
    two = folder / "two"
    two.mkdir()
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            cli("ingest", *map(str, half), "--db", "two.db", "--no-compare", "--json"),
            cwd=two, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        for half in halves
    ]  # fmt: skip
    reports = [json.loads(p.communicate()[0] or b"{}") for p in processes]
    seconds = time.monotonic() - started
    expected, found = stories(one / "one.db"), stories(two / "two.db")
    counted = sum(len(r.get("added", [])) + len(r.get("unchanged", [])) + len(r.get("errors", []))
                  for r in reports)  # fmt: skip
    # The clusterer is online: a different order may make other stories. One ingest in the
    # order the two stored their documents tells the lock's work from the order's.
    with sqlite3.connect(two / "two.db") as conn:
        order = [
            Path(row[0])
            for row in conn.execute("SELECT source FROM documents ORDER BY ingested_at, id")
        ]
    rest = [path for path in files if path not in set(order)]
    replay = folder / "replay"
    replay.mkdir()
    replayed = run(
        ["ingest", *map(str, order + rest), "--db", "r.db", "--no-compare", "--json"], replay
    )
    same_order = stories(replay / "r.db")
    interleaved = folder / "interleaved"
    interleaved.mkdir()
    run(["ingest", *map(str, files), "--db", "i.db", "--no-compare", "--json"], interleaved)
    other_order = stories(interleaved / "i.db")

    def differ(found: set[frozenset[str]], expected: set[frozenset[str]]) -> str:
        return "same stories" if found == expected else f"{len(found ^ expected)} stories differ"

    return [
        ("A: one ingest of 360 (half 1, then half 2)", f"{len(expected)} stories", f"{single.seconds:.0f} s, "
         f"{len(single.report.get('added', []))} added"),
        ("B: two ingests of the halves at once", f"{len(found)} stories", f"{seconds:.0f} s, "
         f"{sum(len(r.get('added', [])) for r in reports)} added, {counted} counted"),
        ("B against A", differ(found, expected), ""),
        ("C: one ingest in the order B stored", f"{len(same_order)} stories",
         f"{replayed.seconds:.0f} s"),
        ("B against C", differ(found, same_order), ""),
        ("D: one ingest, the halves' files alternating", f"{len(other_order)} stories", ""),
        ("D against A (the order alone)", differ(other_order, expected), ""),
    ]  # fmt: skip


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *map(line, rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-concurrency", action="store_true")
    parser.add_argument("--only-concurrency", action="store_true")
    options = parser.parse_args()
    rows: list[tuple[str, ...]] = []
    for name, case in [] if options.only_concurrency else CASES:
        with tempfile.TemporaryDirectory() as directory:
            outcome, done = case(Path(directory))
            rows.append((name, outcome, f"{done.seconds:.1f}", f"{done.peak_mb:.0f}"))
            print(f"done: {name}", flush=True)
    if not options.only_concurrency:
        with tempfile.TemporaryDirectory() as directory:
            for name, outcome, peak in server_cases(Path(directory)):
                rows.append((name, outcome, "", f"{peak:.0f}" if peak else ""))
        print(table(("case", "outcome", "s", "peak RSS MB"), rows))
    if not options.skip_concurrency and BASIL.is_dir():
        with tempfile.TemporaryDirectory() as directory:
            print()
            print(table(("concurrent ingest", "stories", "run"), concurrency(Path(directory))))


if __name__ == "__main__":
    main()
