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
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import feedparser
from fastwarc.warc import ArchiveIterator, WarcRecordType
from lxml import html as lxml_html

from parallax.ingest.deadline import DOCUMENT_TIME_LIMIT, DeadlineExceeded, iterate_with_deadline
from parallax.ingest.metadata import (
    choose_outlet,
    choose_outlet_name,
    detect_language,
    parse_date,
)
from parallax.ingest.normalize import (
    InputRejected,
    content_id,
    decode,
    fix_text,
    one_line,
    publisher,
)
from parallax.models import IngestError, RawDocument, RawFormat

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 100_000
"""Records (documents and errors) read from one file; past it the rest is not read, so
20 MB of ``[{},{},...]`` costs seconds and megabytes, not minutes and gigabytes."""
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
            seen: set[tuple[int, int]] = set()
            walk = os.walk(path, onerror=unlistable.append, followlinks=True)
            for root, dirs, files in walk:
                # a symlinked folder is walked, once: a link to a parent would loop
                stat = os.stat(root)
                if (stat.st_dev, stat.st_ino) in seen:
                    dirs.clear()
                    continue
                seen.add((stat.st_dev, stat.st_ino))
                dirs.sort()
                for name in sorted(files):
                    child = Path(root) / name
                    if suffix_of(child) in READERS:
                        yield child
            yield from (Path(error.filename) for error in unlistable)
        else:
            yield path


def read_paths(
    paths: Iterable[Path], max_bytes: int = MAX_DOCUMENT_BYTES, max_records: int = MAX_RECORDS
) -> Iterator[Result]:
    """Every document under the given files and folders; see ``input_files`` for the order."""
    for path in input_files(paths):
        yield from read_path(path, max_bytes, max_records=max_records)


def failure(source: str | Path, reason: str) -> IngestError:
    """An error naming what failed and why, on one short line of valid text whatever the
    input held (an undecodable byte in a file name, escape sequences in a URL)."""
    return IngestError(
        source=_shorten(one_line(str(source)), 400), reason=_shorten(one_line(reason), 400)
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_path(
    path: Path,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    data: bytes | None = None,
    max_records: int = MAX_RECORDS,
) -> Iterator[Result]:
    """Documents in one file, at most ``max_records`` results; ``data``, when given, is the
    file's bytes already read (Spark hands files over that way), and ``path`` then only
    names it."""
    if data is None and path.is_dir():
        yield failure(path, _folder_problem(path))
        return
    read = READERS.get(suffix_of(path))
    if read is None:
        yield failure(path, f"unsupported file type {suffix_of(path)!r}")
        return
    if data is None and path.exists() and not path.is_file():
        # opening a named pipe would block for ever; a device may never end
        yield failure(path, "not a regular file (pipe, socket or device)")
        return
    try:
        for count, result in enumerate(
            iterate_with_deadline(read(path, max_bytes, data), READ_TIME_LIMIT), start=1
        ):
            if count > max_records:
                yield failure(path, f"over {max_records:,} records: the rest was not read")
                return
            yield (
                failure(result.source, result.reason) if isinstance(result, IngestError) else result
            )
    except DeadlineExceeded as exc:
        yield failure(path, f"reading {exc}: pathological input?")
    except InputRejected as exc:
        yield failure(path, str(exc))
    except OSError as exc:
        yield failure(path, f"unreadable: {exc.strerror or exc}")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield failure(path, f"truncated or corrupt compressed data: {exc}")
    except RecursionError:
        yield failure(path, "malformed: nested too deeply")
    except Exception as exc:  # a reader bug must cost one file, never the batch
        yield failure(path, f"unreadable: {type(exc).__name__}: {exc}")


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
    outlet_name: str | None = None,
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
    url = one_line(url).strip() if url else None
    chosen = choose_outlet(url, one_line(outlet) if outlet else None, path)
    return RawDocument(
        id=content_id(text, publisher(chosen, url)),
        source=one_line(source),
        format=fmt,
        content=content,
        url=url or None,
        outlet=chosen,
        outlet_name=choose_outlet_name(outlet_name, outlet),
        title=one_line(fix_text(title)).strip() or None if title else None,
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
    """URL, site and publisher name, title and publication time declared in an HTML page."""
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
        "outlet": (site := first("//meta[@property='og:site_name']/@content")),
        "outlet_name": site
        or _json_ld_publisher(tree.xpath("//script[@type='application/ld+json']/text()"))
        or first("//meta[@name='application-name']/@content"),
        "title": first("//meta[@property='og:title']/@content", "//title/text()"),
        "published": first(
            "//meta[@property='article:published_time']/@content",
            "//meta[@name='date']/@content",
            "//time/@datetime",
        ),
    }


MAX_JSON_LD = 100_000
"""Characters of one JSON-LD block read for its publisher; a page's blocks are small."""


def _json_ld_publisher(blocks: list[str]) -> str | None:
    """``publisher.name`` of a page's JSON-LD (schema.org), in a list or an ``@graph``
    too; blocks that do not parse are passed over: a page's metadata never costs it."""
    for block in blocks:
        try:
            data = _parse_json(str(block)[:MAX_JSON_LD])
        except (ValueError, RecursionError):
            continue
        pending, seen = [data], 0
        while pending and seen < 200:  # breadth first, bounded: the article is near the top
            item, seen = pending.pop(0), seen + 1
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                found = item.get("publisher")
                found = found[0] if isinstance(found, list) and found else found
                name = found.get("name") if isinstance(found, dict) else found
                if isinstance(name, str) and name.strip():
                    return name
                pending.extend(v for v in item.values() if isinstance(v, list | dict))
    return None


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
        outlet_name=known.get("outlet_name") or meta.get("outlet_name"),
        title=known.get("title") or meta.get("title"),
        published=known.get("published") or meta.get("published"),
        path=known.get("path"),
    )


