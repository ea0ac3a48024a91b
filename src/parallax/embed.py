"""Sentence vectors from wordllama, loaded offline from the weights its wheel ships.

Shared by the stages that need vectors (stories, compare) so the model loads once.
wordllama 0.4.0.post1 looks for its tokenizer under ``tokenizer/`` while the wheel
ships it under ``tokenizers/`` and would then try to download it; we copy the bundled
file into a cache folder laid out the way the loader expects.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import wordllama
from wordllama import WordLlama
from wordllama.inference import WordLlamaInference

CONFIG = "l2_supercat"
DIM = 256


def _cache_dir() -> Path:
    package = Path(wordllama.__file__).parent
    cache_dir = Path(tempfile.gettempdir()) / "parallax-wordllama"
    for folder in ("tokenizers", "tokenizer"):
        target = cache_dir / folder
        target.mkdir(parents=True, exist_ok=True)
        for source in (package / "tokenizers").glob("*.json"):
            if not (target / source.name).exists():
                shutil.copyfile(source, target / source.name)
    return cache_dir


@cache
def wordllama_model() -> WordLlamaInference:
    """The model, loaded once per process; never touches the network."""
    return WordLlama.load(config=CONFIG, dim=DIM, cache_dir=_cache_dir(), disable_download=True)


def embed(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised row per text (zero rows for empty texts)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = np.asarray(wordllama_model().embed(list(texts), norm=True), dtype=np.float32)
    return vectors
