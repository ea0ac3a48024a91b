"""What a reader is shown: framed statements, kinds by outlet count, nothing twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from parallax.models import Comparison


def _keys(comparison: Comparison) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.kind, f.statement, tuple(f.outlets)) for f in comparison.findings]


def test_a_denied_claim_is_shown_denied_with_its_speaker(
    make_story: Callable[..., Comparison],
) -> None:
    comparison = make_story(
        {
            "one.example": "Peskov denied there are plans for a presidential visit. "
            "Talks in Istanbul resumed on Thursday.",
            "two.example": "Negotiators met in Istanbul on Thursday for a second round of talks.",
        }
    )
    shown = [
        f.statement
        for f in comparison.findings
        if any("presidential visit" in e.sentence.text for e in f.evidence)
    ]
    assert shown and all("denied" in s and "Peskov" in s for s in shown)


def test_no_finding_is_listed_twice(make_story: Callable[..., Comparison]) -> None:
    comparison = make_story(
        {
            "one.example": "The bank raised its key rate to 7.25% on Thursday. "
            "The bank raised its key rate to 7.25% on Thursday, officials said. "
            "The governor said the bank was not done yet.",
            "two.example": "The central bank lifted its main rate to 7.25 percent on Thursday.",
        }
    )
    assert not [k for k, n in Counter(_keys(comparison)).items() if n > 1]
    single = [
        (e.doc_id, e.sentence.start)
        for f in comparison.findings
        if f.kind == "single-source"
        for e in f.evidence
    ]
    assert len(single) == len(set(single))


def test_agreed_needs_every_outlet_and_partial_several(
    make_story: Callable[..., Comparison],
) -> None:
    comparison = make_story(
        {
            "one.example": "Twelve people were killed when the Merovka Dam burst on Tuesday.",
            "two.example": "The Merovka Dam burst on Tuesday, killing twelve people.",
            "three.example": "Rescue teams searched flooded streets in Vyshkovo for survivors.",
        }
    )
    dam = [f for f in comparison.findings if any("Merovka" in e.sentence.text for e in f.evidence)]
    assert dam and dam[0].kind == "partial" and len(dam[0].outlets) == 2
