"""Incremental story assignment: each new document joins a story or starts one."""

from __future__ import annotations

import pickle
import re

from parallax.models import Annotations, Article, Assignment

_WORD = re.compile(r"\w+")


class Clusterer:
    """Holds what it needs of earlier documents; ``dump``/``load`` keep it between runs."""

    def __init__(self, threshold: float = 0.3) -> None:
        self.threshold = threshold
        self.words: dict[str, set[str]] = {}
        self.story_of: dict[str, str] = {}

    def add(self, article: Article, annotations: Annotations) -> Assignment:
        words = {w.lower() for w in _WORD.findall(article.body)}
        best, best_score = None, 0.0
        for doc_id, other in self.words.items():
            score = len(words & other) / max(1, len(words | other))
            if score > best_score:
                best, best_score = doc_id, score
        story_id = self.story_of[best] if best and best_score >= self.threshold else article.doc_id
        self.words[article.doc_id] = words
        self.story_of[article.doc_id] = story_id
        return Assignment(doc_id=article.doc_id, story_id=story_id, score=best_score)

    def dump(self) -> bytes:
        return pickle.dumps((self.threshold, self.words, self.story_of))

    @classmethod
    def load(cls, data: bytes) -> Clusterer:
        clusterer = cls()
        clusterer.threshold, clusterer.words, clusterer.story_of = pickle.loads(data)
        return clusterer
