"""The similarity of two statements: paraphrases close, related-but-different apart."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from parallax.compare import CompareSettings, story_context
from parallax.compare.similarity import FEATURES, features


def _best_across(documents: Callable[..., list], first: str, second: str) -> float:
    """The highest score between a statement of one outlet's sentence and the other's."""
    ctx = story_context(documents({"one.example": first, "two.example": second}))
    docs = [s.doc_id for s in ctx.statements]
    left = [i for i, d in enumerate(docs) if d == docs[0]]
    right = [i for i, d in enumerate(docs) if d != docs[0]]
    return float(ctx.similarity.score[np.ix_(left, right)].max())


def test_a_paraphrase_aligns_and_a_different_fact_of_the_same_story_does_not(
    documents: Callable[..., list],
) -> None:
    threshold = CompareSettings().align_threshold
    paraphrase = _best_across(
        documents,
        "The central bank raised its main interest rate to 7.25% on Thursday.",
        "On Thursday the central bank lifted its key rate to 7.25 percent.",
    )
    other_fact = _best_across(
        documents,
        "The central bank raised its main interest rate to 7.25% on Thursday.",
        "Shop owners in the capital said rising costs could force them to close their stores.",
    )
    assert paraphrase >= threshold > other_fact


def test_other_numbers_lower_the_score_of_otherwise_equal_sentences(
    documents: Callable[..., list],
) -> None:
    same = _best_across(
        documents,
        "The flood killed 14 people in the valley.",
        "The flood killed 14 people in the valley on Tuesday.",
    )
    other = _best_across(
        documents,
        "The flood killed 14 people in the valley.",
        "The flood killed 40 people in the valley on Tuesday.",
    )
    assert same > other


def test_features_are_symmetric_and_the_transformer_runs_only_on_chosen_pairs(
    documents: Callable[..., list],
) -> None:
    ctx = story_context(
        documents(
            {
                "one.example": "The dam burst after heavy rain. Wheat prices rose in March.",
                "two.example": "Heavy rain made the dam burst. A new school opened in the town.",
            }
        )
    )
    stacked = features(ctx.statements)
    assert np.allclose(np.nan_to_num(stacked), np.nan_to_num(stacked).transpose(1, 0, 2))
    minilm = stacked[..., FEATURES.index("minilm")]
    assert np.isnan(minilm).any(), "every pair was encoded: the cheap score chose none out"
    assert not np.isnan(features(ctx.statements, preselect=0.0)[..., 1]).any()
