"""What the stories stage keeps of a document: a MinHash signature, and what carries
its event: body terms, the title and lead, entity ids, numbers, a sentence vector and a
date (when there is one; nothing needs it).

Terms are 32-bit hashes kept exactly (never folded into buckets), so two words share
nothing unless the same word. Features depend on the document alone (no corpus statistics), so they can be
computed in batches, stored beside the document, and replayed to rebuild the index.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash
from spacy.lang.en.stop_words import STOP_WORDS
from tokenizers import Tokenizer

from parallax.embed import DIM, wordllama_model
from parallax.models import Annotations, Article
from parallax.stories.settings import StorySettings

# ASCII letters fold to lower case, other ASCII punctuation becomes a space; bytes of
# multi-byte characters stay, so "Türkiye" is one token.
_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128) else 32
    for c in range(256)
)
_UNICODE_PUNCT = re.compile(rb"\xe2\x80[\x90-\xbf]|\xc2[\xa0-\xbf]")
_NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_HASH_CACHE_LIMIT = 2_000_000
_hashes: dict[bytes, int] = {}
_MIX = np.uint64(0x9E3779B1)
_MASK32 = np.uint64(0xFFFFFFFF)
_SECONDS_PER_DAY = 86_400.0
_CHARS_PER_TOKEN = 6  # generous: English runs about 4-5 characters per token
_MAGIC = b"PXF2"
_HEADER = struct.Struct("<4sdIIIII")
_PIECE = re.compile(r" +[^ ]*")
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*(?:st|nd|rd|th)?")
_PIECE_CACHE_LIMIT = 500_000
_piece_cache: dict[str, list[int]] = {}


def tokens(text: str) -> list[bytes]:
    """Lower-cased word tokens; bytes, since every later step only hashes them."""
    return _UNICODE_PUNCT.sub(b" ", text.encode("utf-8", "replace")).translate(_FOLD).split()


def _remember(token: bytes) -> int:
    if len(_hashes) >= _HASH_CACHE_LIMIT:
        _hashes.clear()
    found = _hashes[token] = zlib.crc32(token)
    return found


def hash_tokens(words: Sequence[bytes]) -> np.ndarray:
    """Stable 32-bit hashes (crc32, mixed): the same in every process and run."""
    found = list(map(_hashes.get, words))
    if None in found:
        found = [_remember(w) if h is None else h for w, h in zip(words, found, strict=True)]
    return (np.array(found, dtype=np.uint64) * _MIX) & _MASK32


def hash_strings(values: Sequence[str]) -> np.ndarray:
    return hash_tokens([v.encode("utf-8") for v in values])


@cache
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations, so signatures equal ``MinHash.update_batch``."""
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def shingle_hashes(word_hashes: np.ndarray, size: int) -> np.ndarray:
    """One 32-bit hash per run of ``size`` consecutive words (distinct values)."""
    if len(word_hashes) < size:
        return np.unique(word_hashes).astype(np.uint32)
    combined = np.zeros(len(word_hashes) - size + 1, dtype=np.uint64)
    for offset in range(size):
        combined = combined * np.uint64(0x01000193) + word_hashes[offset : offset + len(combined)]
        combined &= _MASK32
    return np.unique(combined).astype(np.uint32)


