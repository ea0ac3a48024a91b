"""Word-level normalisation shared by alignment, conflicts and voices."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from unidecode import unidecode

_WORD = re.compile(r"[a-z0-9]+")
_STEM = 5
_SUFFIXES = ("ing", "ed", "es", "e", "s")
_EXTRA_STOP = frozenset({"said", "says", "say", "told", "added", "according", "mr", "ms", "also"})


def normalise(text: str) -> str:
    """Lower-case ASCII words joined by single spaces: 'Türkiye’s' -> 'turkiye s'."""
    return " ".join(_WORD.findall(unidecode(text).lower()))


@lru_cache(maxsize=65536)
def content_keys(text: str) -> frozenset[str]:
    """Content words cut to a short prefix, a cheap stemmer that also absorbs spelling
    variants ('negotiations'/'negotiate', 'Zelensky'/'Zelenskyy')."""
    return frozenset(
        _stem(word)
        for word in _WORD.findall(unidecode(text).lower())
        if word not in STOP_WORDS and word not in _EXTRA_STOP and len(word) > 2
    )


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:_STEM].rstrip("e")


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