@reader(".html", ".htm", ".html.gz", ".htm.gz")
def read_html(path: Path, max_bytes: int, data: bytes | None = None) -> Iterator[Result]:
    markup = decode(_read_bytes(path, max_bytes, data))
    yield html_document(str(path), markup, path=path)


def _number(digits: str) -> int | float:
    """Python refuses to turn over 4,300 digits into an int (a guard against quadratic
    time): such a number becomes a float (inf) instead of failing its whole record."""
    return int(digits) if len(digits) <= MAX_INT_DIGITS else float(digits)


MAX_INT_DIGITS = 4_000
_JSON = json.JSONDecoder(parse_int=_number)
_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _parse_json(data: bytes | str) -> Any:
    text = data if isinstance(data, str) else data.decode(json.detect_encoding(data))
    return _JSON.decode(text)


def _json_lines(
    path: Path, max_bytes: int, data: bytes | None
) -> Iterator[tuple[str, Any] | IngestError]:
    """(line locator, parsed object) per JSONL line; a bad line is an error of its own."""
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
                yield source, _parse_json(line)
            except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
                yield IngestError(source=source, reason=f"malformed JSON: {exc}")
            except RecursionError:
                yield IngestError(source=source, reason="malformed JSON: nested too deeply")
    if blank:
        raise InputRejected("empty")


def _json_list(path: Path, text: str) -> Iterator[tuple[str, Any] | IngestError]:
    """The entries of a JSON list one at a time, never the whole list in memory; an entry
    that does not parse ends the list there (where the next one starts is unknown)."""
    position, number = _JSON_SPACE.match(text, 1).end(), 0  # type: ignore[union-attr]
    while position < len(text) and text[position] != "]":
        number += 1
        source = f"{path}#{number}"
        try:
            item, position = _JSON.raw_decode(text, position)
        except ValueError as exc:
            yield IngestError(
                source=source, reason=f"malformed JSON, the rest of the list unread: {exc}"
            )
            return
        except RecursionError:
            yield IngestError(
                source=source,
                reason="malformed JSON: nested too deeply, the rest of the list unread",
            )
            return
        yield source, item
        position = _JSON_SPACE.match(text, position).end()  # type: ignore[union-attr]
        if text[position : position + 1] == ",":
            position = _JSON_SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
        elif text[position : position + 1] != "]":
            yield IngestError(
                source=f"{path}#{number + 1}",
                reason="malformed JSON: expected ',' or ']' after an entry",
            )
            return
    if position >= len(text):
        yield IngestError(
            source=f"{path}#{number + 1}",
            reason="malformed JSON: the list is not closed (truncated?)",
        )
    elif number == 0:
        raise InputRejected("empty: the JSON list holds no records")


def _json_records(
    path: Path, max_bytes: int, data: bytes | None
) -> Iterator[tuple[str, Any] | IngestError]:
    """(locator, parsed object) per record: a JSON file holds one or a list, JSONL one a line."""
    if suffix_of(path).startswith(".jsonl"):
        yield from _json_lines(path, max_bytes, data)
        return
    raw = _read_bytes(path, max_bytes, data)
    try:
        text = raw.decode(json.detect_encoding(raw)).lstrip(" \t\n\r\ufeff")
    except UnicodeDecodeError as exc:
        raise InputRejected(f"malformed JSON: {exc}") from exc
    if text.startswith("["):
        yield from _json_list(path, text)
        return
    try:
        yield str(path), _parse_json(text)
    except ValueError as exc:
        raise InputRejected(f"malformed JSON: {exc}") from exc
    except RecursionError as exc:
        raise InputRejected("malformed JSON: nested too deeply") from exc


