"""Every reader on hostile input: each file yields documents or clear errors, never an
exception that would stop the batch, and never a document the input does not hold."""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.ingest import READERS, read_path, read_paths
from parallax.ingest.normalize import content_id, fix_text
from parallax.models import IngestError, RawDocument

pytestmark = pytest.mark.timeout(300)

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = sorted(READERS)
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "koi8-r", "shift_jis", "gb18030"]
# Text without surrogates or control characters other than newlines and tabs.
PLAIN = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff")
    | st.sampled_from("\n\t "),
    max_size=400,
)
WORDS = st.lists(
    st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=2, max_size=12),
    min_size=4,
    max_size=40,
).map(" ".join)


def read_file(path: Path, **kwargs: int) -> list[RawDocument | IngestError]:
    """All results, checking the contract every reader shares."""
    results = list(read_path(path, **kwargs))
    for result in results:
        assert result.source.startswith(str(path)), result
        if isinstance(result, IngestError):
            assert result.reason.strip(), result
        else:
            assert isinstance(result, RawDocument)
            assert result.content.strip() and result.outlet.strip()
            assert len(result.id) == 16
    return results


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One folder for the module: hypothesis runs many examples per test function."""
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_escape(scratch: Path, data: bytes, suffix: str) -> None:
    read_file(write(scratch, f"fuzz{suffix}", data))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_zero_length_file_is_one_clear_error(tmp_path: Path, suffix: str) -> None:
    results = read_file(write(tmp_path, f"empty{suffix}", b""))
    assert len(results) == 1 and isinstance(results[0], IngestError), results


@FUZZ
@given(text=PLAIN, encoding=st.sampled_from(ENCODINGS))
def test_text_in_any_encoding_is_read_exactly_or_refused(
    scratch: Path, text: str, encoding: str
) -> None:
    data = text.encode(encoding, errors="replace")
    results = read_file(write(scratch, "enc.txt", data))
    assert len(results) == 1
    result = results[0]
    if encoding.startswith("utf-") and text.strip():
        assert isinstance(result, RawDocument), result
        assert result.content == fix_text(text)
        assert result.id == content_id(result.content)
    if not text.strip():
        assert isinstance(result, IngestError)


@FUZZ
@given(body=WORDS, cut=st.integers(min_value=0))
@pytest.mark.parametrize("suffix", [".txt.gz", ".html.gz", ".jsonl.gz", ".json.gz"])
def test_truncated_gzip_is_an_error_not_a_partial_document(
    scratch: Path, suffix: str, body: str, cut: int
) -> None:
    if suffix.startswith(".json"):
        raw = json.dumps({"text": body, "url": "https://coastwire.example/a"}).encode()
    elif suffix.startswith(".html"):
        raw = f"<html><body><p>{body}</p></body></html>".encode()
    else:
        raw = body.encode()
    packed = gzip.compress(raw)
    cut %= len(packed)
    results = read_file(write(scratch, f"cut{suffix}", packed[:cut]))
    assert results and all(isinstance(r, IngestError) for r in results), results


def warc_bytes(pages: list[str], compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for number, page in enumerate(pages):
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://dailymeridian.example/{number}",
            "response",
            payload=io.BytesIO(f"<html><body><p>{page}</p></body></html>".encode()),
            http_headers=http,
        )
        writer.write_record(record)
    return buffer.getvalue()


@FUZZ
@given(
    pages=st.lists(WORDS, min_size=1, max_size=4, unique=True),
    cut=st.integers(min_value=0),
    compress=st.booleans(),
)
def test_truncated_warc_yields_only_whole_records(
    scratch: Path, pages: list[str], cut: int, compress: bool
) -> None:
    suffix = ".warc.gz" if compress else ".warc"
    full = warc_bytes(pages, compress)
    whole = {d.id: d.content for d in read_file(write(scratch, f"full{suffix}", full))}
    assert len(whole) == len(pages)
    cut %= len(full)
    for result in read_file(write(scratch, f"cut{suffix}", full[:cut])):
        if isinstance(result, RawDocument):
            assert whole.get(result.id) == result.content, "a truncated record became a document"


@FUZZ
@given(depth=st.integers(min_value=1, max_value=3000), tag=st.sampled_from(["div", "b", "table"]))
def test_deeply_nested_html_is_read_or_refused(scratch: Path, depth: int, tag: str) -> None:
    words = "The dam at Lake Morven held through the night, engineers said."
    markup = f"<html><body>{f'<{tag}>' * depth}{words}{f'</{tag}>' * depth}</body></html>"
    results = read_file(write(scratch, "deep.html", markup.encode()))
    assert len(results) == 1
    if depth <= 200:
        assert isinstance(results[0], RawDocument), results[0]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_json_is_a_clear_error(tmp_path: Path, suffix: str) -> None:
    data = b"[" * 200_000 + b"]" * 200_000
    (result,) = read_file(write(tmp_path, f"deep{suffix}", data))
    assert isinstance(result, IngestError) and "nested" in result.reason


JSON_VALUES = (
    st.none() | st.booleans() | st.integers() | st.floats() | PLAIN | st.lists(st.integers())
)
FIELDS = ["url", "title", "date", "outlet", "text", "html"]


@FUZZ
@given(record=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=6))
def test_json_with_wrong_types_names_the_field(scratch: Path, record: dict[str, object]) -> None:
    results = read_file(write(scratch, "record.json", json.dumps(record).encode()))
    assert len(results) == 1
    result = results[0]
    wrong = [k for k, v in record.items() if v is not None and not isinstance(v, str)]
    if isinstance(result, IngestError):
        assert wrong or not any(
            isinstance(record.get(k), str) and record[k].strip() for k in ("text", "html")
        )
        assert any(repr(k) in result.reason for k in wrong) or "no" in result.reason
    else:
        assert not wrong, f"a {wrong} of the wrong type was accepted"
    text, markup = record.get("text"), record.get("html")
    if not wrong and isinstance(text, str) and text.strip() and not (markup or "").strip():
        assert isinstance(result, RawDocument) and result.format == "text"


@FUZZ
@given(
    lines=st.lists(
        st.one_of(
            WORDS.map(lambda w: json.dumps({"text": w})),
            st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
            JSON_VALUES.map(json.dumps),
        ),
        max_size=12,
    )
)
def test_jsonl_bad_lines_cost_only_themselves(scratch: Path, lines: list[str]) -> None:
    data = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines).encode()
    results = read_file(write(scratch, "records.jsonl", data))
    numbered = [n for n, line in enumerate(data.split(b"\n"), start=1) if line.strip()]
    if not numbered:
        assert len(results) == 1 and isinstance(results[0], IngestError)
        return
    assert [r.source.rsplit("#", 1)[1] for r in results] == [str(n) for n in numbered]


@FUZZ
@given(entries=st.lists(st.tuples(PLAIN, WORDS), min_size=1, max_size=5))
def test_feed_gives_one_result_per_entry(scratch: Path, entries: list[tuple[str, str]]) -> None:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>https://thelantern.example/{n}</link>"
        f"<description>{escape(f'<p>{body}</p>')}</description></item>"
        for n, (title, body) in enumerate(entries)
    )
    feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Lantern</title>{items}</channel></rss>'
    results = read_file(write(scratch, "feed.rss", feed.encode()))
    assert len(results) == len(entries)
    assert all(isinstance(r, RawDocument) and r.outlet == "thelantern.example" for r in results)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_huge_single_line_is_read_and_too_large_is_refused(tmp_path: Path) -> None:
    line = ("word " * 400_000).encode()
    (document,) = read_file(write(tmp_path, "long.txt", line))
    assert isinstance(document, RawDocument) and len(document.content) == len(line)
    (refused,) = read_file(write(tmp_path, "long2.txt", line), max_bytes=len(line) - 1)
    assert isinstance(refused, IngestError) and "too large" in refused.reason
    jsonl = write(tmp_path, "long.jsonl", json.dumps({"text": line.decode()}).encode() + b"\n")
    (refused,) = read_file(jsonl, max_bytes=1000)
    assert isinstance(refused, IngestError) and "too large" in refused.reason


def test_files_vanishing_mid_batch_are_errors_and_the_rest_goes_on(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path, name, f"Story {name} is about the dam and the river.".encode())
    results = []
    for result in read_paths([tmp_path]):
        results.append(result)
        if len(results) == 1:
            (tmp_path / "b.txt").unlink()
    assert [type(r).__name__ for r in results] == ["RawDocument", "IngestError", "RawDocument"]
    assert "unreadable" in results[1].reason


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a_pipe.txt")
    write(tmp_path, "b_after.txt", b"The river rose again on Friday, officials said.")
    first, second = read_paths([tmp_path])
    assert isinstance(first, IngestError) and "regular file" in first.reason
    assert isinstance(second, RawDocument)


def test_unreadable_directory_entry_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    (result,) = read_file(tmp_path / "folder.txt")
    assert isinstance(result, IngestError)


def test_a_folder_that_cannot_be_listed_is_an_error_not_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.walk drops unlistable folders quietly; a permission problem must be reported."""
    (tmp_path / "locked").mkdir()
    write(tmp_path / "locked", "inside.txt", b"The dam held through the night, engineers said.")
    write(tmp_path, "outside.txt", b"The river rose again on Friday, officials said.")
    real_scandir = os.scandir

    def refuse_locked(path: object = ".") -> object:
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse_locked)
    monkeypatch.setattr(os, "listdir", refuse_locked)
    document, error = read_paths([tmp_path])
    assert isinstance(document, RawDocument) and document.source.endswith("outside.txt")
    assert isinstance(error, IngestError) and error.source == str(tmp_path / "locked")
    assert "cannot be listed: Permission denied" in error.reason
