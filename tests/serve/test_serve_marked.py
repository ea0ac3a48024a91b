"""Cutting an article body into anchored sentences and marked pieces."""

from __future__ import annotations

from parallax.models import Evidence, LoadedTerm, Span
from parallax.serve.marked import (
    Mark,
    SentenceIndex,
    evidence_anchor,
    loaded_marks,
    mark_body,
    paragraph_bounds,
)

BODY = "First one. Second “quoted” one.\n\nThird here. And a tail"


def _span(text: str, body: str = BODY) -> Span:
    start = body.index(text)
    return Span(start=start, end=start + len(text), text=text)


def _text(paragraph: object) -> str:
    return "".join(p.text for s in paragraph.sentences for p in s.pieces)  # type: ignore[attr-defined]


def test_paragraph_bounds_skip_blank_paragraphs() -> None:
    body = "a b\n\n\n\nc"
    assert [body[s:e] for s, e in paragraph_bounds(body)] == ["a b", "c"]


def test_pieces_rebuild_each_paragraph_exactly() -> None:
    index = SentenceIndex(
        BODY, [_span("First one."), _span("Second “quoted” one."), _span("Third here.")]
    )
    marks = [Mark(*_bounds("“quoted”"), "quote"), Mark(*_bounds("quoted"), "loaded own", "label")]
    paragraphs = mark_body(BODY, index, marks, prefix="d1-")
    assert [_text(p) for p in paragraphs] == [
        "First one. Second “quoted” one.",
        "Third here. And a tail",
    ]
    anchors = [s.anchor for p in paragraphs for s in p.sentences]
    assert anchors[0] == "d1-s-0-10"
    assert anchors[-1] is None  # the unannotated tail has no sentence of its own
    pieces = {p.text: p for s in paragraphs[0].sentences for p in s.pieces}
    assert pieces["quoted"].css == "quote loaded own"
    assert pieces["quoted"].title == "label"
    assert pieces["”"].css == "quote"


def _bounds(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def test_sentence_crossing_a_paragraph_break_is_anchored_once() -> None:
    index = SentenceIndex(BODY, [Span(start=11, end=BODY.index("Third") + 5, text="")])
    anchors = [s.anchor for p in mark_body(BODY, index, []) for s in p.sentences if s.anchor]
    assert anchors == [f"s-11-{BODY.index('Third') + 5}"]


def test_evidence_outside_every_sentence_still_gets_an_anchor() -> None:
    tail = _span("And a tail")
    index = SentenceIndex(BODY, [_span("First one.")], [(tail.start, tail.end)])
    evidence = Evidence(doc_id="d", outlet="o", sentence=tail)
    anchor = evidence_anchor(index, evidence, "")
    assert anchor == f"s-{tail.start}-{tail.end}"
    anchors = {s.anchor for p in mark_body(BODY, index, []) for s in p.sentences}
    assert anchor in anchors


def test_evidence_inside_a_sentence_links_to_that_sentence() -> None:
    index = SentenceIndex(BODY, [_span("Second “quoted” one.")])
    evidence = Evidence(doc_id="d", outlet="o", sentence=_span("quoted"))
    whole = _span("Second “quoted” one.")
    assert evidence_anchor(index, evidence, "x-") == f"x-s-{whole.start}-{whole.end}"


def test_loaded_terms_are_found_inside_their_sentence_only() -> None:
    body = "Regime falls. The regime said so."
    second = Span(start=14, end=len(body), text=body[14:])
    term = LoadedTerm(
        outlet="o",
        text="Regime",
        category="label",
        quoted=True,
        evidence=Evidence(doc_id="d", outlet="o", sentence=second),
    )
    [mark] = loaded_marks(body, [term])
    assert body[mark.start : mark.end] == "regime"
    assert mark.start > 14
    assert mark.css == "loaded quoted"


def test_a_closing_quote_mark_left_before_a_paragraph_break_is_not_the_anchor() -> None:
    body = 'He said "we stay."\n\nThe crews left on Friday.'
    first = _span('He said "we stay.', body)
    second = Span(start=first.end, end=len(body), text=body[first.end :])  # as the parser cut it
    index = SentenceIndex(body, [first, second])
    evidence = Evidence(doc_id="d", outlet="o", sentence=second)
    anchor = evidence_anchor(index, evidence, "")
    anchored = {
        s.anchor: "".join(p.text for p in s.pieces)
        for p in mark_body(body, index, [])
        for s in p.sentences
        if s.anchor
    }
    assert anchored[anchor] == "The crews left on Friday."
