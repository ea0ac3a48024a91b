"""A numpy table that grows by doubling, so appends stay amortised O(1)."""

from __future__ import annotations

import numpy as np


class Rows:
    """Rows of fixed width; ``data[:len]`` holds them."""

    def __init__(self, width: int, dtype: type | np.dtype, capacity: int = 1024) -> None:
        self.width = width
        self.data = np.zeros((capacity, width), dtype=dtype)
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def append(self, row: np.ndarray) -> int:
        if self.size == len(self.data):
            grown = np.zeros((2 * len(self.data), self.width), dtype=self.data.dtype)
            grown[: self.size] = self.data
            self.data = grown
        self.data[self.size] = row
        self.size += 1
        return self.size - 1
