"""The cached, piecewise tokenizing of the sentence-vector text gives exactly the
tokens wordllama's tokenizer gives for the whole text."""

from __future__ import annotations

import pytest

from parallax.stories.features import _tokenizer, token_ids

TEXTS = [
    "Floodwater poured through the centre of Marrowby on Monday.",
    "Floodwater poured through the centre of Marrowby on Monday.",  # cached the second time
    "  leading spaces, then  two, then   three and trailing   ",
    "a ",
    " a",
    "x",
    "Lines\n\nand\ttabs \n indented\n\n  twice",
    "Türkiye — “curly quotes” and Kyiv’s; naïve café 12.5% ½ 🙂 emoji",
    "a literal \u2581 block and \u2581\u2581 two of them",
    "word" * 300,
    "",
    " ",
]


@pytest.mark.parametrize("max_tokens", [192, 7])
def test_token_ids_equal_the_whole_text_tokenizer(max_tokens: int) -> None:
    expected = [e.ids for e in _tokenizer(max_tokens).encode_batch(TEXTS, add_special_tokens=False)]
    assert token_ids(TEXTS, max_tokens) == expected
    assert any(len(ids) == max_tokens for ids in expected)
