"""The document index compares exact terms: dot products over sorted hashes equal those
of plain dictionaries, a pair scores the same on arrival and when stories are cut, and
figures as written are features of their own."""

from __future__ import annotations

import numpy as np

from parallax.models import Annotations, Article
from parallax.stories import StorySettings
from parallax.stories.features import featurize, hash_strings
from parallax.stories.index import DocIndex, _dots


def _sparse(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    keys = np.unique(rng.integers(0, 2**32, size, dtype=np.uint64)).astype(np.uint32)
    return keys, rng.random(len(keys)).astype(np.float32)


def test_dot_products_over_sorted_hashes_equal_those_of_dictionaries() -> None:
    rng = np.random.default_rng(3)
    shared = _sparse(rng, 40)[0]
    keys = np.unique(np.concatenate([shared[:20], _sparse(rng, 30)[0]]))
    doc = (keys, rng.random(len(keys)).astype(np.float32))
    centroids = [_sparse(rng, n) for n in (0, 5, 60)]
    centroids.append((shared, rng.random(len(shared)).astype(np.float32)))
    found = _dots(doc, centroids)
    weights = dict(zip(doc[0].tolist(), doc[1].tolist(), strict=True))
    for centroid, value in zip(centroids, found, strict=True):
        expected = sum(weights.get(k, 0.0) * v for k, v in zip(*centroid, strict=True))
        assert abs(value - expected) < 1e-5


def test_pairs_are_scored_alike_on_arrival_and_when_stories_are_cut() -> None:
    settings = StorySettings()
    texts = [
        "Marrowby floods as the River Tessel bursts its banks; 400 people evacuated.",
        "The River Tessel flooded Marrowby and 400 residents were moved to a shelter.",
    ]
    pairs = [
        (Article(doc_id=str(i), outlet="o", body=text), Annotations(doc_id=str(i)))
        for i, text in enumerate(texts)
    ]
    first, second = featurize(pairs, settings)
    index = DocIndex(settings)
    index.add(0, first, index.vectors(first))
    index.add(1, second, index.vectors(second))
    index.docs[0] = index.vectors(first)  # as if it arrived now, under today's frequencies
    on_arrival = index.score(index.vectors(second), np.array([0]), np.zeros(1))[0]
    cut = index.similarities([0, 1]) * settings.undated_join_threshold
    assert np.allclose(cut, cut.T)
    assert cut[0, 1] > 0.1
    assert abs(cut[0, 1] - on_arrival) < 1e-6


def test_figures_as_written_tell_look_alike_events_apart() -> None:
    first, second = (
        Article(doc_id=d, outlet="o", body=f"A magnitude {m} earthquake struck the island.")
        for d, m in (("a", "5.6"), ("b", "6.1"))
    )
    a, b = featurize(
        [(first, Annotations(doc_id="a")), (second, Annotations(doc_id="b"))], StorySettings()
    )
    assert a.numbers.tolist() == sorted(hash_strings(["5.6"]).astype(np.uint32).tolist())
    assert not set(a.numbers.tolist()) & set(b.numbers.tolist())
    assert a.terms.tolist() == b.terms.tolist()  # the words alone are the same
