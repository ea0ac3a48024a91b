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

_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+")
_BULLET = re.compile(r"^[*•·▪►◦‣–-]\s+")
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
    return _BULLET.sub("", " ".join(text.split()))


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def split_lines(text: str, language: str | None = None) -> list[Line]:
    """The non-empty lines of ``text``, whitespace collapsed, with their features.

    ``language`` picks the stopword list; when unknown it is guessed from the text.
    """
    texts = [cleaned for raw in text.splitlines() if (cleaned := normalise(raw))]
    tokens = [_WORD.findall(line) for line in texts]
    stops = stopwords(language) if language else frozenset()
    if not stops:
        sample = (word.lower() for line in tokens if len(line) >= _GUESS_MIN_WORDS for word in line)
        guessed = guess_language(sample)
        stops = stopwords(guessed) if guessed else frozenset()
    is_stop = stops.__contains__
    lines = []
    for index, (line, words) in enumerate(zip(texts, tokens, strict=True)):
        lowered = line.lower() if words else ""
        lines.append(
            Line(
                index=index,
                text=line,
                words=len(words) + len(_NUMBER.findall(line)),
                stop_density=_ratio(sum(map(is_stop, _WORD.findall(lowered))), len(words)),
                terminal=_TERMINAL.search(line) is not None,
                capitalised=_ratio(sum(map(str.isupper, map(itemgetter(0), words))), len(words)),
                wide=0 if line.isascii() else len(_WIDE.findall(line)),
            )
        )
    return lines
