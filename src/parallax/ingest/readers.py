"""One reader per input format, found by file name in a registry (as spaCy finds components).

A reader turns one file into documents. Container formats (JSONL, WARC, feeds) yield
one document per record and an ``IngestError`` for each bad record, so one broken
record never costs the rest of the file.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import feedparser
from fastwarc.warc import ArchiveIterator, WarcRecordType
from lxml import html as lxml_html

from parallax.ingest.deadline import DOCUMENT_TIME_LIMIT, DeadlineExceeded, iterate_with_deadline
from parallax.ingest.metadata import choose_outlet, detect_language, parse_date
from parallax.ingest.normalize import InputRejected, content_id, decode, fix_text
from parallax.models import IngestError, RawDocument, RawFormat

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
READ_TIME_LIMIT = DOCUMENT_TIME_LIMIT  # per document read; lxml is quadratic on some markup

Result = RawDocument | IngestError
Reader = Callable[[Path, int, bytes | None], Iterator[Result]]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    def register(func: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = func
        return func

    return register


def suffix_of(path: Path) -> str:
    """The registry key: '.html.gz' counts as '.html.gz', 'x.tar.txt' as '.txt'."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz" and "".join(suffixes[-2:]) in READERS:
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files ``read_paths`` reads, in its order: folders walked in sorted order.

    Inside folders, files of unknown types are passed over; named files are kept
    whatever their type (reading them reports the error), and so are folders that
    cannot be listed, last, so that nothing is skipped without a word.
    """
    for path in paths:
        if path.is_dir():
            unlistable: list[OSError] = []
            for root, dirs, files in os.walk(path, onerror=unlistable.append):
                dirs.sort()
                for name in sorted(files):
                    child = Path(root) / name
                    if suffix_of(child) in READERS:
                        yield child
            yield from (Path(error.filename) for error in unlistable)
        else:
            yield path


def read_paths(paths: Iterable[Path], max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Result]:
    """Every document under the given files and folders; see ``input_files`` for the order."""
    for path in input_files(paths):
        yield from read_path(path, max_bytes)


def read_path(
    path: Path, max_bytes: int = MAX_DOCUMENT_BYTES, data: bytes | None = None
) -> Iterator[Result]:
    """Documents in one file; ``data``, when given, is the file's bytes already read
    (Spark hands files over that way), and ``path`` then only names it."""
    if data is None and path.is_dir():
        yield IngestError(source=str(path), reason=_folder_problem(path))
        return
    read = READERS.get(suffix_of(path))
    if read is None:
        yield IngestError(source=str(path), reason=f"unsupported file type {suffix_of(path)!r}")
        return
    if data is None and path.exists() and not path.is_file():
        # opening a named pipe would block for ever; a device may never end
        yield IngestError(source=str(path), reason="not a regular file (pipe, socket or device)")
        return
    try:
        yield from iterate_with_deadline(read(path, max_bytes, data), READ_TIME_LIMIT)
    except DeadlineExceeded as exc:
        yield IngestError(source=str(path), reason=f"reading {exc}: pathological input?")
    except InputRejected as exc:
        yield IngestError(source=str(path), reason=str(exc))
    except OSError as exc:
        yield IngestError(source=str(path), reason=f"unreadable: {exc.strerror or exc}")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield IngestError(source=str(path), reason=f"truncated or corrupt compressed data: {exc}")
    except RecursionError:
        yield IngestError(source=str(path), reason="malformed: nested too deeply")
    except Exception as exc:  # a reader bug must cost one file, never the batch
        yield IngestError(source=str(path), reason=f"unreadable: {type(exc).__name__}: {exc}")


def _folder_problem(path: Path) -> str:
    """Why a folder reached the reader: ``input_files`` hands over those it cannot list."""
    try:
        os.listdir(path)
    except OSError as exc:
        return f"folder cannot be listed: {exc.strerror or exc}"
    return "a folder, not a file"


def _open(path: Path, data: bytes | None, gunzip: bool = True) -> IO[bytes]:
    """The file, or its bytes already read, as a binary stream; '.gz' unpacked on the fly."""
    raw: IO[bytes] = io.BytesIO(data) if data is not None else open(path, "rb")  # noqa: SIM115
    if gunzip and path.suffix.lower() == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    return raw


def _read_bytes(path: Path, max_bytes: int, data: bytes | None = None) -> bytes:
    """A whole single-document file, gunzipped, refusing more than ``max_bytes``."""
    with _open(path, data) as handle:
        content = handle.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise InputRejected(f"too large: over {max_bytes // (1024 * 1024)} MB")
    return content


def make_document(
    *,
    source: str,
    fmt: RawFormat,
    content: str,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    published: str | None = None,
    path: Path | None = None,
) -> RawDocument:
    """The one place a ``RawDocument`` is built, so every reader fills metadata alike."""
    if not content.strip():
        raise InputRejected("empty")
    text = visible_text(content) if fmt == "html" else content
    if not text.strip():
        raise InputRejected("no text in the page")
    return RawDocument(
        id=content_id(text),
        source=source,
        format=fmt,
        content=content,
        url=url or None,
        outlet=choose_outlet(url, outlet, path),
        title=fix_text(title).strip() if title else None,
        published=parse_date(published),
        language=detect_language(text),
    )


def visible_text(markup: str) -> str:
    """The page's text without script and style, for hashing and language detection."""
    try:
        tree = lxml_html.document_fromstring(markup.encode("utf-8"))
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for node in tree.xpath("//script|//style|//noscript"):
        node.drop_tree()
    return tree.text_content()


