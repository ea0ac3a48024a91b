"""A story's title a reader can trust: the most central, least loaded headline of its
outlets, or the statement they all report when every headline takes a side.

One outlet's opinion headline ("… but can anyone trust the regime?") must not become the
story's name: loaded words (``compare.loaded``, the project's one lexicon of them),
questions, exclamations and quotation marks count against a headline; a headline close
to the others' words counts for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

from parallax.models import Comparison, Finding, StorySummary

WORD = re.compile(r"[^\W\d_]{3,}")
OPINION = re.compile(r"[?!\"“”]|(?:^|\s)[‘']\w|\b(?:we|our|us|you|your)\b", re.I)
"""Signs of a headline that argues or asks rather than tells."""
MAX_CORE = 140
"""Characters of the core statement used as a title; longer is cut at a word."""


@cache
def _loaded_hits() -> Callable[[str], int]:
    """Loaded words in a text, by the compare stage's detector (absent: none counted)."""
    try:
        from parallax.compare.loaded import detect
    except ImportError:  # a deployment without the compare stage still names its stories
        return lambda _text: 0
    return lambda text: len(detect(text, []))


def load_lexicon() -> None:
    """Compiled at start-up, so no visitor waits for it."""
    _loaded_hits()("")


def slant(headline: str) -> int:
    """How much a headline argues: loaded words plus signs of opinion."""
    return _loaded_hits()(headline) + len(OPINION.findall(headline))


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _centrality(index: int, word_sets: Sequence[set[str]]) -> float:
    """Mean word overlap (Jaccard) with the other headlines."""
    mine = word_sets[index]
    others = [w for i, w in enumerate(word_sets) if i != index]
    if not others or not mine:
        return 0.0
    return sum(len(mine & w) / len(mine | w) for w in others if w) / len(others)


def neutral_title(headlines: Sequence[str], core: str | None = None) -> str | None:
    """The least slanted headline, the most central among equals; the core statement
    when every headline argues (or there is none)."""
    return _title(tuple(dict.fromkeys(h.strip() for h in headlines if h and h.strip())), core)


@lru_cache(maxsize=8192)
def _title(unique: tuple[str, ...], core: str | None) -> str | None:
    """Kept per set of headlines: the story list names every story on each refresh."""
    word_sets = [_words(h) for h in unique]
    scored = [(slant(h), -_centrality(i, word_sets), len(h), h) for i, h in enumerate(unique)]
    best = min(scored, default=None)
    if best is not None and (best[0] == 0 or not core):
        return best[3]
    return _cut(core) if core else None


def _cut(text: str) -> str:
    text = text.strip().rstrip(".")
    if len(text) <= MAX_CORE:
        return text
    return text[:MAX_CORE].rsplit(" ", 1)[0] + "…"


def shared_findings(findings: Sequence[Finding]) -> list[Finding]:
    """What several outlets report, the story's core fact first: the statement most
    outlets report, in compare's order among equals."""
    shared = [f for f in findings if f.kind in ("agreed", "partial")]
    return sorted(shared, key=lambda f: -len(f.outlets))


def core_statement(findings: Sequence[Finding]) -> str | None:
    shared = shared_findings(findings)
    return shared[0].statement if shared else None


def story_title(comparison: Comparison) -> str:
    """The title every format gives a compared story."""
    titles = [t for coverage in comparison.outlets for t in coverage.titles]
    return (
        neutral_title(titles, core_statement(comparison.findings))
        or comparison.title
        or "Story comparison"
    )


def titled(stories: Sequence[StorySummary]) -> list[StorySummary]:
    """Each story under its neutral title rather than its most repeated headline."""
    return [s.model_copy(update={"title": neutral_title(s.headlines) or s.title}) for s in stories]
