"""The running document index: document frequencies, each document's sparse vectors,
blocking keys, and the similarity graph between documents.

Each sparse part of a document (body words, title and lead, entities, numbers) is a
tf-idf vector over exact term hashes: two words count as one only when they are the
same word (a vector folded into buckets made "bush" and "turkmenistan" one). Document
frequencies are counted as documents arrive. A new document is scored against the
earlier documents its blocking keys lead to (at most ``max_candidates``), so its cost
stays flat however large the archive grows; each score, divided by the threshold
for the pair (dated or not), is kept as an edge of the graph that stories are cut
from. Documents older than twice the time window are retired (their vectors and edges
dropped), so memory follows the documents still joinable, not the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy.sparse import csr_matrix

from parallax.stories.features import DocFeatures
from parallax.stories.growable import Rows
from parallax.stories.settings import StorySettings

PARTS = 4  # body, lead, entities, numbers: DocFeatures.parts()
_BODY, _LEAD, _ENTITIES = 0, 1, 2
_ENTITY_KEY = 1 << 32
_SWEEP_EVERY = 1024

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


def _dots(doc: Sparse, others: list[Sparse]) -> np.ndarray:
    """The dot product of one sparse vector with each of several, in one sorted search:
    each other vector's keys are offset by its position, so all make one sorted array."""
    found = np.zeros(len(others))
    lengths = np.fromiter((len(k) for k, _ in others), dtype=np.int64, count=len(others))
    if not len(doc[0]) or not lengths.sum():
        return found
    slots = np.arange(len(others), dtype=np.uint64) << np.uint64(32)
    keys = np.concatenate([k for k, _ in others]).astype(np.uint64) | np.repeat(slots, lengths)
    values = np.concatenate([v for _, v in others])
    wanted = (slots[:, None] | doc[0].astype(np.uint64)[None, :]).ravel()
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    hits = np.where(keys[at] == wanted, values[at], 0.0).reshape(len(others), -1)
    return hits @ doc[1].astype(np.float64)


