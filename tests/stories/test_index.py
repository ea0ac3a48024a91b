"""The story index compares exact terms: dot products over sorted hashes equal those of
plain dictionaries, and figures as written are features of their own."""

from __future__ import annotations

import numpy as np

from parallax.models import Annotations, Article
from parallax.stories import StorySettings
from parallax.stories.features import featurize, hash_strings
from parallax.stories.index import _dots, _merge


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


def test_a_centroid_keeps_its_heaviest_terms() -> None:
    keys = np.array([1, 2, 3], dtype=np.uint32)
    merged = _merge(
        (keys, np.array([0.5, 0.1, 0.2], dtype=np.float32)),
        (np.array([2, 9], dtype=np.uint32), np.array([0.3, 0.05], dtype=np.float32)),
        limit=2,
    )
    assert merged[0].tolist() == [1, 2]
    assert np.allclose(merged[1], [0.5, 0.4])


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
