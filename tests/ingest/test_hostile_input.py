"""Issue 15: content is only ever content, and one bad record costs only itself."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.ingest import READERS, read_path, read_paths
from parallax.models import IngestError, RawDocument

SECRET = "the secret host file says swordfish"
ARTICLE = (
    "The river authority said on Tuesday that the dam at Lake Morven held through the night. "
    "Engineers will inspect the spillway again on Friday, a spokeswoman added."
)


def documents(results: list[RawDocument | IngestError]) -> list[RawDocument]:
    return [r for r in results if isinstance(r, RawDocument)]


def errors(results: list[RawDocument | IngestError]) -> list[IngestError]:
    return [r for r in results if isinstance(r, IngestError)]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.xml"
    path.write_text(
        f"<rss><channel><item><title>t</title><description>{SECRET}</description>"
        "</item></channel></rss>"
    )
    return path


@pytest.mark.timeout(60)
@pytest.mark.parametrize("suffix", sorted(READERS))
@pytest.mark.parametrize("kind", ["path", "file-url", "http-url", "dev-zero"])
def test_content_naming_a_file_or_url_is_never_opened(
    tmp_path: Path, secret: Path, suffix: str, kind: str
) -> None:
    target = {
        "path": str(secret),
        "file-url": secret.as_uri(),
        "http-url": "http://127.0.0.1:9/feed.xml",
        "dev-zero": "/dev/zero",
    }[kind]
    data = target.encode()
    if suffix.endswith(".gz"):
        data = gzip.compress(data)
    path = tmp_path / f"content{suffix}"
    path.write_bytes(data)
    results = list(read_path(path))
    assert results
    for result in results:
        text = result.content if isinstance(result, RawDocument) else result.reason
        assert SECRET not in text and len(text) < 1000, result


def test_a_file_name_with_an_undecodable_byte_is_named_in_valid_text(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9\x1b]0;owned\x07.txt")
    (tmp_path / name).write_text(ARTICLE)
    (doc,) = list(read_paths([tmp_path]))
    assert isinstance(doc, RawDocument)
    assert "\udce9" not in doc.source and "\x1b" not in doc.source and "\x07" not in doc.source
    doc.source.encode("utf-8")  # what SQLite does with it


def test_surrogates_and_escapes_in_json_fields_are_made_valid(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    record = {
        "text": ARTICLE,
        "outlet": "bad\udcffoutlet\x1b[2J",
        "url": "https://x.example/\udcff\x1b]0;title\x07",
        "title": "Dam \ud800holds\x1b[31m",
    }
    path.write_text(json.dumps(record) + "\n")
    (doc,) = documents(list(read_path(path)))
    for value in (doc.outlet, doc.url or "", doc.title or "", doc.content):
        value.encode("utf-8")
        assert "\x1b" not in value and "\x07" not in value


def test_a_huge_integer_costs_only_its_record(tmp_path: Path) -> None:
    huge = "9" * 5000
    lines = [
        json.dumps({"text": ARTICLE + " One."}),
        '{"text": "x", "views": ' + huge + "}",
        '{"text": ' + huge + "}",
        json.dumps({"text": ARTICLE + " Three."}),
    ]
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("\n".join(lines))
    listed = tmp_path / "a.json"
    listed.write_text("[" + ",".join(lines) + "]")
    for path in (jsonl, listed):
        results = list(read_path(path))
        assert [d.source for d in documents(results)] == [f"{path}#1", f"{path}#2", f"{path}#4"]
        (error,) = errors(results)
        assert error.source == f"{path}#3" and "'text' should be a string" in error.reason


@pytest.mark.parametrize("date", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_an_overflowing_date_costs_the_date_not_the_document(tmp_path: Path, date: str) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"text": ARTICLE, "date": date}) + "\n")
    page = tmp_path / "a.html"
    page.write_text(
        f'<html><head><meta property="article:published_time" content="{date}"></head>'
        f"<body><p>{ARTICLE}</p></body></html>"
    )
    feed = tmp_path / "a.rss"
    feed.write_text(
        f"<rss><channel><item><title>t</title><pubDate>{date}</pubDate>"
        f"<description>{ARTICLE}</description></item></channel></rss>"
    )
    for path in (jsonl, page, feed):
        (doc,) = list(read_path(path))
        assert isinstance(doc, RawDocument) and doc.published is None, doc


def test_a_json_list_is_read_entry_by_entry_and_a_broken_tail_is_named(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        "["
        + json.dumps({"text": ARTICLE})
        + ", {}, "
        + json.dumps({"text": ARTICLE + " B."})
        + ', {"text": '
    )
    results = list(read_path(path))
    assert [d.source for d in documents(results)] == [f"{path}#1", f"{path}#3"]
    assert [(e.source, e.reason.split(":")[0]) for e in errors(results)] == [
        (f"{path}#2", "no 'text' or 'html' field"),
        (f"{path}#4", "malformed JSON, the rest of the list unread"),
    ]


def test_records_past_the_cap_are_not_read_and_the_cap_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empties.json.gz"
    path.write_bytes(gzip.compress(b"[" + b"{}," * 200_000 + b"{}]"))
    results = list(read_path(path, max_records=1000))
    assert len(results) == 1001
    assert results[-1].source == str(path) and "over 1,000 records" in results[-1].reason


def warc_record(url: str, body: str) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body.encode()), http_headers=headers
    )
    writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.parametrize("compressed", [False, True])
def test_a_warc_record_with_a_bad_header_costs_only_itself(
    tmp_path: Path, compressed: bool
) -> None:
    records = [
        warc_record(f"https://a.example/{n}", f"<html><body><p>{ARTICLE} {n}.</p></body></html>")
        for n in range(4)
    ]
    records[1] = records[1].replace(b"Content-Length: ", b"Content-Length: x", 1)
    records[3] = records[3].replace(b"/3", b"/3\x1b]0;pwned\x07", 1)
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(b"".join(gzip.compress(r) if compressed else r for r in records))
    results = list(read_path(path))
    urls = [d.url for d in documents(results)]
    assert urls[0] == "https://a.example/0" and urls[-1] == "https://a.example/3]0;pwned"
    assert "https://a.example/2" in urls
    assert any("byte" in e.reason for e in errors(results)), results


LEGACY = {
    # Czech in Windows-1250 reads as clean Windows-1252 too ("støedu", "èeká"): only
    # which letters go together tells them apart.
    "cp1250": "Vláda ve středu schválila návrh zákona o státním rozpočtu. Ministr financí "
    "řekl novinářům, že schodek bude nižší, než se čekalo.",
    "cp1251": "Министерство обороны заявило во вторник, что войска отошли от границы "
    "после переговоров в Стамбуле.",
    "iso-8859-2": "Prezydent Polski powiedział w środę, że rząd przygotuje nową ustawę o "
    "mediach publicznych. Minister kultury zapowiedział, że projekt trafi do Sejmu jeszcze "
    "w tym miesiącu. Opozycja skrytykowała pomysł, twierdząc, że zmiany ograniczą "
    "niezależność dziennikarzy.",
    "cp1252": "Jönsson told reporters the café was closed. “We will reopen in spring,” "
    "the owner said — adding that the harbour’s new quay was finished.",
    "latin-1": "Le ministre a déclaré mardi que la réforme des retraites serait votée à "
    "l'été. « Nous ne céderons pas », a affirmé le secrétaire général.",
}


@pytest.mark.parametrize("encoding", sorted(LEGACY))
def test_legacy_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(LEGACY[encoding].encode(encoding))
    (doc,) = list(read_path(path))
    assert isinstance(doc, RawDocument) and doc.content == LEGACY[encoding]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    (doc,) = list(read_path(path))
    assert isinstance(doc, RawDocument) and doc.content == ARTICLE


def test_a_symlinked_folder_is_read_once_and_a_loop_ends(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "one.txt").write_text(ARTICLE)
    top = tmp_path / "top"
    top.mkdir()
    (top / "linked").symlink_to(real, target_is_directory=True)
    (real / "back").symlink_to(top, target_is_directory=True)  # a loop
    docs = documents(list(read_paths([top])))
    assert [Path(d.source).name for d in docs] == ["one.txt"]
