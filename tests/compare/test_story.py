"""A story's documents as compare reads them: sentences cut where a line ends one."""

from __future__ import annotations

from parallax.compare.story import within_paragraphs
from parallax.models import Span


def _cut(text: str) -> list[str]:
    return [s.text for s in within_paragraphs([Span(start=0, end=len(text), text=text)])]


def test_headline_and_dateline_lines_are_sentences_of_their_own() -> None:
    text = (
        "May 2, 2013, 1:12 PM\nLawyer: Lindsay Lohan checks into rehab facility\n"
        "Lindsay Lohan's attorney said Thursday the actress checked into a facility."
    )
    assert _cut(text) == [
        "May 2, 2013, 1:12 PM",
        "Lawyer: Lindsay Lohan checks into rehab facility",
        "Lindsay Lohan's attorney said Thursday the actress checked into a facility.",
    ]


def test_a_line_ending_in_a_comma_runs_on_and_spans_stay_verbatim() -> None:
    text = "The dam, which holds back a reservoir,\nfailed after heavy rain.\n\nNext."
    cut = list(within_paragraphs([Span(start=0, end=len(text), text=text)]))
    assert [s.text for s in cut] == [
        "The dam, which holds back a reservoir,\nfailed after heavy rain.",
        "Next.",
    ]
    assert all(text[s.start : s.end] == s.text for s in cut)


def test_a_dateline_alone_is_no_finding(make_story) -> None:
    """'April 4, 2012' atop two articles is when each was published, not a fact of the
    story, so it neither agrees nor conflicts."""
    comparison = make_story(
        {
            "a.example": "April 4, 2012\nThe storm closed the harbour for two days.",
            "b.example": "April 9, 2012\nFishermen waited for the harbour to reopen.",
        }
    )
    assert not any(
        e.sentence.text.startswith("April") for f in comparison.findings for e in f.evidence
    )