def signature(shingles: np.ndarray, settings: StorySettings) -> np.ndarray:
    """MinHash signature (datasketch affine32 scheme) of a set of shingle hashes."""
    a, b = permutations(settings.num_perm, settings.seed)
    if len(shingles) == 0:
        return np.full(settings.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    with np.errstate(over="ignore"):
        mixed = _fmix32(shingles.astype(np.uint32))[:, None]
        return (mixed * a[None, :] + b[None, :]).min(axis=0).astype(np.uint32)


@dataclass(frozen=True)
class DocFeatures:
    """Everything the index needs of one document, free of corpus statistics. Each part
    is distinct term hashes (uint32, sorted) with their counts (uint16)."""

    published: float  # days since the epoch; NaN when unknown
    signature: np.ndarray  # uint32[num_perm]
    terms: np.ndarray  # body words (stop words removed)
    counts: np.ndarray
    lead_terms: np.ndarray  # words of the title and the body's first words
    lead_counts: np.ndarray
    entities: np.ndarray  # canonical entity names
    entity_counts: np.ndarray
    numbers: np.ndarray  # tokens holding a digit: figures, scores, magnitudes, years
    number_counts: np.ndarray
    vector: np.ndarray  # float16[DIM] unit wordllama vector of title and lead

    def parts(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(terms, counts) of each sparse part, in ``StoryIndex.PARTS`` order."""
        return [
            (self.terms, self.counts),
            (self.lead_terms, self.lead_counts),
            (self.entities, self.entity_counts),
            (self.numbers, self.number_counts),
        ]

    def encode(self) -> bytes:
        parts = self.parts()
        header = _HEADER.pack(
            _MAGIC, self.published, len(self.signature), *(len(t) for t, _ in parts)
        )
        arrays = [self.signature.astype("<u4")]
        for terms, counts in parts:
            arrays += [terms.astype("<u4"), counts.astype("<u2")]
        return header + b"".join(a.tobytes() for a in arrays) + self.vector.astype("<f2").tobytes()

    @staticmethod
    def readable(data: bytes) -> bool:
        """Whether ``decode`` reads these bytes (not those of an older format)."""
        return data[:4] == _MAGIC

    @classmethod
    def decode(cls, data: bytes) -> DocFeatures:
        """The features ``encode`` made; ValueError for other bytes (an older format:
        the caller computes them again)."""
        if len(data) < _HEADER.size or data[:4] != _MAGIC:
            raise ValueError("story features of another format")
        _, published, n_sig, *sizes = _HEADER.unpack_from(data)
        offset = _HEADER.size
        layout = [("<u4", n_sig)]
        for n in sizes:
            layout += [("<u4", n), ("<u2", n)]
        layout.append(("<f2", DIM))
        arrays = []
        for dtype, n in layout:
            array = np.frombuffer(data, dtype=dtype, count=n, offset=offset)
            arrays.append(array.astype(np.dtype(dtype).newbyteorder("=")))
            offset += array.nbytes
        if offset != len(data):
            raise ValueError(f"story features of {len(data)} bytes are malformed")
        return cls(published, *arrays)


def _distinct(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, counts = np.unique(hashes, return_counts=True)
    return values.astype(np.uint32), np.minimum(counts, 65535).astype(np.uint16)


@cache
def _stop_table() -> np.ndarray:
    """Stop words and one-character tokens (which carry no topic), as a lookup table over
    the top 20 bits of a hash: a rare word sharing a stop word's slot is dropped too."""
    singles = [bytes([c]) for c in range(256) if _FOLD[c] == c and c != 32]
    hashes = hash_tokens([w.encode() for w in sorted(STOP_WORDS)] + singles)
    table = np.zeros(1 << 20, dtype=bool)
    table[hashes >> np.uint64(12)] = True
    return table


def _content(word_hashes: np.ndarray) -> np.ndarray:
    return word_hashes[~_stop_table()[word_hashes >> np.uint64(12)]]


def _entity_key(entity_id: str) -> str:
    """The canonical name without its type: NER often types one name differently in
    two reports (ORG or GPE), and it is still the same name."""
    return entity_id.partition(":")[2] or entity_id


def _entities(annotations: Annotations) -> tuple[np.ndarray, np.ndarray]:
    counts = Counter(
        _entity_key(m.entity_id) for m in annotations.mentions if m.label not in _NUMERIC_LABELS
    )
    for entity in annotations.entities:
        key = _entity_key(entity.id)
        if entity.label not in _NUMERIC_LABELS and key not in counts:
            counts[key] = 1
    ids = sorted(counts)
    if not ids:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint16)
    hashes = hash_strings(ids).astype(np.uint32)
    order = np.argsort(hashes, kind="stable")
    weights = np.minimum([counts[i] for i in ids], 65535).astype(np.uint16)
    return hashes[order], weights[order]


def _days(article: Article) -> float:
    return article.published.timestamp() / _SECONDS_PER_DAY if article.published else np.nan


@cache
def _tokenizer(max_tokens: int) -> Tokenizer:
    """wordllama's tokenizer without padding (which would make a vector depend on the
    batch it was computed in), cut at ``max_tokens``."""
    tokenizer = Tokenizer.from_str(wordllama_model().tokenizer.to_str())
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_tokens)
    return tokenizer


