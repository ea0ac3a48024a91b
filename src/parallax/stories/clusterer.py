"""Story assignment: each new document is linked to the earlier ones it resembles, and
the stories around it are cut again from those links, whatever order they came in.

A document is first checked for being a copy (MinHash LSH); a copy follows its
original's story without adding links or changing the term statistics. Otherwise it
is scored against the documents its blocking keys lead to, and each score becomes a
link weighted by the threshold of the pair (dated pairs decay with their gap). The
documents connected to it through links above the threshold are then clustered again
by average linkage (a function of the links alone, not of the order they were made
in): two groups are one story while their documents' mean link reaches the
threshold, so one bridging document cannot merge two look-alike events. A story
keeps its id while it keeps most of its documents; documents whose story changed
are handed out by ``take_changes``.

Persistence is by replay: ``add_with_features`` hands out the document's compact
features, the store keeps them, and ``restore`` feeds them back in the same order,
which rebuilds exactly the same index and stories.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from parallax.models import Annotations, Article, Assignment
from parallax.stories.duplicates import DuplicateIndex
from parallax.stories.features import DocFeatures, featurize
from parallax.stories.index import DocIndex
from parallax.stories.settings import StorySettings


class Clusterer:
    """Holds the stream's state; ``restore`` rebuilds it from stored features."""

    def __init__(self, settings: StorySettings | None = None) -> None:
        self.settings = settings or StorySettings()
        self.duplicates = DuplicateIndex(self.settings)
        self.index = DocIndex(self.settings)
        self.doc_ids: list[str] = []
        self.doc_story: list[int] = []
        self.doc_original: list[int] = []
        self.doc_score: list[float] = []
        self.story_ids: list[str] = []
        self.story_of_id: dict[str, int] = {}
        self.position: dict[str, int] = {}
        self.copies: dict[int, list[int]] = {}
        self.members: dict[int, set[int]] = {}  # story -> its documents that are no copies
        self.changed: dict[int, None] = {}

    def __len__(self) -> int:
        return len(self.doc_ids)

    @property
    def comparisons(self) -> int:
        """Document-to-document similarity computations so far."""
        return self.index.comparisons + self.duplicates.comparisons

    def add(self, article: Article, annotations: Annotations) -> Assignment:
        return self.add_with_features(article, annotations)[0]

    def add_with_features(
        self, article: Article, annotations: Annotations
    ) -> tuple[Assignment, bytes]:
        """The assignment, and the features to store so a later run can ``restore`` it."""
        features = featurize([(article, annotations)], self.settings)[0]
        return self.add_features(article.doc_id, features), features.encode()

    def features(self, article: Article, annotations: Annotations) -> bytes:
        """The stored form of a document's features (for documents stored without them)."""
        return featurize([(article, annotations)], self.settings)[0].encode()

    def add_many(self, pairs: Sequence[tuple[Article, Annotations]]) -> list[Assignment]:
        """The stories of a batch once all of it is in (sentence vectors computed together)."""
        features = featurize(pairs, self.settings)
        for (article, _), found in zip(pairs, features, strict=True):
            self.add_features(article.doc_id, found)
        return [self.assignment(a.doc_id) for a, _ in pairs]

    def take_changes(self) -> list[Assignment]:
        """Documents added before whose story changed since the last call."""
        found = [self._assignment(p) for p in self.changed]
        self.changed.clear()
        return found

    def add_features(self, doc_id: str, features: DocFeatures) -> Assignment:
        if doc_id in self.position:
            return self.assignment(doc_id)
        position = len(self.doc_ids)
        self.position[doc_id] = position
        self.doc_ids.append(doc_id)
        keys = self.duplicates.band_keys(features.signature)
        found = self.duplicates.find(features.signature, keys)
        self.duplicates.add(features.signature, keys)
        if found is not None:
            match, similarity = found
            original = self.doc_original[match]
            original = match if original < 0 else original
            self.doc_story.append(self.doc_story[original])
            self.doc_original.append(original)
            self.doc_score.append(similarity)
            self.copies.setdefault(original, []).append(position)
            self.index.add(position, features, None)
            return self._assignment(position)
        self.doc_story.append(-1)
        self.doc_original.append(-1)
        doc = self.index.vectors(features)
        others, gaps = self.index.candidates(doc, features.published)
        self.index.add(position, features, doc)
        best = float(self._link(position, others, gaps).max()) if len(others) else 0.0
        self.doc_score.append(best)
        self._recluster(position)
        self.index.sweep()
        return self._assignment(position)

    def _link(self, position: int, others: np.ndarray, gaps: np.ndarray) -> np.ndarray:
        """Score the document against ``others`` and keep each score over the pair's
        threshold as a link."""
        scores = self.index.score(self.index.docs[position], others, gaps)
        days = self.index.days.data[others, 0]
        day = self.index.days.data[position, 0]
        dated = (days == days) & (day == day)
        weights = scores / np.where(
            dated, self.settings.join_threshold, self.settings.undated_join_threshold
        )
        for other, weight in zip(others.tolist(), weights.tolist(), strict=True):
            self.index.link(position, other, max(weight, 0.0))
        return scores

    def restore(self, assignment: Assignment, features: bytes) -> None:
        """Replay a stored document; replaying every document in the order they were
        added rebuilds the same state (the store already holds what it changed)."""
        self.add_features(assignment.doc_id, DocFeatures.decode(features))
        self.changed.clear()

    def _neighbourhood(self, start: int) -> list[int]:
        """The new document and the stories of those it links to at or above the
        threshold (strongest first, at most ``component_limit`` documents): what it can
        join, merge or split."""
        limit, live = self.settings.component_limit, self.index.docs
        linked = sorted(
            ((w, n) for n, w in self.index.edges[start].items() if w >= 1.0), reverse=True
        )
        nodes = {start}
        for _, neighbour in linked:
            story = self.members[self.doc_story[neighbour]]
            if len(nodes) + len(story) > limit:
                continue
            nodes.update(m for m in story if m in live)
        return sorted(nodes, key=self.doc_ids.__getitem__)

    def _recluster(self, start: int) -> None:
        nodes = self._neighbourhood(start)
        if len(nodes) == 1:
            self._set_story(start, self._new_story([start]))
            return
        top = self.settings.max_link_weight
        weights = np.minimum(self.index.similarities(nodes), top)
        distances = squareform(1.0 - weights / top, checks=False)
        labels = fcluster(linkage(distances, "average"), 1.0 - 1.0 / top + 1e-9, "distance")
        groups: dict[int, list[int]] = {}
        for node, label in zip(nodes, labels.tolist(), strict=True):
            groups.setdefault(label, []).append(node)
        taken: set[int] = set()
        for members in sorted(groups.values(), key=lambda m: (-len(m), self.doc_ids[m[0]])):
            held = Counter(self.doc_story[m] for m in members if self.doc_story[m] >= 0)
            ranked = sorted(held.items(), key=lambda kv: (-kv[1], self.story_ids[kv[0]]))
            story = next((s for s, _ in ranked if s not in taken), -1)
            if story < 0:
                story = self._new_story([start, *members] if start in members else members)
            taken.add(story)
            for member in members:
                self._set_story(member, story, changed=member != start)

    def _new_story(self, members: list[int]) -> int:
        """A story named after the first of ``members`` that names none yet (one that
        named a story it has left does)."""
        free = (self.doc_ids[m] for m in members if self.doc_ids[m] not in self.story_of_id)
        story_id = next(free, f"{self.doc_ids[members[0]]}-{len(self.story_ids)}")
        self.story_of_id[story_id] = len(self.story_ids)
        self.story_ids.append(story_id)
        return len(self.story_ids) - 1

    def _set_story(self, position: int, story: int, changed: bool = False) -> None:
        old = self.doc_story[position]
        if old == story:
            return
        if old >= 0:
            self.members[old].discard(position)
        self.members.setdefault(story, set()).add(position)
        self.doc_story[position] = story
        if changed:
            self.changed[position] = None
        for copy in self.copies.get(position, []):
            self.doc_story[copy] = story
            self.changed[copy] = None

    def _assignment(self, position: int) -> Assignment:
        original = self.doc_original[position]
        return Assignment(
            doc_id=self.doc_ids[position],
            story_id=self.story_ids[self.doc_story[position]],
            duplicate_of=self.doc_ids[original] if original >= 0 else None,
            score=round(self.doc_score[position], 6),
        )

    def assignment(self, doc_id: str) -> Assignment:
        return self._assignment(self.position[doc_id])
