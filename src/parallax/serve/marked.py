"""An article body cut into paragraphs, sentences and marked pieces for the templates.

Nothing here builds HTML: templates render the pieces with autoescaping, so article
text can never become markup. Every sentence gets an anchor id that findings link to.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from parallax.models import Annotations, Evidence, LoadedTerm, Span


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    title: str | None = None


@dataclass(frozen=True)
class Piece:
    text: str
    css: str
    title: str | None


@dataclass
class Sentence:
    anchor: str | None
    css: str
    pieces: list[Piece]


@dataclass
class Paragraph:
    sentences: list[Sentence] = field(default_factory=list)


def sentence_anchor(prefix: str, start: int, end: int) -> str:
    return f"{prefix}s-{start}-{end}"


def paragraph_bounds(body: str) -> list[tuple[int, int]]:
    """Offsets of the non-empty paragraphs (``Article.body`` joins them by blank lines)."""
    bounds, position = [], 0
    for part in body.split("\n\n"):
        if part.strip():
            bounds.append((position, position + len(part)))
        position += len(part) + 2
    return bounds


def trim(body: str, start: int, end: int) -> tuple[int, int]:
    """A sentence without the stray marks it carries across a paragraph break: the
    parser often opens a sentence with the previous paragraph's closing quote mark, and
    its anchor (the highlighted part) would be that lone mark."""
    while (head := body.find("\n\n", start, end)) >= 0 and _STRAY.fullmatch(body[start:head]):
        start = head + 2
    tail = body.rfind("\n\n", start, end)
    if tail >= 0 and _STRAY.fullmatch(body[tail + 2 : end]):
        end = tail
    while start < end and body[start].isspace():
        start += 1
    return start, end


_STRAY = re.compile(r"[\s\W_]*")
"""Text with no letter or digit: quote marks, dashes, whitespace."""


class SentenceIndex:
    """The sentences of one body, with any evidence span no sentence covers added."""

    def __init__(
        self, body: str, sentences: Iterable[Span], extra: Iterable[tuple[int, int]] = ()
    ) -> None:
        kept: list[tuple[int, int]] = []
        bounds = [*((s.start, s.end) for s in sentences), *extra]
        self._moved: dict[int, int] = {}
        for first, last in sorted(bounds, key=lambda b: (b[0], -b[1])):
            start, end = trim(body, max(0, first), min(len(body), last))
            if start != first:
                self._moved[first] = start
            if start < end and not (kept and start < kept[-1][1]):
                kept.append((start, end))
        self.spans = kept
        self._starts = [start for start, _ in kept]
        self._found: dict[int, tuple[int, int] | None] = {}

    def containing(self, position: int) -> tuple[int, int] | None:
        """Looked up once per position: a story cites the same sentences many times. A
        sentence's start that was trimmed still finds the sentence."""
        position = self._moved.get(position, position)
        if position not in self._found:
            index = bisect.bisect_right(self._starts, position) - 1
            inside = index >= 0 and self.spans[index][0] <= position < self.spans[index][1]
            self._found[position] = self.spans[index] if inside else None
        return self._found[position]


def evidence_anchor(index: SentenceIndex, evidence: Evidence, prefix: str) -> str:
    found = index.containing(evidence.sentence.start)
    start, end = found or (evidence.sentence.start, evidence.sentence.end)
    return sentence_anchor(prefix, start, end)


def loaded_marks(body: str, terms: Iterable[LoadedTerm]) -> list[Mark]:
    """A loaded term is located inside its evidence sentence (the record has no own span)."""
    marks = []
    lowered = body.lower()
    for term in terms:
        sentence = term.evidence.sentence
        at = lowered.find(term.text.lower(), sentence.start, sentence.end)
        if at >= 0:
            kind = "quoted" if term.quoted else "own"
            marks.append(Mark(at, at + len(term.text), f"loaded {kind}", term.category))
    return marks


def quote_marks(annotations: Annotations | None) -> list[Mark]:
    if annotations is None:
        return []
    return [Mark(q.start, q.end, "quote", q.kind) for q in annotations.quotes]


def _pieces(body: str, start: int, end: int, marks: list[Mark]) -> list[Piece]:
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted(
        {start, end, *(max(start, m.start) for m in inside)} | {min(end, m.end) for m in inside}
    )
    pieces = []
    for left, right in pairwise(cuts):
        covering = [m for m in inside if m.start <= left and m.end >= right]
        css = " ".join(dict.fromkeys(c for m in covering for c in m.css.split()))
        titles = [m.title for m in covering if m.title]
        pieces.append(Piece(body[left:right], css, ", ".join(titles) or None))
    return pieces


def mark_body(
    body: str,
    index: SentenceIndex,
    marks: list[Mark],
    prefix: str = "",
    sentence_css: dict[tuple[int, int], str] | None = None,
) -> list[Paragraph]:
    """Paragraphs of sentences of pieces; text between sentences becomes anchorless runs."""
    sentence_css = sentence_css or {}
    paragraphs = []
    for p_start, p_end in paragraph_bounds(body):
        paragraph = Paragraph()
        segments: list[tuple[int, int, tuple[int, int] | None]] = []
        position = p_start
        for s_start, s_end in index.spans:
            if s_end <= p_start or s_start >= p_end:
                continue
            left, right = max(s_start, p_start), min(s_end, p_end)
            if left > position:
                segments.append((position, left, None))
            segments.append((left, right, (s_start, s_end)))
            position = right
        if position < p_end:
            segments.append((position, p_end, None))
        for left, right, sentence in segments:
            first = sentence is not None and left == sentence[0]
            paragraph.sentences.append(
                Sentence(
                    anchor=sentence_anchor(prefix, *sentence) if first and sentence else None,
                    css=sentence_css.get(sentence, "") if sentence else "",
                    pieces=_pieces(body, left, right, marks),
                )
            )
        paragraphs.append(paragraph)
    return paragraphs
