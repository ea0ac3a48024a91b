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

from parallax.stories.clusterer import Clusterer
from parallax.stories.growable import Rows
from parallax.stories.index import PARTS, Sparse
from parallax.stories.settings import StorySettings


def _strings(values: Sequence[str]) -> dict[str, np.ndarray]:
    encoded = [v.encode("utf-8") for v in values]
    return {
        "text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "lengths": np.array([len(e) for e in encoded], dtype=np.int64),
    }


def _unstrings(text: np.ndarray, lengths: np.ndarray) -> list[str]:
    data = text.tobytes()
    ends = np.cumsum(lengths).tolist()
    starts = [0, *ends[:-1]]
    return [data[a:b].decode("utf-8") for a, b in zip(starts, ends, strict=True)]


def _rows(rows: Rows) -> np.ndarray:
    return rows.data[: rows.size]


def _grown(array: np.ndarray) -> Rows:
    rows = Rows(array.shape[1], array.dtype, capacity=max(1024, 2 * len(array)))
    rows.data[: len(array)] = array
    rows.size = len(array)
    return rows


def _centroids(centroids: list[list[Sparse]]) -> dict[str, np.ndarray]:
    parts = [part for row in centroids for part in row]
    return {
        "centroid_lengths": np.array([len(k) for k, _ in parts], dtype=np.int64).reshape(-1, PARTS),
        "centroid_keys": np.concatenate([k for k, _ in parts] or [np.zeros(0, np.uint32)]),
        "centroid_values": np.concatenate([v for _, v in parts] or [np.zeros(0, np.float32)]),
    }


def _uncentroids(a: dict[str, np.ndarray]) -> list[list[Sparse]]:
    lengths = a["centroid_lengths"].ravel().tolist()
    ends = np.cumsum(lengths).tolist()
    keys, values = a["centroid_keys"], a["centroid_values"]
    parts = [
        (keys[end - n : end].copy(), values[end - n : end].copy())
        for n, end in zip(lengths, ends, strict=True)
    ]
    return [parts[i : i + PARTS] for i in range(0, len(parts), PARTS)]


def dump(clusterer: Clusterer) -> bytes:
    """The clusterer's state, to be given to ``load``."""
    index, duplicates = clusterer.index, clusterer.duplicates
    postings = index.postings
    arrays: dict[str, np.ndarray] = {
        "settings": np.frombuffer(repr(clusterer.settings).encode(), dtype=np.uint8),
        "doc_story": np.array(clusterer.doc_story, dtype=np.int64),
        "doc_original": np.array(clusterer.doc_original, dtype=np.int64),
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
        **_centroids(index.centroids),
        "vectors_sum": _rows(index.vectors_sum),
        "norms": _rows(index.norms),
        "free_rows": np.array(index.free_rows, dtype=np.int64),
        "row_of": _rows(index.row_of),
        "span": _rows(index.span),
        "live": np.array(sorted(index.live), dtype=np.int64),
        "posting_keys": np.fromiter(postings, np.uint64, len(postings)),
        "posting_lengths": np.fromiter(map(len, postings.values()), np.int64, len(postings)),
        "posting_stories": np.fromiter(
            (s for stories in postings.values() for s in stories), np.int64
        ),
    }
    for name, values in (("doc_ids", clusterer.doc_ids), ("story_ids", clusterer.story_ids)):
        for part, array in _strings(values).items():
            arrays[f"{name}_{part}"] = array
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


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
    clusterer.position = {doc_id: i for i, doc_id in enumerate(clusterer.doc_ids)}
    clusterer.story_of_id = {story_id: i for i, story_id in enumerate(clusterer.story_ids)}
    duplicates, index = clusterer.duplicates, clusterer.index
    duplicates.signatures = _grown(a["signatures"])
    duplicates.first_with = dict(
        zip(a["first_with_keys"].tolist(), a["first_with_docs"].tolist(), strict=True)
    )
    index.documents = int(a["documents"][0])
    index.comparisons, duplicates.comparisons = a["comparisons"].tolist()
    index.latest = float(a["latest"][0])
    index.df = a["df"].copy()
    index.centroids = _uncentroids(a)
    index.vectors_sum, index.norms = _grown(a["vectors_sum"]), _grown(a["norms"])
    index.free_rows = a["free_rows"].tolist()
    index.row_of, index.span = _grown(a["row_of"]), _grown(a["span"])
    index.live = set(a["live"].tolist())
    ends = np.cumsum(a["posting_lengths"]).tolist()
    stories = a["posting_stories"].tolist()
    index.postings = {
        key: stories[end - length : end]
        for key, length, end in zip(
            a["posting_keys"].tolist(), a["posting_lengths"].tolist(), ends, strict=True
        )
    }
    return clusterer
