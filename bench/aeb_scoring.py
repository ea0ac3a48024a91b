"""The article-extraction score of DESIGN.md: shingle overlap averaged over documents.

Tokens are ``\\w+`` runs; each text becomes the multiset of its 4-token shingles. Per
document TP, FP and FN are normalised to sum to one; precision and recall are each
averaged over documents (a document with an empty prediction counts for recall only)
and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from metrics import f1 as f1_of

TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    if 0 < len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class DocScore:
    precision: float | None
    recall: float


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float


def score_document(predicted: str, truth: str) -> DocScore:
    """Precision is None for an empty prediction: it is left out of the average."""
    pred, gold = shingles(predicted), shingles(truth)
    tp = sum((pred & gold).values())
    fp = sum((pred - gold).values())
    fn = sum((gold - pred).values())
    total = tp + fp + fn
    if total == 0:
        return DocScore(precision=None, recall=1.0)
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if pred else None
    recall = tp / (tp + fn) if tp + fn else 1.0
    return DocScore(precision=precision, recall=recall)


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Score (predicted, truth) pairs as one benchmark run."""
    docs = [score_document(predicted, truth) for predicted, truth in pairs]
    precisions = [d.precision for d in docs if d.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(d.recall for d in docs) / len(docs) if docs else 0.0
    f1 = f1_of(precision, recall)
    return Score(f1=f1, precision=precision, recall=recall)
