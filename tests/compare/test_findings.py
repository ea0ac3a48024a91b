"""What a reader is shown: framed statements, kinds by outlet count, nothing twice."""

from __future__ import annotations

from collections.abc import Callable

from finding_checks import findings_listed_twice
from parallax.models import Comparison


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
    assert findings_listed_twice(comparison) == []


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


def test_an_outlet_differing_on_a_detail_still_reports_the_event(
    make_story: Callable[..., Comparison],
) -> None:
    """A date conflict with an aligned event: the event is agreed by all three, the
    time of it is the conflict beside it."""
    comparison = make_story(
        {
            "one.example": "Twelve people were killed when the Merovka Dam burst on Tuesday.",
            "two.example": "The Merovka Dam burst on Tuesday, killing twelve people.",
            "three.example": "The Merovka Dam burst late on Monday night.",
        }
    )
    kinds = {f.kind: f for f in comparison.findings}
    assert "conflict" in kinds and kinds["conflict"].slot == "date"
    assert "agreed" in kinds and len(kinds["agreed"].outlets) == 3


def test_the_same_amount_on_the_same_day_is_one_report(
    make_story: Callable[..., Comparison],
) -> None:
    comparison = make_story(
        {
            "one.example": "The National Bank raised its benchmark interest rate by half a "
            "point to 7.25% on Thursday, saying inflation was stubborn.",
            "two.example": "Homeowners were dealt another blow on Thursday as the bank pushed "
            "its key rate up to 7.25 percent.",
        }
    )
    agreed = [f for f in comparison.findings if f.kind == "agreed"]
    assert len(agreed) == 1 and len(agreed[0].evidence) == 2


def test_the_same_amount_on_other_days_stays_apart(
    make_story: Callable[..., Comparison],
) -> None:
    comparison = make_story(
        {
            "one.example": "The bank raised its key rate to 7.25% on Thursday.",
            "two.example": "Bond yields rose 7.25 percent on Monday in thin trading.",
        }
    )
    assert [f for f in comparison.findings if f.kind == "agreed"] == []
