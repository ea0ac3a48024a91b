"""Features of one line of text, the evidence every line rule looks at.

The features follow jusText (length, stopword density) and the C4 / Gopher /
RefinedWeb line filters (sentence-final punctuation, word count, share of
capitalised words). Stopwords come from spaCy's lists for the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from parallax.clean.stopwords import guess_language, stopwords

_TOKEN = re.compile(r"\w+")
_BULLETS = "*•·▪►◦‣–-"
_BULLET = re.compile(rf"^[{_BULLETS}]\s+")
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A sentence ends with . ! ? … (or : ; before a list) possibly followed by closing
# quotes or brackets, or with a closing quote.
_SENTENCE_END = frozenset(".!?…:;。！？")
_CLOSERS = "\"'”’»)]"
_CLOSING_QUOTES = frozenset('"”’»')
# Lines this long in words are used to guess the language.
_GUESS_MIN_WORDS = 8


@dataclass(slots=True)
class Line:
    """One non-empty line of a text dump with the features rules use."""

    index: int
    text: str
    words: int
    stop_density: float
    terminal: bool
    capitalised: float
    wide: int
    # Length in Latin-script characters: a Chinese or Japanese character (``wide``)
    # says about as much as a short word, so it counts three times.
    chars: int


def normalise(text: str) -> str:
    """Whitespace collapsed and a leading list bullet dropped (text dumps such as
    inscriptis mark list items with "* ")."""
    cleaned = " ".join(text.split())
    return _BULLET.sub("", cleaned) if cleaned[:1] in _BULLETS else cleaned


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _terminal(line: str) -> bool:
    if line[-1] in _CLOSING_QUOTES:
        return True
    bare = line.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] in _SENTENCE_END


@lru_cache(maxsize=65536)
def _features(text: str, language: str | None) -> tuple[int, float, bool, float, int, int]:
    """(words, stop density, terminal, capitalised, wide, chars) of a line, stopwords
    counted from ``language``'s list.

    Cached: menus and footers repeat within a page and across an outlet's pages.
    Keys and values hold only strings and numbers, which the garbage collector
    stops tracking, so a full cache does not make every collection slower."""
    stops = stopwords(language) if language else frozenset()
    tokens = _TOKEN.findall(text)
    words = list(filter(str.isalpha, tokens))
    lowered = " ".join(words).lower().split()
    wide = 0 if text.isascii() else len(_WIDE.findall(text))
    return (
        len(tokens),
        _ratio(sum(map(stops.__contains__, lowered)), len(words)),
        _terminal(text),
        _ratio(sum(map(str.isupper, map(itemgetter(0), words))), len(words)),
        wide,
        len(text) + 2 * wide,
    )


def forget_line_features() -> None:
    """Empty the cache of line features (for measurements that must start cold)."""
    _features.cache_clear()


def _sample(texts: Iterable[str]) -> Iterator[str]:
    """The lower-cased words of the lines long enough to tell the language, read
    only as far as the guess needs."""
    for text in texts:
        words = list(filter(str.isalpha, _TOKEN.findall(text)))
        if len(words) >= _GUESS_MIN_WORDS:
            yield from " ".join(words).lower().split()


def split_lines(text: str, language: str | None = None) -> list[Line]:
    """The non-empty lines of ``text``, whitespace collapsed, with their features.

    ``language`` picks the stopword list; when unknown it is guessed from the text.
    """
    texts = [cleaned for raw in text.splitlines() if (cleaned := normalise(raw))]
    if not (language and stopwords(language)):
        language = guess_language(_sample(texts))
    return [Line(index, line, *_features(line, language)) for index, line in enumerate(texts)]
