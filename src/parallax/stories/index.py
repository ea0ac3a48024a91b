"""The running story index: document frequencies, story centroids, blocking keys.

Terms and entities are hashed (no vocabulary to keep); document frequencies are
counted as documents arrive, so idf is always that of the stream so far. A
document's tf-idf vectors are folded into fixed dimensions with a sign hash, which
keeps cosine similarity close to the exact one while making a story's centroid a
fixed-size row that sums its members. Stories idle for longer than the time window
can never be joined again; their rows are recycled, so memory follows the number
of active stories, not the size of the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np

from parallax.embed import DIM
from parallax.stories.features import DocFeatures
from parallax.stories.growable import Rows
from parallax.stories.settings import StorySettings

BODY_DIM = 512
TITLE_DIM = 128
ENTITY_DIM = 256
_TERM_BUCKETS = 1 << 20
_ENTITY_BUCKETS = 1 << 18
_ENTITY_KEY = 1 << 32
_SWEEP_EVERY = 1024
_WIDTH = BODY_DIM + TITLE_DIM + ENTITY_DIM + DIM
_PART_STARTS = np.array([0, BODY_DIM, BODY_DIM + TITLE_DIM, BODY_DIM + TITLE_DIM + ENTITY_DIM])


@dataclass(frozen=True)
class DocVectors:
    """A document seen through the corpus statistics at the time it arrived."""

    row: np.ndarray  # float32[_WIDTH]: unit body, title, entity and sentence vectors
    keys: list[int]  # blocking keys


def _fold(hashes: np.ndarray, weights: np.ndarray, dim: int) -> np.ndarray:
    signs = np.where((hashes >> np.uint32(11)) & np.uint32(1), -1.0, 1.0)
    folded = np.bincount(hashes % np.uint32(dim), weights=signs * weights, minlength=dim)
    norm = np.linalg.norm(folded)
    return folded / norm if norm > 0 else folded


def _idf(df: np.ndarray, buckets: np.ndarray, n: int) -> np.ndarray:
    return np.log((1.0 + n) / (1.0 + df[buckets])) + 1.0


def _count(df: np.ndarray, buckets: np.ndarray) -> None:
    """``np.add.at(df, buckets, 1)`` for sorted buckets (hashes are kept sorted), faster."""
    df[buckets] += 1
    repeated = buckets[1:][buckets[1:] == buckets[:-1]]
    if len(repeated):
        np.add.at(df, repeated, 1)


def _top(hashes: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    if len(hashes) <= k:
        return hashes
    return hashes[np.argsort(-weights, kind="stable")[:k]]


class StoryIndex:
    def __init__(self, settings: StorySettings) -> None:
        self.settings = settings
        self.documents = 0
        self.term_df = np.zeros(_TERM_BUCKETS, dtype=np.int32)
        self.entity_df = np.zeros(_ENTITY_BUCKETS, dtype=np.int32)
        self.sums = Rows(_WIDTH, np.float32)  # per row: summed unit vectors of members
        self.norms = Rows(len(_PART_STARTS), np.float32)  # per row: norm of each part
        self.free_rows: list[int] = []
        self.row_of = Rows(1, np.int64)  # story -> row in ``sums``, -1 once retired
        self.span = Rows(2, np.float64)  # story -> first and last day
        self.live: set[int] = set()
        self.postings: dict[int, list[int]] = {}
        self.latest = -np.inf
        self.comparisons = 0

    def vectors(self, features: DocFeatures) -> DocVectors:
        n = self.documents
        term_buckets = features.terms >> np.uint32(12)
        body_weights = (1.0 + np.log(features.counts)) * _idf(self.term_df, term_buckets, n)
        title_weights = _idf(self.term_df, features.title_terms >> np.uint32(12), n)
        entity_weights = (1.0 + np.log(features.entity_counts)) * _idf(
            self.entity_df, features.entities >> np.uint32(14), n
        )
        row = np.concatenate(
            [
                _fold(features.terms, body_weights, BODY_DIM),
                _fold(features.title_terms, title_weights, TITLE_DIM),
                _fold(features.entities, entity_weights, ENTITY_DIM),
                features.vector.astype(np.float64),
            ]
        ).astype(np.float32)
        terms = _top(features.terms, body_weights, self.settings.block_terms)
        entities = _top(features.entities, entity_weights, self.settings.block_entities)
        keys = sorted({*terms.tolist(), *features.title_terms.tolist()}) + sorted(
            int(e) | _ENTITY_KEY for e in entities.tolist()
        )
        return DocVectors(row=row, keys=keys)

    def _gap(self, day: float, stories: np.ndarray) -> np.ndarray:
        """Days between ``day`` and each story's span; 0 when either date is unknown."""
        first, last = self.span.data[stories].T
        return np.fmax(np.fmax(day - last, first - day), 0.0)

    def candidates(self, doc: DocVectors, day: float) -> tuple[np.ndarray, np.ndarray]:
        """Stories sharing most blocking keys with the document, within the time window
        (most shared keys first, then the newest story), and their gaps in days."""
        postings = [found for key in doc.keys if (found := self.postings.get(key))]
        if not postings:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        stories, shared = np.unique(
            np.fromiter(chain.from_iterable(postings), dtype=np.int64), return_counts=True
        )
        gaps = self._gap(day, stories)
        keep = (self.row_of.data[stories, 0] >= 0) & (gaps <= self.settings.window_days)
        stories, shared, gaps = stories[keep], shared[keep], gaps[keep]
        ranked = np.lexsort((-stories, -shared))[: self.settings.max_candidates]
        return stories[ranked], gaps[ranked]

    def score(self, doc: DocVectors, stories: np.ndarray, gaps: np.ndarray) -> np.ndarray:
        """Combined similarity of the document to each story's centroid, ``gaps`` days
        away from it."""
        self.comparisons += len(stories)
        s = self.settings
        rows = self.row_of.data[stories, 0]
        dots = np.add.reduceat(self.sums.data[rows] * doc.row, _PART_STARTS, axis=1)
        norms = self.norms.data[rows]
        body, title, entity, vector = np.divide(
            dots, norms, out=np.zeros_like(dots), where=norms > 0
        ).T
        vector = np.clip((vector - s.vector_floor) / (1.0 - s.vector_floor), 0.0, 1.0)
        combined = (
            s.body_weight * body
            + s.title_weight * title
            + s.entity_weight * entity
            + s.vector_weight * vector
        )
        return combined * np.exp(-gaps / s.time_scale_days)

    def new_story(self, day: float) -> int:
        self.span.append(np.array([day, day]))
        story = self.row_of.append(np.array([-1]))
        self._activate(story)
        return story

    def _activate(self, story: int) -> None:
        if self.free_rows:
            row = self.free_rows.pop()
        else:
            row = self.sums.append(np.zeros(_WIDTH))
            self.norms.append(np.zeros(len(_PART_STARTS)))
        self.sums.data[row] = 0.0
        self.norms.data[row] = 0.0
        self.row_of.data[story] = row
        self.live.add(story)

    def touch(self, story: int, day: float) -> None:
        """A document of ``story`` dated ``day`` arrived (copies too: they extend its span)."""
        if day == day:  # not NaN
            first, last = self.span.data[story].tolist()
            self.span.data[story] = (
                first if first <= day else day,  # NaN first: the day
                last if last >= day else day,
            )
            self.latest = max(self.latest, day)

    def add(self, story: int, features: DocFeatures, doc: DocVectors) -> None:
        """Count the document's terms and add it to its story's centroid and keys."""
        self.documents += 1
        _count(self.term_df, features.terms >> np.uint32(12))
        _count(self.entity_df, features.entities >> np.uint32(14))
        if self.row_of.data[story, 0] < 0:  # only when replaying under other settings
            self._activate(story)
        row = int(self.row_of.data[story, 0])
        self.sums.data[row] += doc.row
        self.norms.data[row] = np.sqrt(
            np.add.reduceat(np.square(self.sums.data[row]), _PART_STARTS)
        )
        limit = self.settings.posting_limit
        for key in doc.keys:
            posting = self.postings.setdefault(key, [])
            if story in posting:
                posting.remove(story)
            posting.append(story)
            if len(posting) > limit:
                del posting[0]
        if self.documents % _SWEEP_EVERY == 0:
            self._retire_idle()

    def _retire_idle(self) -> None:
        horizon = self.latest - 2 * self.settings.window_days
        for story in sorted(self.live):
            if self.span.data[story, 1] < horizon:
                self.free_rows.append(int(self.row_of.data[story, 0]))
                self.row_of.data[story] = -1
                self.live.discard(story)
