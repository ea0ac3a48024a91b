"""Hostile records in every container format (issue 15): whatever mix of good and bad
records a file holds, the run finishes, every good record is stored exactly once, every
bad one is named (file and record) with its reason, and memory stays bounded."""

from __future__ import annotations

import gzip
import io
import json
import random
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.annotate import Annotator
from parallax.ingest import read_path
from parallax.models import IngestError, RawDocument
from parallax.pipeline import ingest
from parallax.store import Store

pytestmark = pytest.mark.timeout(600)
READ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
STORE = settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
MEMORY_BOUND = 64 * 1024 * 1024  # bytes Python allocates at peak while reading one file
SENTENCES = [
    "The river authority said on Tuesday that the dam held through the night.",
    "Engineers will inspect the spillway again on Friday, a spokeswoman added.",
    "Residents downstream were told to stay away from the banks until further notice.",
    "The regional governor thanked the rescue teams who worked in heavy rain.",
    "Farmers said the flooding had ruined much of the spring harvest.",
    "Officials put the cost of the repairs at several million euros.",
    "A second dam upstream was reported to be in good condition.",
    "The weather service expects the rain to ease by the weekend.",
]
# Field values that must cost at most the field, never the record.
HOSTILE_FIELDS = [
    {"outlet": "bad\udcffoutlet\x1b[2J"},
    {"url": "https://x.example/\udcff\x1b]0;pwned\x07"},
    {"date": "9999-12-31T23:59:59-05:00"},
    {"date": "not a date at all"},
    {"title": "Title \ud800 with \x9b31m escapes"},
    {"views": "9" * 5000},  # written as a bare number of 5,000 digits
]


@dataclass(frozen=True)
class Spec:
    """One record to write: good ones carry a unique text, bad ones a defect."""

    good: bool
    text: str = ""
    extra: int = -1  # index into HOSTILE_FIELDS, or -1
    defect: str = ""


def article(seed: int) -> str:
    rng = random.Random(seed)
    chosen = rng.sample(SENTENCES, 4)
    return f"Report number {seed} from the valley. " + " ".join(chosen)


def specs(defects: list[str]) -> st.SearchStrategy[list[Spec]]:
    good = st.builds(
        Spec,
        good=st.just(True),
        text=st.integers(0, 10**9).map(article),
        extra=st.integers(-1, len(HOSTILE_FIELDS) - 1),
    )
    bad = st.builds(Spec, good=st.just(False), defect=st.sampled_from(defects))
    return st.lists(good | bad, min_size=1, max_size=12).filter(
        lambda found: len({s.text for s in found if s.good}) == sum(s.good for s in found)
    )


def json_object(spec: Spec) -> str:
    if not spec.good:
        return {
            "no text": "{}",
            "wrong type": '{"text": 17}',
            "huge text": '{"text": ' + "9" * 5000 + "}",
            "not an object": "[1, 2]",
            "broken": '{"text": "unfinished',
        }[spec.defect]
    record = {"text": spec.text, **(HOSTILE_FIELDS[spec.extra] if spec.extra >= 0 else {})}
    views = record.pop("views", None)
    encoded = json.dumps(record)
    return encoded[:-1] + f', "views": {views}}}' if views is not None else encoded


def write_jsonl(records: list[Spec]) -> bytes:
    return "\n".join(json_object(r) for r in records).encode()


def write_json_list(records: list[Spec]) -> bytes:
    return ("[" + ",\n".join(json_object(r) for r in records) + "]").encode()


def write_feed(records: list[Spec]) -> bytes:
    items = []
    for number, spec in enumerate(records):
        fields = HOSTILE_FIELDS[spec.extra] if spec.good and spec.extra >= 0 else {}
        date = fields.get("date", "Tue, 10 Mar 2026 08:00:00 GMT")
        body = f"<description>{escape(spec.text)}</description>" if spec.good else ""
        items.append(
            f"<item><title>Item {number}</title><guid>id-{number}</guid>"
            f"<pubDate>{escape(str(date))}</pubDate>{body}</item>"
        )
    return f"<rss><channel><title>Valley Post</title>{''.join(items)}</channel></rss>".encode()


def write_warc(records: list[Spec]) -> bytes:
    out = io.BytesIO()
    for number, spec in enumerate(records):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False)
        page = f"<html><body><p>{escape(spec.text or 'nothing')}</p></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        url = f"https://valley.example/{number}\x1b]0;t\x07"
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.encode()), http_headers=headers
            )
        )
        data = buffer.getvalue()
        if not spec.good:  # a wrong Content-Length: fastwarc reads a header from the body
            data = data.replace(b"Content-Length: ", b"Content-Length: x", 1)
        out.write(gzip.compress(data))
    return out.getvalue()


@dataclass(frozen=True)
class Format:
    suffix: str
    write: Callable[[list[Spec]], bytes]
    defects: list[str]
    locator: Callable[[Path, int], str]  # the error source naming the n-th record (0-based)


FORMATS = {
    "jsonl": Format(
        ".jsonl",
        write_jsonl,
        ["no text", "wrong type", "huge text", "not an object", "broken"],
        lambda path, n: f"{path}#{n + 1}",
    ),
    "json": Format(
        ".json",
        write_json_list,
        ["no text", "wrong type", "huge text", "not an object"],
        lambda path, n: f"{path}#{n + 1}",
    ),
    "feed": Format(".rss", write_feed, ["no content"], lambda path, n: f"{path}#id-{n}"),
    "warc": Format(".warc.gz", write_warc, ["bad length"], lambda path, n: f"{path}#"),
}


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


def read_measured(path: Path) -> list[RawDocument | IngestError]:
    """The file's results, read a second time under tracemalloc (the first read loads
    what the libraries load once per process, such as dateparser's language data)."""
    list(read_path(path))
    tracemalloc.start()
    try:
        results = list(read_path(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND, f"{peak:,} bytes at peak"
    return results


def check_read(fmt: Format, records: list[Spec], path: Path) -> list[RawDocument]:
    """Every good record read once, every bad one an error naming it."""
    results = read_measured(path)
    documents = [r for r in results if isinstance(r, RawDocument)]
    errors = [r for r in results if isinstance(r, IngestError)]
    for spec in records:
        if spec.good:
            found = [d for d in documents if spec.text in d.content]
            assert len(found) == 1, (spec, results)
            for value in (
                found[0].source,
                found[0].outlet,
                found[0].url or "",
                found[0].title or "",
            ):
                value.encode("utf-8")
                assert "\x1b" not in value and "\x9b" not in value
    bad = [n for n, spec in enumerate(records) if not spec.good]
    assert len(errors) == len(bad), (records, errors)
    for number, error in zip(bad, errors, strict=True):
        assert error.source.startswith(fmt.locator(path, number)), (error, number)
        assert error.reason.strip()
    return documents


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_record_is_read_or_named(scratch: Path, name: str) -> None:
    fmt = FORMATS[name]

    @READ
    @given(records=specs(fmt.defects))
    def run(records: list[Spec]) -> None:
        path = scratch / f"records{fmt.suffix}"
        path.write_bytes(fmt.write(records))
        check_read(fmt, records, path)

    run()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_good_record_is_stored_exactly_once(
    tmp_path_factory: pytest.TempPathFactory, annotator: Annotator, name: str
) -> None:
    fmt = FORMATS[name]

    @STORE
    @given(records=specs(fmt.defects))
    def run(records: list[Spec]) -> None:
        folder = tmp_path_factory.mktemp(name)
        path = folder / f"records{fmt.suffix}"
        path.write_bytes(fmt.write(records))
        with Store(folder / "records.db") as store:
            report = ingest(read_path(path), store, annotator=annotator)
            good = sum(spec.good for spec in records)
            assert len(report.added) == good == store.stats()["documents"]
            assert len(report.errors) == len(records) - good
            again = ingest(read_path(path), store, annotator=annotator)
            assert again.added == [] and len(again.unchanged) == good

    run()
