"""The clusterer's whole state as named numpy arrays, so a later run starts where the
last one ended instead of replaying every stored document's features.

A snapshot restores exactly the state it was taken of (the same numbers, the same
order of every list a later decision reads), so continuing from it decides as one
long session would. It is read with ``allow_pickle=False``: a database handed over by
someone else cannot run code through it. Settings other than the snapshot's, or bytes
that are not a whole snapshot, make it unusable (``None``): the caller replays instead.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import numpy as np

from parallax.embed import DIM
from parallax.stories.clusterer import Clusterer
from parallax.stories.features import DocFeatures
from parallax.stories.growable import Rows
from parallax.stories.index import PARTS, DocVectors, Sparse
from parallax.stories.settings import StorySettings


def _blobs(values: Sequence[bytes]) -> dict[str, np.ndarray]:
    return {
        "text": np.frombuffer(b"".join(values), dtype=np.uint8),
        "lengths": np.array([len(v) for v in values], dtype=np.int64),
    }


def _unblobs(text: np.ndarray, lengths: np.ndarray) -> list[bytes]:
    data = text.tobytes()
    ends = np.cumsum(lengths).tolist()
    starts = [0, *ends[:-1]]
    return [data[a:b] for a, b in zip(starts, ends, strict=True)]


def _strings(values: Sequence[str]) -> dict[str, np.ndarray]:
    return _blobs([v.encode("utf-8") for v in values])


def _unstrings(text: np.ndarray, lengths: np.ndarray) -> list[str]:
    return [blob.decode("utf-8") for blob in _unblobs(text, lengths)]


def _rows(rows: Rows) -> np.ndarray:
    return rows.data[: rows.size]


def _grown(array: np.ndarray) -> Rows:
    rows = Rows(array.shape[1], array.dtype, capacity=max(1024, 2 * len(array)))
    rows.data[: len(array)] = array
    rows.size = len(array)
    return rows


def _ragged(rows: list[list[Sparse]]) -> dict[str, np.ndarray]:
    """Documents' sparse parts as three flat arrays."""
    parts = [part for row in rows for part in row]
    return {
        "part_lengths": np.array([len(k) for k, _ in parts], dtype=np.int64).reshape(-1, PARTS),
        "part_keys": np.concatenate([k for k, _ in parts] or [np.zeros(0, np.uint32)]),
        "part_values": np.concatenate([v for _, v in parts] or [np.zeros(0, np.float32)]),
    }


def _unragged(a: dict[str, np.ndarray]) -> list[list[Sparse]]:
    lengths = a["part_lengths"].ravel().tolist()
    ends = np.cumsum(lengths).tolist()
    keys, values = a["part_keys"], a["part_values"]
    parts = [
        (keys[end - n : end].copy(), values[end - n : end].copy())
        for n, end in zip(lengths, ends, strict=True)
    ]
    return [parts[i : i + PARTS] for i in range(0, len(parts), PARTS)]