def _page_metadata(markup: str) -> dict[str, str | None]:
    """URL, site name, title and publication time declared in an HTML page's head."""
    try:
        tree = lxml_html.document_fromstring(markup.encode("utf-8"))
    except (ValueError, lxml_html.etree.ParserError):
        return {}

    def first(*xpaths: str) -> str | None:
        for xpath in xpaths:
            found = tree.xpath(xpath)
            if found and str(found[0]).strip():
                return str(found[0]).strip()
        return None

    return {
        "url": first("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"),
        "outlet": first("//meta[@property='og:site_name']/@content"),
        "title": first("//meta[@property='og:title']/@content", "//title/text()"),
        "published": first(
            "//meta[@property='article:published_time']/@content",
            "//meta[@name='date']/@content",
            "//time/@datetime",
        ),
    }


@reader(".txt", ".txt.gz")
def read_text(path: Path, max_bytes: int, data: bytes | None = None) -> Iterator[Result]:
    content = decode(_read_bytes(path, max_bytes, data))
    yield make_document(source=str(path), fmt="text", content=content, path=path)


def html_document(source: str, markup: str, url: str | None = None, **known: Any) -> RawDocument:
    meta = _page_metadata(markup)
    return make_document(
        source=source,
        fmt="html",
        content=markup,
        url=url or meta.get("url"),
        outlet=known.get("outlet") or meta.get("outlet"),
        title=known.get("title") or meta.get("title"),
        published=known.get("published") or meta.get("published"),
        path=known.get("path"),
    )


@reader(".html", ".htm", ".html.gz", ".htm.gz")
def read_html(path: Path, max_bytes: int, data: bytes | None = None) -> Iterator[Result]:
    markup = decode(_read_bytes(path, max_bytes, data))
    yield html_document(str(path), markup, path=path)


def _json_records(
    path: Path, max_bytes: int, data: bytes | None
) -> Iterator[tuple[str, Any] | IngestError]:
    """(locator, parsed object) per record: a JSON file holds one or a list, JSONL one a line."""
    if suffix_of(path).startswith(".jsonl"):
        blank = True
        with _open(path, data) as handle:
            number = 0
            while line := handle.readline(max_bytes + 1):  # bounded: a line may be huge
                number += 1
                source = f"{path}#{number}"
                if not line.strip():
                    continue
                blank = False
                if len(line) > max_bytes:
                    while line and not line.endswith(b"\n"):
                        line = handle.readline(max_bytes + 1)
                    yield IngestError(source=source, reason="too large")
                    continue
                try:
                    yield source, json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    yield IngestError(source=source, reason=f"malformed JSON: {exc}")
                except RecursionError:
                    yield IngestError(source=source, reason="malformed JSON: nested too deeply")
        if blank:
            raise InputRejected("empty")
        return
    try:
        parsed = json.loads(_read_bytes(path, max_bytes, data))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputRejected(f"malformed JSON: {exc}") from exc
    except RecursionError as exc:
        raise InputRejected("malformed JSON: nested too deeply") from exc
    items = parsed if isinstance(parsed, list) else [parsed]
    if not items:
        raise InputRejected("empty: the JSON list holds no records")
    for number, item in enumerate(items, start=1):
        yield (f"{path}#{number}" if isinstance(parsed, list) else str(path)), item


