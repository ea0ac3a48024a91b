"""The running story index: document frequencies, sparse story centroids, blocking keys.

Each sparse part of a document (body words, title and lead, entities, numbers) is a
tf-idf vector over exact term hashes: two words count as one only when they are the
same word (a vector folded into buckets made "bush" and "turkmenistan" one). Document
frequencies are counted as documents arrive, so idf is always that of the stream so
far. A story's centroid sums its members' unit vectors, keeping the heaviest
``centroid_terms`` terms of each part, so scoring a document against its candidate
stories is one sorted search per part and costs the same however large stories grow.
Stories idle for longer than the time window can never be joined again; their rows
are recycled, so memory follows the number of active stories, not the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np

from parallax.embed import DIM
from parallax.stories.features import DocFeatures
from parallax.stories.growable import Rows
from parallax.stories.settings import StorySettings

PARTS = 4  # body, lead, entities, numbers: DocFeatures.parts()
_BODY, _LEAD, _ENTITIES = 0, 1, 2
_ENTITY_KEY = 1 << 32
_SWEEP_EVERY = 1024
_EMPTY_KEYS = np.zeros(0, dtype=np.uint32)
_EMPTY_VALUES = np.zeros(0, dtype=np.float32)

Sparse = tuple[np.ndarray, np.ndarray]  # sorted uint32 term hashes, float32 weights


@dataclass(frozen=True)
class DocVectors:
    """A document seen through the corpus statistics at the time it arrived."""

    parts: list[Sparse]  # unit tf-idf vector of each sparse part
    vector: np.ndarray  # float32[DIM] unit sentence vector
    keys: list[int]  # blocking keys


def _count(df: np.ndarray, slots: np.ndarray) -> None:
    """``np.add.at(df, slots, 1)`` for sorted slots (hashes are kept sorted), faster."""
    df[slots] += 1
    repeated = slots[1:][slots[1:] == slots[:-1]]
    if len(repeated):
        np.add.at(df, repeated, 1)


def _top(hashes: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    if len(hashes) <= k:
        return hashes
    return hashes[np.argsort(-weights, kind="stable")[:k]]


def _unit(weights: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(weights)
    return (weights / norm if norm > 0 else weights).astype(np.float32)


def _merge(centroid: Sparse, doc: Sparse, limit: int) -> Sparse:
    """The centroid plus the document, cut to its ``limit`` heaviest terms."""
    keys = np.concatenate([centroid[0], doc[0]])
    if not len(keys):
        return centroid
    distinct, where = np.unique(keys, return_inverse=True)
    summed = np.bincount(where, weights=np.concatenate([centroid[1], doc[1]]))
    if len(distinct) > limit:
        keep = np.sort(np.argsort(-summed, kind="stable")[:limit])
        distinct, summed = distinct[keep], summed[keep]
    return distinct.astype(np.uint32), summed.astype(np.float32)


def _dots(doc: Sparse, centroids: list[Sparse]) -> np.ndarray:
    """The dot product of one sparse vector with each of several, in one sorted search:
    each centroid's keys are offset by its position, so all of them make one sorted array."""
    found = np.zeros(len(centroids))
    lengths = np.fromiter((len(k) for k, _ in centroids), dtype=np.int64, count=len(centroids))
    if not len(doc[0]) or not lengths.sum():
        return found
    slots = np.arange(len(centroids), dtype=np.uint64) << np.uint64(32)
    keys = np.concatenate([k for k, _ in centroids]).astype(np.uint64) | np.repeat(slots, lengths)
    values = np.concatenate([v for _, v in centroids])
    wanted = (slots[:, None] | doc[0].astype(np.uint64)[None, :]).ravel()
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    hits = np.where(keys[at] == wanted, values[at], 0.0).reshape(len(centroids), -1)
    return hits @ doc[1].astype(np.float64)


