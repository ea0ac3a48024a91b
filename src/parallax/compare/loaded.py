"""Loaded language: evaluative words, name-calling, labels and scare quotes.

A lexicon (``data/loaded-lexicon.tsv``, ours) plus patterns. Each hit says whether it
sits inside a quotation (the outlet reports someone's words) or in the outlet's own
voice, because quoting "semi-fuhrer" is not the same as writing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from parallax.models import Quote

_QUOTED = re.compile(r"“[^“”]{1,600}”|\"[^\"\n]{1,600}\"|‘[^‘’]{1,80}’")
_SINGLE = re.compile(r"‘([^‘’\n]{1,40})’(?!\w)")
_DOUBLE = re.compile(
    r"\b(?:a|an|the|this|that|its|his|her|their|our|another|new|so-called)\s+"
    r"[“\"]([\w-]{3,30})[”\"]",
    re.IGNORECASE,
)
"""One word in double quotes after a determiner ('the "independent" bank'); after a verb
it is more often a partial quotation."""
_SO_CALLED = re.compile(r"\bso-called\s+[‘“\"]?([\w-]+(?:\s[\w-]+)?)", re.IGNORECASE)
_SPEECH_BEFORE = re.compile(
    r"(?<!so-)\b(?:said|says|told|tells|added|called|calls|described|hailed|termed|dubbed|"
    r"named|insisted|warned|accused|argued|claimed|wrote)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?][”\"’]?\s")
_MENTION_BEFORE = re.compile(
    r"\b(?:means?|meaning|known\s+as|translat\w*\s+as|the\s+(?:term|word|phrase|name|label)s?|"
    r"clicked|click|pressed|press|select(?:ed)?|labelled|labeled|marked|headlined|titled|entitled)"
    r"\s*$",
    re.IGNORECASE,
)
"""A word talked about, not used ('it means ‘turning the bones’', 'the word “loophole”',
'clicked ‘like’'): quotation marks of mention, not of distance."""
_COMPOUND = re.compile(
    r"(?<![\w-])[^\W\d_]{3,}-(?:hating|loving|obsessed|crazed|hungry|mongering|bashing|"
    r"baiting|worshipp?ing|infested|addled|deranged)(?![\w-])",
    re.IGNORECASE,
)
"""Epithets built on a hyphen ('power-hungry', 'gun-hating', 'hate-mongering'): the
lexicon cannot list every first half."""


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    category: str
    quoted: bool


@cache
def lexicon() -> re.Pattern[str]:
    """One alternation over all lexicon terms, longest first, each a named category."""
    text = resources.files("parallax.compare").joinpath("data/loaded-lexicon.tsv").read_text()
    by_category: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, category = line.split("\t")
        pattern = re.escape(term.rstrip("*")).replace(r"\ ", r"\s+")
        if term.endswith("*"):
            pattern += r"[\w-]*"
        by_category.setdefault(category.replace("-", "_"), []).append(pattern)
    groups = [
        f"(?P<{category}>{'|'.join(sorted(terms, key=len, reverse=True))})"
        for category, terms in by_category.items()
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])", re.IGNORECASE)


def quoted_regions(body: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Spans of reported words: the annotated direct quotes and any text in quotation marks."""
    regions = [(q.start, q.end) for q in quotes if q.kind == "direct"]
    regions += [(m.start(), m.end()) for m in _QUOTED.finditer(body)]
    return regions


def detect(body: str, quotes: list[Quote]) -> list[Hit]:
    """All hits in a body, in order, at most one per character span."""
    regions = quoted_regions(body, quotes)
    scare = list(_scare_quotes(body, quotes))
    scare_spans = {(h.start, h.end) for h in scare}

    def inside(start: int, end: int) -> bool:
        return any(
            s <= start
            and end <= e
            and (s, e) not in scare_spans
            and (s + 1, e - 1) not in scare_spans
            for s, e in regions
        )

    hits = [
        Hit(
            m.start(),
            m.end(),
            m.group(0),
            m.lastgroup.replace("_", "-"),
            inside(m.start(), m.end()),
        )
        for m in lexicon().finditer(body)
        if m.lastgroup
    ]
    hits += [
        Hit(m.start(), m.end(), m.group(0), "loaded", inside(m.start(), m.end()))
        for m in _COMPOUND.finditer(body)
        if not any(h.start < m.end() and m.start() < h.end for h in hits)
    ]
    taken = [(h.start, h.end) for h in hits]
    hits += [h for h in scare if not any(s < h.end and h.start < e for s, e in taken)]
    return sorted(hits, key=lambda h: h.start)


def _scare_quotes(body: str, quotes: list[Quote]) -> list[Hit]:
    """Short quoted terms that nobody is said to have said: the outlet's own distancing."""
    spoken = [(q.start, q.end) for q in quotes if q.kind == "direct" and q.speaker is not None]
    hits: list[Hit] = []
    for pattern in (_SINGLE, _DOUBLE):
        for match in pattern.finditer(body):
            inner = match.group(1)
            if inner.rstrip() != inner or inner[-1:] in ",.;:!?" or len(inner.split()) > 3:
                continue
            if any(ch.isdigit() for ch in inner) or _MENTION_BEFORE.search(
                body[max(0, match.start() - 40) : match.start()]
            ):
                continue
            if any(s <= match.start(1) and match.end(1) <= e for s, e in spoken):
                continue
            before = _SENTENCE_BREAK.split(body[max(0, match.start() - 300) : match.start()])[-1]
            if _SPEECH_BEFORE.search(before):
                continue
            start, end = match.start(1) - 1, match.end(1) + 1  # the marks, not the determiner
            hits.append(Hit(start, end, body[start:end], "scare-quote", False))
    return hits
