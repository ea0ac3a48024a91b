"""Alignment on built statements and on invented stories: many-to-many, no chaining."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from parallax.compare.align import align
from parallax.compare.claims import Statement
from parallax.compare.settings import CompareSettings
from parallax.compare.similarity import Similarity
from parallax.models import Comparison, Span


def _statement(doc: str, outlet: str, start: int) -> Statement:
    span = Span(start=start, end=start + 10, text="x" * 10)
    return Statement(
        doc_id=doc, outlet=outlet, sentence=span, clause=span, subject="", predicate="", object=""
    )


def _similarity(score: list[list[float]]) -> Similarity:
    matrix = np.array(score)
    return Similarity(score=matrix, lexical=matrix)


def test_a_statement_close_to_two_unrelated_ones_does_not_chain_them() -> None:
    statements = [_statement("a", "A", 0), _statement("b", "B", 0), _statement("c", "C", 0)]
    sim = _similarity([[1.0, 0.9, 0.1], [0.9, 1.0, 0.8], [0.1, 0.8, 1.0]])
    groups = align(statements, sim, CompareSettings(align_threshold=0.5, link_floor=0.3))
    assert [0, 1, 2] not in groups
    assert [0, 1] in groups and [2] in groups


def test_a_fact_told_in_two_sentences_of_one_article_links_both() -> None:
    statements = [_statement("a", "A", 0), _statement("a", "A", 50), _statement("b", "B", 0)]
    sim = _similarity([[1.0, 0.6, 0.9], [0.6, 1.0, 0.8], [0.9, 0.8, 1.0]])
    assert align(statements, sim, CompareSettings()) == [[0, 1, 2]]


def test_the_same_fact_is_agreed_and_a_verbless_headline_is_a_statement(
    make_story: Callable[..., Comparison],
) -> None:
    comparison = make_story(
        {
            "one.example": "Dam collapse in Ostrel province kills 14\n\n"
            "The Merovka Dam collapsed on Tuesday after days of heavy rain.",
            "two.example": "The Merovka Dam in Ostrel province burst on Tuesday after heavy rain. "
            "Farmers in the valley grow wheat and barley.",
        }
    )
    agreed = [f for f in comparison.findings if f.kind == "agreed"]
    assert agreed and "Merovka" in agreed[0].statement
    sentences = {e.sentence.text for f in comparison.findings for e in f.evidence}
    assert "Dam collapse in Ostrel province kills 14" in sentences
    assert not any("wheat" in e.sentence.text for f in agreed for e in f.evidence), (
        "an unrelated sentence joined the agreed fact"
    )
