"""Decoding, mojibake repair and the content hash that makes ingest idempotent."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

import ftfy

_WS = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls (ESC, CSI...): they move a terminal's cursor or rename its window.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputRejected(ValueError):
    """The input cannot become a document; the message says why, for the user."""


def decode(data: bytes) -> str:
    """Bytes to repaired text; refuses empty, binary and undecodable input.

    UTF-16/32 text (Windows "Unicode" files) is recognised by its byte-order mark.
    """
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                data = data.decode(encoding).encode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputRejected(f"bad encoding: broken {encoding.upper()}") from exc
            break
    if not data.strip():
        raise InputRejected("empty")
    sample = data[:65536]
    if b"\x00" in sample or len(_BINARY_CONTROL.findall(sample)) > len(sample) // 100:
        raise InputRejected("binary content, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputRejected("bad encoding: neither UTF-8 nor Windows-1252")
    return fix_text(text)


def fix_text(text: str) -> str:
    # Curly quotes carry meaning for quote detection: repair encoding, keep typography.
    return valid_text(unicodedata.normalize("NFC", ftfy.fix_text(text, uncurl_quotes=False)))


def valid_text(text: str) -> str:
    """Text every encoder takes: a lone surrogate (a file name's undecodable byte, a JSON
    ``"\\udcff"``) becomes U+FFFD, where SQLite or a terminal would raise on it."""
    return _SURROGATE.sub("\ufffd", text)


def strip_controls(text: str) -> str:
    """``text`` without control characters other than newline and tab."""
    return _CONTROL.sub("", valid_text(text))


def one_line(text: str) -> str:
    """A name, URL, id or reason from outside as valid text on one line, controls removed."""
    return strip_controls(_LINE_BREAKS.sub(" ", text))


def content_id(text: str) -> str:
    """16 hex digits of SHA-256 over case- and whitespace-folded text."""
    folded = _WS.sub(" ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]
