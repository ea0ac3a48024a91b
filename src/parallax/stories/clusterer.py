"""Incremental story assignment: each new document joins a story or starts one.

A document is first checked for being a copy (MinHash LSH); a copy joins its
original's story without changing the story's centroid or the term statistics.
Otherwise the stories reached through its blocking keys are scored and the best
one is joined if it scores high enough; no earlier decision is ever revisited.

Persistence is by replay: ``add_with_features`` hands out the document's compact
features, the store keeps them beside the assignment, and ``restore`` feeds them
back in the same order, which rebuilds exactly the same index.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parallax.models import Annotations, Article, Assignment
from parallax.stories.duplicates import DuplicateIndex
from parallax.stories.features import DocFeatures, featurize
from parallax.stories.index import DocVectors, StoryIndex
from parallax.stories.settings import StorySettings


class Clusterer:
    """Holds the stream's state; ``restore`` rebuilds it from stored features."""

    def __init__(self, settings: StorySettings | None = None) -> None:
        self.settings = settings or StorySettings()
        self.duplicates = DuplicateIndex(self.settings)
        self.index = StoryIndex(self.settings)
        self.doc_ids: list[str] = []
        self.doc_story: list[int] = []
        self.doc_original: list[int] = []
        self.story_ids: list[str] = []
        self.story_of_id: dict[str, int] = {}
        self.position: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.doc_ids)

    @property
    def comparisons(self) -> int:
        """Document-to-story and document-to-document similarity computations so far."""
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
        """``add`` for a batch, computing the sentence vectors together."""
        features = featurize(pairs, self.settings)
        return [self.add_features(a.doc_id, f) for (a, _), f in zip(pairs, features, strict=True)]

    def add_features(self, doc_id: str, features: DocFeatures) -> Assignment:
        if doc_id in self.position:
            return self.assignment(doc_id)
        keys = self.duplicates.band_keys(features.signature)
        found = self.duplicates.find(features.signature, keys)
        if found is not None:
            match, similarity = found
            original = self.doc_original[match]
            original = match if original < 0 else original
            self._insert(doc_id, features, self.doc_story[original], original, band_keys=keys)
            return self._assignment(self.position[doc_id], similarity)
        s = self.settings
        doc = self.index.vectors(features)
        stories, gaps = self.index.candidates(doc, features.published)
        story, score = -1, 0.0
        if len(stories):
            scores = self.index.score(doc, stories, gaps)
            best = int(np.argmax(scores))
            dated = not np.isnan([features.published, self.index.span.data[stories[best], 1]]).any()
            if scores[best] >= (s.join_threshold if dated else s.undated_join_threshold):
                story, score = int(stories[best]), float(scores[best])
        self._insert(doc_id, features, story, -1, doc=doc, band_keys=keys)
        return self._assignment(self.position[doc_id], score)

    def restore(self, assignment: Assignment, features: bytes) -> None:
        """Replay a stored decision; replaying every document in order rebuilds the state."""
        if assignment.doc_id in self.position:
            return
        decoded = DocFeatures.decode(features)
        story = self.story_of_id.get(assignment.story_id, -1)
        original = self.position.get(assignment.duplicate_of or "", -1)
        self._insert(assignment.doc_id, decoded, story, original, assignment.story_id)

    def _insert(
        self,
        doc_id: str,
        features: DocFeatures,
        story: int,
        original: int,
        story_id: str | None = None,
        doc: DocVectors | None = None,
        band_keys: list[int] | None = None,
    ) -> None:
        if story < 0:
            story = self.index.new_story(features.published)
            self.story_ids.append(story_id or doc_id)
            self.story_of_id[self.story_ids[story]] = story
        if original < 0:
            self.index.add(story, features, doc or self.index.vectors(features))
        self.index.touch(story, features.published)
        if band_keys is None:
            band_keys = self.duplicates.band_keys(features.signature)
        self.duplicates.add(features.signature, band_keys)
        self.position[doc_id] = len(self.doc_ids)
        self.doc_ids.append(doc_id)
        self.doc_story.append(story)
        self.doc_original.append(original)

    def _assignment(self, position: int, score: float) -> Assignment:
        original = self.doc_original[position]
        return Assignment(
            doc_id=self.doc_ids[position],
            story_id=self.story_ids[self.doc_story[position]],
            duplicate_of=self.doc_ids[original] if original >= 0 else None,
            score=round(score, 6),
        )

    def assignment(self, doc_id: str) -> Assignment:
        return self._assignment(self.position[doc_id], 0.0)