class DocIndex:
    def __init__(self, settings: StorySettings) -> None:
        self.settings = settings
        self.documents = 0
        self.df = np.zeros((PARTS, 1 << settings.df_bits), dtype=np.int32)
        self._shift = np.uint32(32 - settings.df_bits)
        self.docs: dict[int, DocVectors] = {}  # live documents by position
        self.features: dict[int, DocFeatures] = {}  # the same documents' features
        self.days = Rows(1, np.float64)  # per position: the day, NaN when undated
        self.edges: dict[int, dict[int, float]] = {}  # live position -> neighbour -> weight
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

    def candidates(self, doc: DocVectors, day: float) -> tuple[np.ndarray, np.ndarray]:
        """Live documents sharing most blocking keys with the document, within the time
        window (most shared keys first, then the newest), and their gaps in days (0 when
        either date is unknown)."""
        postings = [found for key in doc.keys if (found := self.postings.get(key))]
        if not postings:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        docs, shared = np.unique(
            np.fromiter(chain.from_iterable(postings), dtype=np.int64), return_counts=True
        )
        live = np.fromiter((d in self.docs for d in docs.tolist()), dtype=bool, count=len(docs))
        docs, shared = docs[live], shared[live]
        gaps = np.nan_to_num(np.abs(self.days.data[docs, 0] - day), nan=0.0)
        keep = gaps <= self.settings.window_days
        docs, shared, gaps = docs[keep], shared[keep], gaps[keep]
        ranked = np.lexsort((-docs, -shared))[: self.settings.max_candidates]
        return docs[ranked], gaps[ranked]

    def score(self, doc: DocVectors, others: np.ndarray, gaps: np.ndarray) -> np.ndarray:
        """Combined similarity of the document to each of ``others``, ``gaps`` days away."""
        self.comparisons += len(others)
        s = self.settings
        found = [self.docs[o] for o in others.tolist()]
        cosines = np.stack(
            [
                *(_dots(doc.parts[p], [f.parts[p] for f in found]) for p in range(PARTS)),
                np.array([f.vector for f in found]) @ doc.vector,
            ],
            axis=1,
        )
        vector = np.clip((cosines[:, PARTS] - s.vector_floor) / (1.0 - s.vector_floor), 0.0, 1.0)
        combined = cosines[:, :PARTS] @ np.array(s.weights) + s.vector_weight * vector
        return combined * np.exp(-gaps / s.time_scale_days)

    def add(self, position: int, features: DocFeatures, doc: DocVectors | None) -> None:
        """Record the document's day; a document that is not a copy (``doc`` given) also
        counts its terms and becomes a candidate under its keys."""
        day = features.published
        while len(self.days) <= position:
            self.days.append(np.array([np.nan]))
        self.days.data[position] = day
        if day == day:  # not NaN
            self.latest = max(self.latest, day)
        if doc is None:
            return
        self.documents += 1
        for part, (terms, _) in enumerate(features.parts()):
            _count(self.df[part], terms >> self._shift)
        self.docs[position] = doc
        self.features[position] = features
        self.edges[position] = {}
        for key in doc.keys:
            posting = self.postings.setdefault(key, [])
            posting.append(position)
            if len(posting) > self.settings.posting_limit:
                del posting[0]

    def sweep(self) -> None:
        """Retire idle documents every ``_SWEEP_EVERY`` documents. Called once the newest
        document is linked and its stories cut: retiring inside ``add`` dropped a
        document (or the candidates it was about to be scored against) whose date lay
        behind the horizon, and linking it then failed."""
        if self.documents % _SWEEP_EVERY == 0:
            self._retire_idle()

    def similarities(self, nodes: list[int]) -> np.ndarray:
        """The combined score of every pair of ``nodes`` under today's document
        frequencies (not those each met on arrival), over the pair's threshold: what
        stories are cut from, the same whatever order the documents came in."""
        s = self.settings
        found = [self.features[n] for n in nodes]
        keys, counts, values, rows = [], [], [], []
        for row, doc in enumerate(found):
            for part, (terms, weights) in enumerate(doc.parts()):
                keys.append(terms.astype(np.uint64) | np.uint64(part << 32))
                counts.append(weights)
                rows.append(np.full(len(terms), row * PARTS + part))
        flat = np.concatenate(keys)
        distinct, columns = np.unique(flat, return_inverse=True)
        part_of = (flat >> np.uint64(32)).astype(np.int64)
        terms = (flat & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        idf = np.log((1.0 + self.documents) / (1.0 + self.df[part_of, terms >> self._shift])) + 1.0
        values = (1.0 + np.log(np.concatenate(counts).astype(np.float64))) * idf
        slot = np.concatenate(rows)
        norms = np.sqrt(np.bincount(slot, weights=values**2, minlength=len(nodes) * PARTS))
        values *= np.sqrt(np.array(s.weights))[part_of] / np.where(norms > 0, norms, 1.0)[slot]
        matrix = csr_matrix((values, (slot // PARTS, columns)), shape=(len(nodes), len(distinct)))
        combined = (matrix @ matrix.T).toarray()
        vectors = np.array([self.docs[n].vector for n in nodes])
        cosines = np.clip((vectors @ vectors.T - s.vector_floor) / (1.0 - s.vector_floor), 0, 1)
        combined += s.vector_weight * cosines
        days = self.days.data[nodes, 0]
        gaps = np.abs(days[:, None] - days[None, :])
        dated = ~np.isnan(gaps)
        combined *= np.exp(-np.nan_to_num(gaps, nan=0.0) / s.time_scale_days)
        return combined / np.where(dated, s.join_threshold, s.undated_join_threshold)

    def link(self, a: int, b: int, weight: float) -> None:
        self.edges[a][b] = weight
        self.edges[b][a] = weight

    def _retire_idle(self) -> None:
        horizon = self.latest - 2 * self.settings.window_days
        days = self.days.data[:, 0]
        for position in sorted(self.docs):
            if days[position] < horizon:
                for neighbour in self.edges.pop(position):
                    self.edges.get(neighbour, {}).pop(position, None)
                del self.docs[position]
                del self.features[position]