def _string_field(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputRejected(f"field {key!r} should be a string, not {type(value).__name__}")
        return value
    return None


@reader(".json", ".jsonl", ".json.gz", ".jsonl.gz")
def read_json(path: Path, max_bytes: int, data: bytes | None = None) -> Iterator[Result]:
    for item in _json_records(path, max_bytes, data):
        if isinstance(item, IngestError):
            yield item
            continue
        source, record = item
        try:
            if not isinstance(record, dict):
                raise InputRejected(f"expected an object, got {type(record).__name__}")
            known = {
                "url": _string_field(record, "url", "link"),
                "title": _string_field(record, "title", "headline"),
                "published": _string_field(record, "date", "published", "published_at"),
                "outlet": _string_field(record, "outlet", "source", "site_name"),
            }
            markup = _string_field(record, "html")
            text = _string_field(record, "text", "body", "content")
            if markup:
                yield html_document(source, fix_text(markup), **known)
            elif text:
                yield make_document(source=source, fmt="text", content=fix_text(text), **known)
            else:
                raise InputRejected("no 'text' or 'html' field")
        except InputRejected as exc:
            yield IngestError(source=source, reason=str(exc))


@reader(".warc", ".warc.gz")
def read_warc(path: Path, max_bytes: int, data: bytes | None = None) -> Iterator[Result]:
    """HTML responses in a WARC; other records (requests, metadata, images) are skipped."""
    with _open(path, data, gunzip=False) as stream:
        records = ArchiveIterator(
            stream, record_types=WarcRecordType.response, parse_http=False, fsspec_args=False
        )
        count = 0
        for count, record in enumerate(records, start=1):
            url = record.headers.get("WARC-Target-URI")
            source = f"{path}#{url or count}"
            try:
                if record.content_length > max_bytes:
                    raise InputRejected("too large")
                if record.headers.get("WARC-Block-Digest") and not record.verify_block_digest(
                    consume=False
                ):
                    raise InputRejected("corrupt WARC record: block digest mismatch (truncated?)")
                record.parse_http()
                if "html" not in (record.http_content_type or "").lower():
                    continue
                payload = record.reader.read()
                if len(payload) < record.content_length:
                    raise InputRejected("truncated WARC record")
                markup = decode(payload)
                yield html_document(source, markup, url=url)
            except InputRejected as exc:
                yield IngestError(source=source, reason=str(exc))
        if count == 0:
            raise InputRejected("malformed WARC: no response records")


@reader(".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")
def read_feed(path: Path, max_bytes: int, data: bytes | None = None) -> Iterator[Result]:
    feed = feedparser.parse(_read_bytes(path, max_bytes, data))
    if not feed.entries:
        reason = f"malformed feed: {feed.bozo_exception}" if feed.bozo else "feed has no entries"
        raise InputRejected(reason)
    site = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        source = f"{path}#{entry.get('id') or entry.get('link') or number}"
        contents = entry.get("content") or []
        markup = contents[0].get("value") if contents else entry.get("summary")
        try:
            if not markup:
                raise InputRejected("feed entry has no content")
            yield html_document(
                source,
                f"<html><body><article>{markup}</article></body></html>",
                url=entry.get("link"),
                outlet=site,
                title=entry.get("title"),
                published=entry.get("published") or entry.get("updated"),
            )
        except InputRejected as exc:
            yield IngestError(source=source, reason=str(exc))
