"""all-MiniLM-L6-v2 run in numpy: the published behaviour of the model."""

from __future__ import annotations

import numpy as np

from parallax.embed import MINILM_DIM, encoded, sentence_vectors


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


def test_word_pieces_are_contextual_and_leave_out_the_markers() -> None:
    """Each word piece gets its own vector ([CLS]/[SEP] left out); the same word in two
    contexts gets two different vectors, and the sentence vector is their context's."""
    river, money = encoded(["She sat on the bank of the river.", "She paid the bank the money."])
    assert river.pieces.shape == (9, MINILM_DIM) and money.pieces.shape == (7, MINILM_DIM)
    assert np.allclose(np.linalg.norm(river.pieces.astype(np.float32), axis=1), 1.0, atol=1e-2)
    bank_river, bank_money = river.pieces[4], money.pieces[3]
    assert float(bank_river.astype(np.float32) @ bank_money.astype(np.float32)) < 0.95
    assert np.allclose(river.vector, sentence_vectors(["She sat on the bank of the river."])[0])