def _pieces(text: str) -> list[str] | None:
    """The text cut before each run of spaces; None where the cut would not be exact.

    wordllama's tokenizer (BPE, no pre-tokenizer) turns spaces into '▁' and merges
    over the whole text, but no token in its vocabulary holds a '▁' after anything
    but '▁', so no merge crosses such a cut (a '▁' in the text itself could). Pieces
    repeat across documents, so their tokens are cached: the merge over the whole
    text is what made tokenizing slow.
    """
    if not text or "\u2581" in text:
        return None
    return _PIECE.findall(" " + text)


@cache
def _piece_tokenizer(max_tokens: int) -> Tokenizer:
    """The tokenizer without the '▁' it puts before a text: a piece brings its own."""
    config = json.loads(_tokenizer(max_tokens).to_str())
    config["normalizer"] = {
        "type": "Replace",
        "pattern": {"String": " "},
        "content": "\u2581",
    }
    return Tokenizer.from_str(json.dumps(config))


def _piece_tokens(piece: str, max_tokens: int) -> list[int]:
    found = _piece_cache.get(piece)
    if found is None:
        if len(_piece_cache) >= _PIECE_CACHE_LIMIT:
            _piece_cache.clear()
        encoding = _piece_tokenizer(max_tokens).encode(piece, add_special_tokens=False)
        found = _piece_cache[piece] = encoding.ids
    return found


def token_ids(texts: Sequence[str], max_tokens: int) -> list[list[int]]:
    """The first ``max_tokens`` wordllama token ids of each text, as its tokenizer gives them."""
    found = []
    for text in texts:
        pieces = _pieces(text)
        if pieces is None:
            found.append(_tokenizer(max_tokens).encode(text, add_special_tokens=False).ids)
            continue
        ids: list[int] = []
        for piece in pieces:
            ids += _piece_cache.get(piece) or _piece_tokens(piece, max_tokens)
            if len(ids) >= max_tokens:
                break
        found.append(ids[:max_tokens])
    return found


def vectors(texts: Sequence[str], max_tokens: int) -> np.ndarray:
    """Unit wordllama vectors of the first ``max_tokens`` tokens of each text, as float16.

    Pooled here rather than by ``embed`` so long bodies are not padded to the longest.
    """
    model = wordllama_model()
    heads = [t[: max_tokens * _CHARS_PER_TOKEN] for t in texts]
    encodings = token_ids(heads, max_tokens)
    out = np.zeros((len(encodings), DIM), dtype=np.float32)
    for row, found in enumerate(encodings):
        if found:
            ids = np.clip(np.asarray(found), 0, len(model.embedding) - 1)
            out[row] = model.embedding[ids].sum(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    out = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
    return out.astype(np.float16)


def _numbers(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Figures as written ('5.6', '52-3', '81st'): the number that tells one earthquake,
    score or toll from a look-alike one."""
    found = [m.encode() for m in _NUMBER.findall(text)]
    if not found:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint16)
    return _distinct(hash_tokens(found))


def featurize(
    pairs: Sequence[tuple[Article, Annotations]], settings: StorySettings
) -> list[DocFeatures]:
    """Features of a batch of documents (the sentence vectors are computed together)."""
    leads = [f"{a.title or ''}\n\n{a.body}" for a, _ in pairs]
    vecs = vectors(leads, settings.vector_tokens)
    results = []
    for (article, notes), vector in zip(pairs, vecs, strict=True):
        word_hashes = hash_tokens(tokens(article.body))
        content = _content(word_hashes)
        title = _content(hash_tokens(tokens(article.title or "")))
        lead_terms, lead_counts = _distinct(np.concatenate([title, content[: settings.lead_words]]))
        terms, counts = _distinct(content)
        entities, entity_counts = _entities(notes)
        numbers, number_counts = _numbers(article.body)
        results.append(
            DocFeatures(
                published=_days(article),
                signature=signature(shingle_hashes(word_hashes, settings.shingle_size), settings),
                terms=terms,
                counts=counts,
                lead_terms=lead_terms,
                lead_counts=lead_counts,
                entities=entities,
                entity_counts=entity_counts,
                numbers=numbers,
                number_counts=number_counts,
                vector=vector,
            )
        )
    return results