def dump(clusterer: Clusterer) -> bytes:
    """The clusterer's state, to be given to ``load``."""
    index, duplicates = clusterer.index, clusterer.duplicates
    postings = index.postings
    live = sorted(index.docs)
    edges = [index.edges[p] for p in live]
    arrays: dict[str, np.ndarray] = {
        "settings": np.frombuffer(repr(clusterer.settings).encode(), dtype=np.uint8),
        "doc_story": np.array(clusterer.doc_story, dtype=np.int64),
        "doc_original": np.array(clusterer.doc_original, dtype=np.int64),
        "doc_score": np.array(clusterer.doc_score, dtype=np.float64),
        "signatures": _rows(duplicates.signatures),
        "first_with_keys": np.fromiter(
            duplicates.first_with, np.uint64, len(duplicates.first_with)
        ),
        "first_with_docs": np.fromiter(
            duplicates.first_with.values(), np.int64, len(duplicates.first_with)
        ),
        "documents": np.array([index.documents], dtype=np.int64),
        "comparisons": np.array([index.comparisons, duplicates.comparisons], dtype=np.int64),
        "latest": np.array([index.latest]),
        "df": index.df,
        "days": _rows(index.days),
        "live": np.array(live, dtype=np.int64),
        **_ragged([index.docs[p].parts for p in live]),
        "vectors": np.array([index.docs[p].vector for p in live], dtype=np.float32).reshape(
            len(live), DIM
        ),
        **{
            f"features_{k}": v
            for k, v in _blobs([index.features[p].encode() for p in live]).items()
        },
        "edge_lengths": np.fromiter(map(len, edges), np.int64, len(edges)),
        "edge_nodes": np.fromiter((n for e in edges for n in e), np.int64),
        "edge_weights": np.fromiter((w for e in edges for w in e.values()), np.float64),
        "posting_keys": np.fromiter(postings, np.uint64, len(postings)),
        "posting_lengths": np.fromiter(map(len, postings.values()), np.int64, len(postings)),
        "posting_docs": np.fromiter((d for docs in postings.values() for d in docs), np.int64),
    }
    for name, values in (("doc_ids", clusterer.doc_ids), ("story_ids", clusterer.story_ids)):
        for part, array in _strings(values).items():
            arrays[f"{name}_{part}"] = array
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def _split(lengths: np.ndarray, values: list) -> list[list]:
    ends = np.cumsum(lengths).tolist()
    return [values[end - n : end] for n, end in zip(lengths.tolist(), ends, strict=True)]


def load(data: bytes, settings: StorySettings | None = None) -> Clusterer | None:
    """The clusterer ``dump`` saved, or None when it was made under other settings or
    the bytes are damaged."""
    settings = settings or StorySettings()
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            a = {name: stored[name] for name in stored.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None
    if a.get("settings") is None or a["settings"].tobytes().decode() != repr(settings):
        return None
    clusterer = Clusterer(settings)
    clusterer.doc_ids = _unstrings(a["doc_ids_text"], a["doc_ids_lengths"])
    clusterer.story_ids = _unstrings(a["story_ids_text"], a["story_ids_lengths"])
    clusterer.doc_story = a["doc_story"].tolist()
    clusterer.doc_original = a["doc_original"].tolist()
    clusterer.doc_score = a["doc_score"].tolist()
    clusterer.position = {doc_id: i for i, doc_id in enumerate(clusterer.doc_ids)}
    clusterer.story_of_id = {story_id: i for i, story_id in enumerate(clusterer.story_ids)}
    for position, (original, story) in enumerate(
        zip(clusterer.doc_original, clusterer.doc_story, strict=True)
    ):
        if original >= 0:
            clusterer.copies.setdefault(original, []).append(position)
        else:
            clusterer.members.setdefault(story, set()).add(position)
    duplicates, index = clusterer.duplicates, clusterer.index
    duplicates.signatures = _grown(a["signatures"])
    duplicates.first_with = dict(
        zip(a["first_with_keys"].tolist(), a["first_with_docs"].tolist(), strict=True)
    )
    index.documents = int(a["documents"][0])
    index.comparisons, duplicates.comparisons = a["comparisons"].tolist()
    index.latest = float(a["latest"][0])
    index.df = a["df"].copy()
    index.days = _grown(a["days"])
    live = a["live"].tolist()
    vectors = a["vectors"]
    index.docs = {
        p: DocVectors(parts=parts, vector=vectors[i].copy(), keys=[])
        for i, (p, parts) in enumerate(zip(live, _unragged(a), strict=True))
    }
    features = _unblobs(a["features_text"], a["features_lengths"])
    index.features = {p: DocFeatures.decode(f) for p, f in zip(live, features, strict=True)}
    nodes = _split(a["edge_lengths"], a["edge_nodes"].tolist())
    weights = _split(a["edge_lengths"], a["edge_weights"].tolist())
    index.edges = {
        p: dict(zip(n, w, strict=True)) for p, n, w in zip(live, nodes, weights, strict=True)
    }
    docs = _split(a["posting_lengths"], a["posting_docs"].tolist())
    index.postings = dict(zip(a["posting_keys"].tolist(), docs, strict=True))
    return clusterer
