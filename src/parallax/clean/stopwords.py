"""Stopword lists per language, taken from the spaCy package we already ship.

Only spaCy's plain ``stop_words.py`` files are read (not the language packages,
whose imports cost seconds). The language of a dump is guessed from which list
its words hit most, so stopword density works on non-English pages too.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import chain, islice, repeat
from pathlib import Path

LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "sv",
    "da", "nb", "fi", "id", "tr", "ro", "cs", "uk",
)  # fmt: skip
# Words looked at when guessing the language; enough for a clear winner.
GUESS_SAMPLE = 300


def _spacy_lang_dir() -> Path:
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("spaCy is not installed; the cleaner needs its stopword lists")
    return Path(next(iter(spec.submodule_search_locations))) / "lang"


@cache
def stopwords(language: str) -> frozenset[str]:
    """The lower-case stopwords of ``language``; empty for a language spaCy lacks."""
    path = _spacy_lang_dir() / language / "stop_words.py"
    if language not in LANGUAGES or not path.exists():
        return frozenset()
    spec = importlib.util.spec_from_file_location(f"_parallax_stopwords_{language}", path)
    if spec is None or spec.loader is None:
        return frozenset()
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    words = {word.lower() for word in module.STOP_WORDS}
    return frozenset(words | {word.replace("'", "’") for word in words})


@lru_cache(maxsize=1)
def _owners() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for language in LANGUAGES:
        for word in stopwords(language):
            owners.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in owners.items()}


def guess_language(words: Iterable[str]) -> str | None:
    """The language whose stopwords the lower-case ``words`` hit most, if any."""
    sample = islice(words, GUESS_SAMPLE)
    hits = Counter(chain.from_iterable(map(_owners().get, sample, repeat(()))))
    best = max(LANGUAGES, key=hits.__getitem__)
    return best if hits[best] else None
