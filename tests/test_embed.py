"""all-MiniLM-L6-v2 run in numpy: the published behaviour of the model."""

from __future__ import annotations

import numpy as np

from parallax.embed import MINILM_DIM, sentence_vectors


def test_minilm_vectors_are_normalised_and_rank_meaning() -> None:
    vectors = sentence_vectors(
        [
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "A man is riding a horse.",
            "The girl is carrying a baby.",
        ]
    )
    assert vectors.shape == (4, MINILM_DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosine = vectors @ vectors.T
    # sentence-transformers gives 0.7553 for the first pair with the same weights
    assert abs(cosine[0, 1] - 0.7553) < 0.002
    assert cosine[0, 1] > cosine[0, 2] > cosine[0, 3]


def test_vectors_do_not_depend_on_the_batch() -> None:
    """Padding is off and masked: a sentence gets one vector whatever it is batched with."""
    alone = sentence_vectors(["Peskov denied there are plans for a presidential visit."])
    batched = sentence_vectors(
        [
            "Short.",
            "Peskov denied there are plans for a presidential visit.",
            "A much longer sentence that has many more tokens than the others in this batch.",
        ]
    )
    assert np.allclose(alone[0], batched[1], atol=1e-5)
