"""Near-duplicate lookup: LSH over MinHash signatures, banded.

Each band of ``rows`` signature values becomes one 64-bit key; two documents that
share a key are candidates, confirmed by the share of equal signature values (the
MinHash estimate of their shingle Jaccard). A key keeps the first document that had
it, which is what a copy should be linked to.
"""

from __future__ import annotations

import numpy as np

from parallax.stories.growable import Rows
from parallax.stories.settings import StorySettings

_ODD = np.uint64(0x9E3779B97F4A7C15)


class DuplicateIndex:
    def __init__(self, settings: StorySettings) -> None:
        self.settings = settings
        self.signatures = Rows(settings.num_perm, np.uint32)
        self.first_with: dict[int, int] = {}
        rng = np.random.default_rng(settings.seed)
        self._mult = rng.integers(1, 2**63, settings.rows, dtype=np.uint64) | np.uint64(1)
        self._salt = rng.integers(0, 2**63, settings.bands, dtype=np.uint64)
        self.comparisons = 0

    def band_keys(self, signature: np.ndarray) -> list[int]:
        bands = signature.reshape(self.settings.bands, self.settings.rows).astype(np.uint64)
        with np.errstate(over="ignore"):
            keys = (bands * self._mult).sum(axis=1) * _ODD ^ self._salt
        return keys.tolist()

    def find(self, signature: np.ndarray, keys: list[int]) -> tuple[int, float] | None:
        """The most similar earlier document at or above the threshold, if any
        (``keys`` are the signature's ``band_keys``)."""
        found = sorted({c for k in keys if (c := self.first_with.get(k)) is not None})
        if not found:
            return None
        self.comparisons += len(found)
        similarity = (self.signatures.data[found] == signature).mean(axis=1)
        best = int(np.argmax(similarity))
        if similarity[best] < self.settings.duplicate_threshold:
            return None
        return found[best], float(similarity[best])

    def add(self, signature: np.ndarray, keys: list[int]) -> int:
        index = self.signatures.append(signature)
        for key in keys:
            self.first_with.setdefault(key, index)
        return index
