"""Article extraction on the ScrapingHub article-extraction benchmark (AEB).

Prints one table: F1, precision, recall and documents/s of the raw text dump
(baseline), our text cleaner on the html-text and inscriptis dumps, our HTML
path and trafilatura alone on the HTML pages, all measured in this run on one
core. Documents/s is over the CPU time of this single-threaded process, so
other work on the machine does not skew the comparison; each row starts with the
cleaner's caches empty, and one-time set-up (imports, dateparser's time-zone
tables) is done before any row. Scoring is ``aeb_scoring`` (DESIGN.md).
Data: ../shared/bench/aeb.
"""

from __future__ import annotations

import gc
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import dateparser
import trafilatura

from parallax.clean import clean, forget_caches
from parallax.ingest.normalize import decode
from parallax.models import RawDocument

sys.path.insert(0, str(Path(__file__).resolve().parent))
from aeb_scoring import score

WARM_UP = 5
AEB = Path(__file__).resolve().parents[2] / "shared" / "bench" / "aeb"


def _dump(name: str) -> dict[str, str]:
    data = json.loads((AEB / "output" / f"{name}.json").read_text(encoding="utf-8"))
    return {key: value["articleBody"] or "" for key, value in data["output"].items()}


def _pages(keys: list[str]) -> dict[str, str]:
    return {
        key: decode(gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes())) for key in keys
    }


def _raw(key: str, content: str, fmt: str) -> RawDocument:
    return RawDocument(id=key[:16], source=key, format=fmt, content=content)  # type: ignore[arg-type]


def _run(
    inputs: dict[str, str], extract: Callable[[str, str], str], truth: dict[str, str]
) -> tuple[float, float, float, float]:
    keys = list(truth)
    forget_caches()  # each row starts cold: no lines or dates remembered from another row
    for key in keys[:WARM_UP]:  # first-call set-up (imports, lazily built tables) not counted
        extract(key, inputs[key])
    gc.collect()  # garbage left by earlier rows is not this row's to collect
    started = time.process_time()
    predicted = {key: extract(key, inputs[key]) for key in keys}
    elapsed = time.process_time() - started
    result = score((predicted[key], truth[key]) for key in keys)
    return result.f1, result.precision, result.recall, len(keys) / elapsed


def main() -> int:
    if not (AEB / "ground-truth.json").exists():
        print(f"skipped: the benchmark data is not at {AEB}")
        return 0
    gold = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {key: value["articleBody"] or "" for key, value in gold.items()}
    html_text, inscriptis = _dump("html-text"), _dump("inscriptis")
    dateparser.parse("20 November 2019 11:06 IST")  # builds its tables once per process
    pages = _pages(list(truth))

    def text_cleaner(key: str, dump: str) -> str:
        return clean(_raw(key, dump, "text")).body

    def html_path(key: str, markup: str) -> str:
        return clean(_raw(key, markup, "html")).body

    rows = [
        ("raw html-text dump (baseline)", html_text, lambda _key, dump: dump),
        ("our text cleaner on html-text dump", html_text, text_cleaner),
        ("our text cleaner on inscriptis dump", inscriptis, text_cleaner),
        ("our HTML path on html/", pages, html_path),
        (
            "trafilatura alone on html/ (defaults)",
            pages,
            lambda _key, markup: trafilatura.extract(markup) or "",
        ),
        (
            "trafilatura alone on html/ (favor_precision)",
            pages,
            lambda _key, markup: trafilatura.extract(markup, favor_precision=True) or "",
        ),
    ]
    print(f"AEB: {len(truth)} pages, trafilatura {trafilatura.__version__}\n")
    print("| system | F1 | precision | recall | docs/s |")
    print("|---|---:|---:|---:|---:|")
    for name, inputs, extract in rows:
        f1, precision, recall, rate = _run(inputs, extract, truth)
        print(f"| {name} | {f1:.3f} | {precision:.3f} | {recall:.3f} | {rate:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
