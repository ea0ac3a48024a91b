"""Features of one line of text, the evidence every line rule looks at.

The features follow jusText (length, stopword density) and the C4 / Gopher /
RefinedWeb line filters (sentence-final punctuation, word count, share of
capitalised words). Stopwords come from spaCy's lists for the page's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

from parallax.clean.stopwords import guess_language, stopwords

_TOKEN = re.compile(r"\w+")
_BULLETS = "*•·▪►◦‣–-"
_BULLET = re.compile(rf"^[{_BULLETS}]\s+")
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A sentence ends with . ! ? … (or : ; before a list) possibly followed by closing
# quotes or brackets.
_TERMINAL = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$|[\"”’»]$")
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

    wide: int = 0

    @property
    def chars(self) -> int:
        """Length in Latin-script characters: a Chinese or Japanese character says about
        as much as a short word, so it counts three times."""
        return len(self.text) + 2 * self.wide


def normalise(text: str) -> str:
    """Whitespace collapsed and a leading list bullet dropped (text dumps such as
    inscriptis mark list items with "* ")."""
    cleaned = " ".join(text.split())
    return _BULLET.sub("", cleaned) if cleaned[:1] in _BULLETS else cleaned


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def split_lines(text: str, language: str | None = None) -> list[Line]:
    """The non-empty lines of ``text``, whitespace collapsed, with their features.

    ``language`` picks the stopword list; when unknown it is guessed from the text.
    """
    texts = [cleaned for raw in text.splitlines() if (cleaned := normalise(raw))]
    tokens = [_TOKEN.findall(line) for line in texts]
    words = [list(filter(str.isalpha, line)) for line in tokens]
    stops = stopwords(language) if language else frozenset()
    if not stops:
        sample = (word.lower() for line in words if len(line) >= _GUESS_MIN_WORDS for word in line)
        guessed = guess_language(sample)
        stops = stopwords(guessed) if guessed else frozenset()
    is_stop = stops.__contains__
    return [
        Line(
            index=index,
            text=line,
            words=len(line_tokens),
            stop_density=_ratio(sum(map(is_stop, map(str.lower, line_words))), len(line_words)),
            terminal=_TERMINAL.search(line) is not None,
            capitalised=_ratio(
                sum(map(str.isupper, map(itemgetter(0), line_words))), len(line_words)
            ),
            wide=0 if line.isascii() else len(_WIDE.findall(line)),
        )
        for index, (line, line_tokens, line_words) in enumerate(
            zip(texts, tokens, words, strict=True)
        )
    ]