class StoryIndex:
    def __init__(self, settings: StorySettings) -> None:
        self.settings = settings
        self.documents = 0
        self.df = np.zeros((PARTS, 1 << settings.df_bits), dtype=np.int32)
        self._shift = np.uint32(32 - settings.df_bits)
        self.centroids: list[list[Sparse]] = []  # per row: each part's centroid
        self.vectors_sum = Rows(DIM, np.float32)  # per row: summed sentence vectors
        self.norms = Rows(PARTS + 1, np.float32)  # per row: norm of each part and the vector
        self.free_rows: list[int] = []
        self.row_of = Rows(1, np.int64)  # story -> row, -1 once retired
        self.span = Rows(2, np.float64)  # story -> first and last day
        self.live: set[int] = set()
        self.postings: dict[int, list[int]] = {}
        self.latest = -np.inf
        self.comparisons = 0

    def _idf(self, part: int, terms: np.ndarray) -> np.ndarray:
        n = self.documents
        return np.log((1.0 + n) / (1.0 + self.df[part][terms >> self._shift])) + 1.0

    def vectors(self, features: DocFeatures) -> DocVectors:
        s = self.settings
        parts, weights = [], []
        for part, (terms, counts) in enumerate(features.parts()):
            weight = (1.0 + np.log(counts)) * self._idf(part, terms)
            parts.append((terms, _unit(weight)))
            weights.append(weight)
        body = _top(features.terms, weights[_BODY], s.block_terms)
        lead = _top(features.lead_terms, weights[_LEAD], s.block_terms)
        entities = _top(features.entities, weights[_ENTITIES], s.block_entities)
        keys = sorted({*body.tolist(), *lead.tolist()}) + sorted(
            int(e) | _ENTITY_KEY for e in entities.tolist()
        )
        return DocVectors(parts=parts, vector=_unit(features.vector.astype(np.float32)), keys=keys)

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
        norms = self.norms.data[rows].astype(np.float64)
        dots = np.stack(
            [
                *(_dots(doc.parts[p], [self.centroids[r][p] for r in rows]) for p in range(PARTS)),
                self.vectors_sum.data[rows] @ doc.vector,
            ],
            axis=1,
        )
        cosines = np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
        vector = np.clip((cosines[:, PARTS] - s.vector_floor) / (1.0 - s.vector_floor), 0.0, 1.0)
        combined = cosines[:, :PARTS] @ np.array(s.weights) + s.vector_weight * vector
        return combined * np.exp(-gaps / s.time_scale_days)

    def new_story(self, day: float) -> int:
        self.span.append(np.array([day, day]))
        story = self.row_of.append(np.array([-1]))
        self._activate(story)
        return story

    def _activate(self, story: int) -> None:
        empty = [(_EMPTY_KEYS, _EMPTY_VALUES)] * PARTS
        if self.free_rows:
            row = self.free_rows.pop()
            self.centroids[row] = empty
        else:
            row = self.vectors_sum.append(np.zeros(DIM))
            self.norms.append(np.zeros(PARTS + 1))
            self.centroids.append(empty)
        self.vectors_sum.data[row] = 0.0
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
        for part, (terms, _) in enumerate(features.parts()):
            _count(self.df[part], terms >> self._shift)
        if self.row_of.data[story, 0] < 0:  # only when replaying under other settings
            self._activate(story)
        row = int(self.row_of.data[story, 0])
        limit = self.settings.centroid_terms
        merged = [_merge(c, d, limit) for c, d in zip(self.centroids[row], doc.parts, strict=True)]
        self.centroids[row] = merged
        self.vectors_sum.data[row] += doc.vector
        self.norms.data[row] = [
            *(np.linalg.norm(values) for _, values in merged),
            np.linalg.norm(self.vectors_sum.data[row]),
        ]
        for key in doc.keys:
            posting = self.postings.setdefault(key, [])
            if story in posting:
                posting.remove(story)
            posting.append(story)
            if len(posting) > self.settings.posting_limit:
                del posting[0]
        if self.documents % _SWEEP_EVERY == 0:
            self._retire_idle()

    def _retire_idle(self) -> None:
        horizon = self.latest - 2 * self.settings.window_days
        for story in sorted(self.live):
            if self.span.data[story, 1] < horizon:
                row = int(self.row_of.data[story, 0])
                self.centroids[row] = [(_EMPTY_KEYS, _EMPTY_VALUES)] * PARTS
                self.free_rows.append(row)
                self.row_of.data[story] = -1
                self.live.discard(story)
