"""Decoding, mojibake repair and the document id that makes ingest idempotent."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

import ftfy
from chardetng_py import EncodingDetector

_WS = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls (ESC, CSI...): they move a terminal's cursor or rename its window.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
_DETECT_BYTES = 1_000_000  # enough to decide; more only costs time
# chardetng answers with the Encoding Standard's names; Python knows all but these.
_PYTHON_CODECS = {"windows-874": "cp874", "iso-8859-8-i": "iso8859-8"}
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

    UTF-16/32 text (Windows "Unicode" files) is recognised by its byte-order mark, UTF-16
    without one by its zero bytes; text that is not UTF-8 is decoded in the legacy
    encoding it most likely is (``legacy_encoding``).
    """
    wide = next((enc for bom, enc in _WIDE_BOMS if data.startswith(bom)), None)
    wide = wide or _utf16_without_bom(data[:65536])
    if wide:
        try:
            data = data.decode(wide).lstrip("\ufeff").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputRejected(f"bad encoding: broken {wide.upper()}") from exc
    if not data.strip():
        raise InputRejected("empty")
    sample = data[:65536]
    if b"\x00" in sample or len(_BINARY_CONTROL.findall(sample)) > len(sample) // 100:
        raise InputRejected("binary content, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = legacy_encoding(data)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputRejected(f"bad encoding: neither UTF-8 nor {encoding}") from exc
    return fix_text(text)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a byte-order mark: mostly-ASCII text has a zero byte in every
    other place (the odd ones little-endian, the even ones big-endian)."""
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0) / (len(sample) / 2), sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def legacy_encoding(data: bytes) -> str:
    """The legacy encoding non-UTF-8 bytes most likely are, as a web browser guesses it
    (chardetng, Firefox's detector): Windows-1252 for Western text, Windows-1250 or
    ISO-8859-2 for Czech, Polish or Hungarian, Windows-1251 for Russian... Its models of
    each script's letters tell Central European text from Western, where a statistical
    detector finds both equally clean."""
    detector = EncodingDetector()
    detector.feed(data[:_DETECT_BYTES], last=True)
    name = detector.guess(tld=None, allow_utf8=False)
    return _PYTHON_CODECS.get(name.lower(), name)


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


def content_id(text: str, publisher: str | None = None) -> str:
    """16 hex digits of SHA-256 over case- and whitespace-folded text, after the
    ``publisher`` (see ``publisher``) when there is one: the same text from two outlets
    is two documents (syndication is itself a finding), the same file twice is one."""
    folded = _WS.sub(" ", text).strip().casefold()
    key = f"{publisher}\n{folded}" if publisher else folded
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def publisher(outlet: str | None, url: str | None) -> str | None:
    """Who put a text out, for its id: the outlet when known, else the URL."""
    return outlet if outlet and outlet != "unknown" else url or None
