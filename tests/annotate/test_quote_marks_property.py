"""Quote finding survives any quote marks and spacing: it never raises, and every quote
it returns is a span of the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.annotate import Annotator
from parallax.models import Article

MARKS = ['"', "“", "”", "'", "‘", "’", "«", "»", "„"]
SPACES = ["", " ", "  ", "\n", "\n\n"]
WORDS = [
    "The agency estimates",
    "at least 50 people,",
    "were killed",
    "he said.",
    "Officials said",
    "It is terrible,",
    "she added",
    ".",
]
PIECES = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SPACES), st.sampled_from(["", *MARKS])),
    min_size=1,
    max_size=8,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=PIECES, tail=st.sampled_from(["", *MARKS]), tail_space=st.sampled_from(SPACES))
def test_any_quote_marks_and_spacing_give_spans_of_the_text(
    annotator: Annotator, pieces: list[tuple[str, str, str]], tail: str, tail_space: str
) -> None:
    body = "".join(w + s + m for w, s, m in pieces) + tail_space + tail + tail_space
    (found,) = annotator.annotate([Article(doc_id="q", outlet="test", body=body)])
    for quote in found.quotes:
        assert body[quote.start : quote.end] == quote.text


def test_a_quote_mark_glued_to_a_word_then_a_quote_of_spaces(annotator: Annotator) -> None:
    body = 'The agency estimates"at least 50 people, " were killed, he said.\n\n“ '
    (found,) = annotator.annotate([Article(doc_id="q", outlet="test", body=body)])
    assert all(body[q.start : q.end] == q.text for q in found.quotes)
