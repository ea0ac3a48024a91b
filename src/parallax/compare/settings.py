"""The knobs of the compare stage, in one frozen record so a run is reproducible."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CompareSettings:
    """Thresholds and weights with their defaults (tuned on the dev data of bench/align.py:
    MSRP train, STS headlines 2013-2015, ECB+ topics 1-25; never on the demo corpus).

    Similarity of two statements is ``compare/similarity.py``'s pair classifier (weights
    fitted by ``bench/fit_align.py``). Two statements are the same report when it
    reaches ``align_threshold``; a group only holds statements each of which reaches
    ``link_floor`` with every other member, so groups never chain through a statement
    that is close to two unrelated ones.
    """

    align_threshold: float = 0.4
    link_floor: float = 0.3
    transformer_budget: int | None = 24
    """Sentences of a story newly encoded by the transformer (~12 ms CPU each), those in
    the pairs the cheap score finds closest first; the other pairs keep the cheap score.
    ``None``: no limit. A story shown again reuses its vectors (kept per process)."""
    min_content_words: int = 3
    """A clause with fewer content words ("he added") is not a statement on its own,
    unless it carries a number or a date ("12 people were killed")."""
