"""The knobs of the stories stage, in one frozen record so a run is reproducible."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StorySettings:
    """Thresholds and weights with their defaults (set on BASIL, see bench/stories.py).

    Near-duplicates: word shingles -> MinHash (``bands * rows`` permutations) -> LSH
    bands; a candidate whose estimated Jaccard reaches ``duplicate_threshold`` is
    the original of the new document.

    Stories: a document is scored against the stories its blocking keys lead to
    (top tf-idf body terms, title terms and entities; each key remembers only its
    ``posting_limit`` most recent stories, and at most ``max_candidates`` stories are
    scored). The score is a weighted sum of cosine similarities (tf-idf body,
    tf-idf title, entities, wordllama vector) times ``exp(-gap_days /
    time_scale_days)``; a story idle for more than ``window_days`` is no candidate.
    The document joins the best story if its score reaches ``join_threshold``.
    """

    shingle_size: int = 3
    bands: int = 10
    rows: int = 6
    duplicate_threshold: float = 0.8
    body_weight: float = 0.45
    title_weight: float = 0.3
    entity_weight: float = 0.2
    vector_weight: float = 0.3
    vector_floor: float = 0.7
    join_threshold: float = 0.13
    time_scale_days: float = 4.0
    window_days: float = 7.0
    block_terms: int = 12
    block_entities: int = 8
    posting_limit: int = 24
    max_candidates: int = 32
    vector_tokens: int = 192
    seed: int = 1

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows
