"""The documents of one story as the analysis sees them: outlet labels, copies set apart."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from parallax.models import Annotations, Article, Assignment, Evidence, Span
from parallax.outlets import outlet_label as label_of


@dataclass
class StoryDocument:
    article: Article
    annotations: Annotations
    outlet: str
    copy_of: str | None
    sentences: list[Span]

    @property
    def doc_id(self) -> str:
        return self.article.doc_id

    def sentence_at(self, position: int) -> Span:
        """The sentence holding a character position (the whole paragraph if none)."""
        starts = [s.start for s in self.sentences]
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and self.sentences[index].start <= position < self.sentences[index].end:
            return self.sentences[index]
        return _paragraph_at(self.article.body, position)

    def evidence(self, sentence: Span) -> Evidence:
        return Evidence(doc_id=self.doc_id, outlet=self.outlet, sentence=sentence)


def outlet_label(article: Article) -> str:
    """The outlet, or for an unknown one (a plain-text dump) a short form of its source,
    so two unattributed documents count as two outlets (``parallax.outlets``)."""
    return label_of(article.outlet, article.url, article.doc_id)


def story_documents(
    documents: Sequence[tuple[Article, Annotations, Assignment | None]],
) -> list[StoryDocument]:
    """One entry per document; a near-duplicate copy keeps the id of its original."""
    result = []
    for article, notes, assignment in documents:
        if notes.doc_id != article.doc_id:
            raise ValueError(f"annotations of {notes.doc_id} given for article {article.doc_id}")
        copy_of = assignment.duplicate_of if assignment else None
        if copy_of == article.doc_id:
            copy_of = None
        spans = sorted(notes.sentences, key=lambda s: s.start) or [
            Span(start=0, end=len(article.body), text=article.body)
        ]
        sentences = list(within_paragraphs(spans))
        result.append(
            StoryDocument(
                article=article,
                annotations=notes,
                outlet=outlet_label(article),
                copy_of=copy_of,
                sentences=sentences,
            )
        )
    return result


def _paragraph_at(body: str, position: int) -> Span:
    start = body.rfind("\n\n", 0, position)
    start = 0 if start < 0 else start + 2
    end = body.find("\n\n", position)
    end = len(body) if end < 0 else end
    return Span(start=start, end=end, text=body[start:end])


LINE_BREAK = re.compile(r"(\n\s*\n|(?<![.!?,;:\"”’)…])\n)")
"""A paragraph break, or a line break after a line that does not end a sentence (a
headline, a dateline, 'Updated 4:08 p.m. ET'); a line ending in a comma runs on."""


def within_paragraphs(sentences: Sequence[Span]) -> Iterator[Span]:
    """Sentences cut at paragraph breaks and after headline-like lines: a headline or
    junk line never runs into the first sentence of the text below it, and is a
    statement of its own."""
    for sentence in sentences:
        start = sentence.start
        for part in LINE_BREAK.split(sentence.text):
            text = part.strip()
            if text and not part.isspace():
                offset = start + part.index(text)
                yield Span(start=offset, end=offset + len(text), text=text)
            start += len(part)
