"""The AEB score of bench/aeb_scoring.py on hand-made examples worked out by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "aeb_scoring.py"


def _scoring() -> ModuleType:
    spec = importlib.util.spec_from_file_location("aeb_scoring", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


scoring = _scoring()


def test_shingles_are_a_multiset_of_four_token_windows() -> None:
    shingles = scoring.shingles("a b c d a b c d")
    assert shingles[("a", "b", "c", "d")] == 2
    assert sum(shingles.values()) == 5


def test_document_score_by_hand() -> None:
    # truth: 7 tokens -> 4 shingles (t1..t4); prediction keeps the first 5 tokens
    # (2 true shingles) and adds "x y" (2 false ones): TP 2, FP 2, FN 2.
    doc = scoring.score_document("one two three four five x y", "one two three four five six seven")
    assert doc.precision == pytest.approx(0.5)
    assert doc.recall == pytest.approx(0.5)


def test_empty_prediction_counts_for_recall_only() -> None:
    result = scoring.score(
        [("one two three four", "one two three four"), ("", "five six seven eight nine")]
    )
    assert result.precision == pytest.approx(1.0)
    assert result.recall == pytest.approx(0.5)
    assert result.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_averages_over_documents_not_tokens() -> None:
    long_truth = " ".join(f"w{i}" for i in range(100))
    result = scoring.score([(long_truth, long_truth), ("a b c d", "e f g h")])
    assert result.precision == pytest.approx(0.5)
    assert result.recall == pytest.approx(0.5)