def _string_field(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputRejected(f"field {key!r} should be a string, not {type(value).__name__}")
        return value
    return None


def _name_field(record: dict[str, Any], *keys: str) -> str | None:
    """A name given as a string or as an object with a ``name`` (schema.org style);
    anything else is passed over: a missing name costs the name, not the record."""
    for key in keys:
        value = record.get(key)
        value = value.get("name") if isinstance(value, dict) else value
        if isinstance(value, str) and value.strip():
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
                "outlet_name": _name_field(record, "outlet_name", "publisher", "source_name"),
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


_WARC_START = b"WARC/1."
_GZIP_START = b"\x1f\x8b\x08"


def _next_start(stream: IO[bytes], after: int, marker: bytes) -> int | None:
    """Offset of the first ``marker`` (a record's first line, or a gzip member's magic)
    at or after ``after``: where reading can resume past a broken record."""
    stream.seek(after)
    carry, base = b"", after
    while chunk := stream.read(1 << 20):
        found = (carry + chunk).find(marker)
        if found >= 0:
            return base - len(carry) + found
        carry, base = (carry + chunk)[-len(marker) :], base + len(chunk)
    return None


def _warc_response(path: Path, record: Any, max_bytes: int) -> Iterator[Result]:
    url = record.headers.get("WARC-Target-URI")
    source = f"{path}#{url or f'byte {record.stream_pos}'}"
    try:
        if record.content_length > max_bytes:
            raise InputRejected("too large")
        if record.content_length == 0:
            raise InputRejected("empty record (a wrong Content-Length?)")
        if record.headers.get("WARC-Block-Digest") and not record.verify_block_digest(
            consume=False
        ):
            raise InputRejected("corrupt WARC record: block digest mismatch (truncated?)")
        record.parse_http()
        if "html" not in (record.http_content_type or "").lower():
            return
        payload = record.reader.read()
        if len(payload) < record.content_length:
            raise InputRejected("truncated WARC record")
        yield html_document(source, decode(payload), url=url)
    except InputRejected as exc:
        yield IngestError(source=source, reason=f"record at byte {record.stream_pos}: {exc}")


@reader(".warc", ".warc.gz")
def read_warc(path: Path, max_bytes: int, data: bytes | None = None) -> Iterator[Result]:
    """HTML responses in a WARC; other records (requests, metadata, images) are skipped.
    A record whose header does not parse is an error naming its offset, and reading
    resumes at the next record."""
    with _open(path, data, gunzip=False) as stream:
        marker = _GZIP_START if stream.read(3) == _GZIP_START else _WARC_START
        start: int | None = 0
        responses = broken = 0
        while start is not None:
            stream.seek(start)
            last, last_failed = None, False
            try:
                for record in ArchiveIterator(stream, parse_http=False, fsspec_args=False):
                    last, last_failed = record.stream_pos, False
                    if record.record_type == WarcRecordType.response:
                        responses += 1
                        for result in _warc_response(path, record, max_bytes):
                            last_failed = isinstance(result, IngestError)
                            yield result
                start = None
            except OSError as exc:  # fastwarc's "Invalid WARC header" ends its iterator
                if last is not None:  # resume at the next record; if none, name the last
                    start = _next_start(stream, last + 1, marker)
                    if start is None and not last_failed:
                        broken += 1
                        yield IngestError(
                            source=f"{path}#byte {last}",
                            reason=f"record at byte {last} ends in unreadable data: {exc}",
                        )
                    continue
                broken += 1
                yield IngestError(
                    source=f"{path}#byte {start}",
                    reason=f"record at byte {start} unreadable: {exc}",
                )
                start = _next_start(stream, start + 1, marker)
        if responses == 0 and not broken:
            raise InputRejected("malformed WARC: no response records")


def parse_feed(data: bytes) -> Any:
    """An RSS/Atom feed's bytes parsed (feedparser's result); refuses a feed with no entries.
    Also what ``parallax watch`` reads feeds with."""
    # A stream, never bytes or str: feedparser tries those as a file name or URL first,
    # so a feed whose content is "/etc/passwd" would ingest that file.
    feed = feedparser.parse(io.BytesIO(data))
    if not feed.entries:
        reason = f"malformed feed: {feed.bozo_exception}" if feed.bozo else "feed has no entries"
        raise InputRejected(reason)
    return feed


@reader(".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")
def read_feed(path: Path, max_bytes: int, data: bytes | None = None) -> Iterator[Result]:
    feed = parse_feed(_read_bytes(path, max_bytes, data))
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
