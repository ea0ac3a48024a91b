"""Fit the similarity weights (``compare/similarity.py``: ``WEIGHTS``, ``CHEAP_WEIGHTS``)
by 5-fold cross-validation on the dev data; print the held-out figures and the arrays to
paste there.

Every pair runs through the real statement extraction (``story_context``) with every
pair encoded; a sentence pair's features are those of its two statements the weights in
use score highest. Targets: MSRP train label (1 = paraphrase), STS headlines gold >= 3
("roughly equivalent"), and with ``--parts msrp,sts,ecb`` ECB+ topics 1-25 (1 = the two
annotated sentences mention the same event; folds by topic). Features are cached per
data set in ``--cache``.

    python bench/fit_align.py --cache /work/wt/align-cache --limit 1200
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

import align as bench
from metrics import f1 as f1_of
from parallax.annotate import Annotator
from parallax.compare import story_context
from parallax.compare.similarity import FEATURES, TRANSFORMER, WEIGHTS, features

L2 = 1e-3
STS_SAME = 3.0
"""STS gold from which two headlines count as the same report ("roughly equivalent")."""
FOLDS = 5
TARGET_PRECISION = 0.90


def _best_pair(stacked: np.ndarray, left: Sequence[int], right: Sequence[int]) -> np.ndarray:
    values = np.nan_to_num(stacked[np.ix_(left, right)])
    logits = values @ WEIGHTS
    i, j = np.unravel_index(int(np.argmax(logits)), logits.shape)
    return values[i, j].astype(np.float64)


def _empty() -> np.ndarray:
    row = np.zeros(len(FEATURES))
    row[0] = 1.0
    return row


def pair_rows(
    name: str, path: Path, annotated: bench.Annotated, nlp: object, limit: int | None = None
) -> np.ndarray:
    rows = bench._jsonl(path)
    found = []
    for story, parsed in bench._pair_stories(rows, annotated, name)[:limit]:
        statements = story_context(story, nlp=nlp, parsed=parsed).statements
        stacked = features(statements, preselect=0.0)
        first = story[0][0].doc_id
        left = [i for i, s in enumerate(statements) if s.doc_id == first]
        right = [i for i, s in enumerate(statements) if s.doc_id != first]
        found.append(_best_pair(stacked, left, right) if left and right else _empty())
    return np.array(found)


def ecb_rows(topics: Sequence[bench.Subtopic], nlp: object) -> tuple[np.ndarray, ...]:
    """Features, label, topic number and whether both sentences gave statements, for
    every candidate pair of annotated sentences."""
    x, y, topic, covered = [], [], [], []
    stories = []
    for t in topics:
        statements = story_context(t.story, nlp=nlp, parsed=t.parsed).statements
        stacked = features(statements, preselect=0.0)
        stories.append((t.name, stacked.astype(np.float16), statements))
        members: dict[str, list[int]] = {}
        for i, s in enumerate(statements):
            for start, end, sid in t.sentences.get(s.doc_id, []):
                if start < s.sentence.end and s.sentence.start < end:
                    members.setdefault(sid, []).append(i)
        number = int("".join(c for c in t.name if c.isdigit()))
        for pair in sorted(t.candidates, key=sorted):
            a, b = sorted(pair)
            both = a in members and b in members
            x.append(_best_pair(stacked, members[a], members[b]) if both else _empty())
            y.append(float(pair in t.gold))
            topic.append(number)
            covered.append(both)
    return np.array(x), np.array(y), np.array(topic), np.array(covered), stories


def fit(x: np.ndarray, y: np.ndarray, columns: Sequence[int]) -> np.ndarray:
    """Logistic regression with soft targets on the given columns (others stay 0)."""
    sub = x[:, columns]
    w = np.zeros(len(columns))
    for _ in range(40):
        p = 1.0 / (1.0 + np.exp(-(sub @ w)))
        gradient = sub.T @ (p - y) / len(y) + L2 * w
        hessian = (sub * (p * (1 - p))[:, None]).T @ sub / len(y) + L2 * np.eye(len(columns))
        w -= np.linalg.solve(hessian, gradient)
    full = np.zeros(x.shape[1])
    full[columns] = w
    return full


def recall_at_precision(score: np.ndarray, y: np.ndarray, target: float) -> float:
    order = np.argsort(-score, kind="stable")
    hits = np.cumsum(y[order])
    precision = hits / np.arange(1, len(y) + 1)
    ok = np.flatnonzero(precision >= target)
    return float(hits[ok[-1]] / y.sum()) if len(ok) else 0.0


def _cached(cache: Path | None, key: str, make: object, limit: int | None = None) -> object:
    digest = hashlib.blake2b(repr((key, FEATURES, limit)).encode(), digest_size=8).hexdigest()
    path = cache / f"features-{key}-{digest}.pkl" if cache else None
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    value = make()  # type: ignore[operator]
    if path:
        path.write_bytes(pickle.dumps(value))
    return value


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--msrp", type=Path, default=bench.MSRP)
    parser.add_argument("--sts", type=Path, default=bench.STS)
    parser.add_argument("--ecb", type=Path, default=bench.ECB)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--parts", default="msrp,sts", help="data sets (msrp, sts, ecb)")
    parser.add_argument("--extract-only", action="store_true", help="cache features, no fit")
    parser.add_argument("--limit", type=int, default=None, help="MSRP pairs used")
    parser.add_argument("--ecb-weight", type=int, default=1, help="copies of ECB+ rows in the fit")
    args = parser.parse_args(argv)
    annotator = Annotator()
    annotated = bench.Annotated(annotator, args.cache)
    bench.load_vectors(args.cache)
    nlp = annotator.nlp
    makers = {
        "msrp": lambda: pair_rows("msrp", args.msrp, annotated, nlp, args.limit),
        "sts": lambda: pair_rows("sts", args.sts, annotated, nlp),
        "ecb": lambda: ecb_rows(bench._subtopics(args.ecb, annotated), nlp),
    }
    parts = args.parts.split(",")
    found = {
        p: _cached(args.cache, p, makers[p], args.limit if p == "msrp" else None) for p in parts
    }
    bench.save_vectors(args.cache)
    if args.extract_only:
        return 0
    data: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    rng = np.random.default_rng(0)
    if "msrp" in found:
        y = np.array([float(r["label"]) for r in bench._jsonl(args.msrp)[: args.limit]])
        data["msrp"] = (found["msrp"], y, rng.integers(0, FOLDS, len(y)))
    if "sts" in found:
        y = np.array([float(r["label"]) >= STS_SAME for r in bench._jsonl(args.sts)], dtype=float)
        data["sts"] = (found["sts"], y, rng.integers(0, FOLDS, len(y)))
        sts_gold = np.array([float(r["label"]) for r in bench._jsonl(args.sts)])
    if "ecb" in found:
        x, y, topic, _, _ = found["ecb"]
        data["ecb"] = (x, y, topic % FOLDS)
    copies = {"msrp": 1, "sts": 1, "ecb": args.ecb_weight}
    everything = list(range(len(FEATURES)))
    cheap = [n for n in everything if n not in TRANSFORMER]
    for label, columns in (("WEIGHTS", everything), ("CHEAP_WEIGHTS", cheap)):
        held = {name: np.zeros(len(y)) for name, (_, y, _) in data.items()}
        for k in range(FOLDS):
            x = np.vstack(
                [np.repeat(x[f != k], copies[n], axis=0) for n, (x, _, f) in data.items()]
            )
            y = np.concatenate([np.repeat(y[f != k], copies[n]) for n, (_, y, f) in data.items()])
            w = fit(x, y, columns)
            for n, (x_all, _, f) in data.items():
                held[n][f == k] = 1.0 / (1.0 + np.exp(-(x_all[f == k] @ w)))
        print(f"{label}, held-out folds:")
        if "msrp" in data:
            _print_msrp(held["msrp"], data["msrp"][1])
        if "sts" in data:
            print(f"  STS Spearman {spearmanr(held['sts'], sts_gold)[0]:.3f}")
        if "ecb" in data:
            r = recall_at_precision(held["ecb"], data["ecb"][1], TARGET_PRECISION)
            print(f"  ECB+ sentence pairs, recall at P >= {TARGET_PRECISION}: {r:.3f}")
        x = np.vstack([np.repeat(x, copies[n], axis=0) for n, (x, _, _) in data.items()])
        y = np.concatenate([np.repeat(y, copies[n]) for n, (_, y, _) in data.items()])
        w = fit(x, y, columns)
        print(f"{label} = np.array([{', '.join(f'{v:.2f}' for v in w)}])")


def _print_msrp(held: np.ndarray, gold: np.ndarray) -> None:
    for t in (0.3, 0.4, 0.5, 0.6):
        yes = held >= t
        precision = float((yes & (gold == 1)).sum() / max(1, yes.sum()))
        recall = float((yes & (gold == 1)).sum() / max(1, (gold == 1).sum()))
        print(
            f"  MSRP at {t:.1f}: accuracy {np.mean(yes == gold):.3f}, "
            f"F1 {f1_of(precision, recall):.3f}"
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
