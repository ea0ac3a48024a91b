"""Fit the alignment weights (``compare/align.py``: ``WEIGHTS``, ``CHEAP_WEIGHTS``) on the
dev data and print them with cross-validated figures; paste the printed arrays there.

Each pair of sentences runs through the real statement extraction (``story_context``)
with every pair encoded; the features of a pair are those of its two statements with
the most content words in common. Targets: MSRP train label (1 = paraphrase) and STS
headlines gold / 5. A logistic regression (L2 1e-4, Newton steps) is fitted on both;
5-fold cross-validation gives the MSRP accuracy/F1 and STS Spearman printed beside it.
ECB+ pairs (1 = same event, however differently told) are left out of the fit: adding
them (sentence pairs of topics 1-25) lowered both cross-validated MSRP accuracy (0.737 -> 0.699)
and STS Spearman (0.785 -> 0.707); ECB+ sets the alignment threshold instead
(bench/align.py sweeps it).

    python bench/fit_align.py --cache /tmp/align-cache
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

import align as bench
from metrics import f1 as f1_of
from parallax.annotate import Annotator
from parallax.compare import story_context
from parallax.compare.align import FEATURES, features

L2 = 1e-4
FOLDS = 5


def _pair_features(story: list, parsed: dict, nlp: object, left_doc: str) -> np.ndarray:
    """Features of the best-matching cross pair of statements (zeros when none)."""
    context = story_context(story, nlp=nlp, parsed=parsed)
    statements = context.statements
    stacked = features(statements, preselect=0.0)
    left = [i for i, s in enumerate(statements) if s.doc_id == left_doc]
    right = [i for i, s in enumerate(statements) if s.doc_id != left_doc]
    if not left or not right:
        empty = np.zeros(len(FEATURES))
        empty[0] = 1.0
        return empty
    i, j = max(itertools.product(left, right), key=lambda p: stacked[p[0], p[1], 4])
    return np.nan_to_num(stacked[i, j]).astype(np.float64)


def fit(x: np.ndarray, y: np.ndarray, columns: Sequence[int]) -> np.ndarray:
    """Logistic regression with soft targets on the given columns (others stay 0)."""
    sub = x[:, columns]
    w = np.zeros(len(columns))
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(sub @ w)))
        gradient = sub.T @ (p - y) / len(y) + L2 * w
        hessian = (sub * (p * (1 - p))[:, None]).T @ sub / len(y) + L2 * np.eye(len(columns))
        w -= np.linalg.solve(hessian, gradient)
    full = np.zeros(x.shape[1])
    full[columns] = w
    return full


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--msrp", type=Path, default=bench.MSRP)
    parser.add_argument("--sts", type=Path, default=bench.STS)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="pairs of MSRP and STS used")
    args = parser.parse_args(argv)
    annotator = Annotator()
    annotated = bench.Annotated(annotator, args.cache)
    bench.load_vectors(args.cache)
    data: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, path, scale in (("sts", args.sts, 5.0), ("msrp", args.msrp, 1.0)):
        rows = bench._jsonl(path)[: args.limit]
        stories = bench._pair_stories(rows, annotated, name)
        x = np.array([_pair_features(s, p, annotator.nlp, s[0][0].doc_id) for s, p in stories])
        data[name] = x, np.array([float(r["label"]) / scale for r in rows])
        bench.save_vectors(args.cache)
    everything = list(range(len(FEATURES)))
    cheap = [n for n, f in enumerate(FEATURES) if f != "minilm"]
    rng = np.random.default_rng(0)
    folds = {name: rng.integers(0, FOLDS, len(y)) for name, (_, y) in data.items()}
    for label, columns in (("WEIGHTS", everything), ("CHEAP_WEIGHTS", cheap)):
        predicted = {name: np.zeros(len(y)) for name, (_, y) in data.items()}
        for k in range(FOLDS):
            train_x = np.vstack([x[folds[n] != k] for n, (x, _) in data.items()])
            train_y = np.concatenate([y[folds[n] != k] for n, (_, y) in data.items()])
            w = fit(train_x, train_y, columns)
            for n, (x, _) in data.items():
                held = folds[n] == k
                predicted[n][held] = 1.0 / (1.0 + np.exp(-(x[held] @ w)))
        msrp_y = data["msrp"][1]
        best = max(
            (float(np.mean((predicted["msrp"] >= t) == msrp_y)), t)
            for t in np.arange(0.2, 0.8, 0.02)
        )
        yes = predicted["msrp"] >= best[1]
        precision = float((yes & (msrp_y == 1)).sum() / max(1, yes.sum()))
        recall = float((yes & (msrp_y == 1)).sum() / max(1, (msrp_y == 1).sum()))
        sts_rho = spearmanr(predicted["sts"], data["sts"][1])[0]
        w = fit(
            np.vstack([x for x, _ in data.values()]),
            np.concatenate([y for _, y in data.values()]),
            columns,
        )
        print(f"{label} = np.array([{', '.join(f'{v:.3f}' for v in w)}])")
        print(
            f"  cross-validated: MSRP acc {best[0]:.3f} at {best[1]:.2f} (P {precision:.3f} R {recall:.3f} "
            f"F1 {f1_of(precision, recall):.3f}); STS Spearman {sts_rho:.3f}"
        )
        if label == "WEIGHTS":
            for n, f in enumerate(FEATURES[1:], start=1):
                rho = spearmanr(data["sts"][0][:, n], data["sts"][1])[0]
                print(f"  STS Spearman of {f} alone: {rho:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
