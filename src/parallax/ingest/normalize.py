"""Decoding, mojibake repair and the content hash that makes ingest idempotent."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import ftfy

_WS = re.compile(r"\s+")
_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


class InputRejected(ValueError):
    """The input cannot become a document; the message says why, for the user."""


def decode(data: bytes) -> str:
    """Bytes to repaired text; refuses empty, binary and undecodable input."""
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
    return unicodedata.normalize("NFC", ftfy.fix_text(text, normalization="NFC"))


def content_id(text: str) -> str:
    """16 hex digits of SHA-256 over case- and whitespace-folded text."""
    folded = _WS.sub(" ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]
