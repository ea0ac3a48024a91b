"""Conflicts on cases built here: each pair of outlets differs in exactly one slot."""

from __future__ import annotations

import pytest

from parallax.compare import compare_story
from parallax.models import Annotations, Article, Comparison, Finding

FILLER = (
    "Rescue teams worked through the night in the flooded streets. "
    "The regional government promised to publish a full report next month."
)


def conflicts(comparison: Comparison) -> list[Finding]:
    return [f for f in comparison.findings if f.kind == "conflict"]


@pytest.mark.parametrize(
    ("slot", "first", "second", "values"),
    [
        (
            "number",
            "At least 12 people were killed when the Merovka dam collapsed, officials said.",
            "At least 14 people were killed when the Merovka dam collapsed, officials said.",
            ("12", "14"),
        ),
        (
            "number",
            "Twelve people died in the flood that followed the collapse of the Merovka dam.",
            "Fourteen people died in the flood that followed the collapse of the Merovka dam.",
            ("Twelve", "Fourteen"),
        ),
        (
            "date",
            "The Merovka dam collapsed on Tuesday after days of heavy rain.",
            "The Merovka dam collapsed on Monday after days of heavy rain.",
            ("", ""),
        ),
        (
            "place",
            "The foreign ministers will meet in Geneva to sign the agreement.",
            "The foreign ministers will meet in Vienna to sign the agreement.",
            ("geneva", "vienna"),
        ),
        (
            "speaker",
            "“We will rebuild the bridge within a year,” Mayor Anna Petrova said.",
            "“We will rebuild the bridge within a year,” Governor Ivan Sokolov said.",
            ("Anna Petrova", "Ivan Sokolov"),
        ),
        (
            "negation",
            "The operator confirmed that it had received a warning about the leak in February.",
            "The operator denied that it had received a warning about the leak in February.",
            ("asserted", "denied"),
        ),
    ],
)
def test_one_differing_slot_is_a_conflict_with_both_values(
    make_story, slot: str, first: str, second: str, values: tuple[str, str]
) -> None:
    comparison = make_story({"a.example": f"{first} {FILLER}", "b.example": f"{second} {FILLER}"})
    found = conflicts(comparison)
    assert [f.slot for f in found] == [slot]
    conflict = found[0]
    assert conflict.outlets == ["a.example", "b.example"]
    assert values[0] in conflict.values["a.example"]
    assert values[1] in conflict.values["b.example"]
    assert conflict.values["a.example"] != conflict.values["b.example"]
    evidence = {e.outlet: e.sentence.text for e in conflict.evidence}
    assert evidence == {"a.example": first, "b.example": second}


def test_the_same_report_twice_is_agreed_not_a_conflict(make_story) -> None:
    sentence = "At least 12 people were killed when the Merovka dam collapsed, officials said."
    comparison = make_story({"a.example": f"{sentence} {FILLER}", "b.example": sentence})
    assert conflicts(comparison) == []
    agreed = [f for f in comparison.findings if f.kind == "agreed"]
    assert any(f.statement in sentence for f in agreed)


def test_unrelated_numbers_do_not_conflict(make_story) -> None:
    comparison = make_story(
        {
            "a.example": "At least 12 people were killed when the Merovka dam collapsed.",
            "b.example": "The central bank raised its key rate to 7.25 percent on Thursday.",
        }
    )
    assert conflicts(comparison) == []


def test_a_near_duplicate_copy_neither_agrees_nor_conflicts(make_story) -> None:
    first = "At least 12 people were killed when the Merovka dam collapsed, officials said."
    comparison = make_story(
        {"a.example": first, "copy.example": first}, copies={"copy.example": "a.example"}
    )
    assert comparison.findings
    assert all(f.kind == "single-source" for f in comparison.findings)
    assert all(f.outlets == ["a.example"] for f in comparison.findings)
    coverage = {o.outlet: o for o in comparison.outlets}
    assert coverage["copy.example"].doc_ids == []
    assert len(coverage["copy.example"].copies) == 1


def test_an_empty_story_compares_to_nothing(annotator) -> None:
    comparison = compare_story([], nlp=annotator.nlp)
    assert comparison.findings == [] and comparison.outlets == []


def test_annotations_of_another_document_are_refused(annotator) -> None:
    article = Article(doc_id="a", outlet="a.example", body="The dam burst on Tuesday.")
    with pytest.raises(ValueError, match="annotations of b given for article a"):
        compare_story([(article, Annotations(doc_id="b"), None)], nlp=annotator.nlp)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "The bank cut its forecast for economic growth this year to 0.9% from 1.4%.",
            "Officials said wage growth reached 6.1 percent in the fourth quarter this year.",
        ),
        (
            "Annual consumer price inflation rose to 8.4% in March, officials said.",
            "Inflation hit 8.9 percent in March, according to official figures.",
        ),
    ],
)
def test_percentages_conflict_only_when_they_measure_the_same_thing(
    make_story, first: str, second: str
) -> None:
    """'wage growth' and 'economic growth' are two quantities; 'inflation' and 'consumer
    price inflation' one."""
    comparison = make_story({"a.example": f"{first} {FILLER}", "b.example": f"{second} {FILLER}"})
    slots = [f.slot for f in conflicts(comparison)]
    assert slots == ([] if "growth" in first else ["number"])


def test_a_value_both_articles_give_is_not_disputed(make_story) -> None:
    """The old rate beside the new one: the first article gives the new rate as well."""
    comparison = make_story(
        {
            "a.example": "The bank raised its key rate to 7.25% on Thursday. "
            "Three members voted to leave the key rate unchanged at 6.75%.",
            "b.example": "The bank pushed its key rate up to 7.25 percent on Thursday. "
            "Critics said the key rate now stood far too high.",
        }
    )
    assert [f for f in conflicts(comparison) if f.slot == "number"] == []
    old = make_story(
        {
            "a.example": "Three members voted to leave the key rate unchanged at 6.75%.",
            "b.example": "Three members voted to leave the key rate unchanged at 7.25%.",
        }
    )
    assert [f.slot for f in conflicts(old)] == ["number"]


def test_the_same_thing_failing_on_two_dates_conflicts_whatever_the_verb(make_story) -> None:
    first = "The Merovka Dam gave way shortly before 3 a.m. on Tuesday, officials said."
    second = "Rescuers reached the town after the crumbling Merovka Dam burst late on Monday night."
    comparison = make_story({"a.example": f"{first} {FILLER}", "b.example": f"{second} {FILLER}"})
    dates = [f for f in conflicts(comparison) if f.slot == "date"]
    assert len(dates) == 1
    assert "Tuesday" in dates[0].values["a.example"]
    assert "Monday" in dates[0].values["b.example"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Governor Ivan Sokolov arrived in Vyshkovo on Monday, aides said.",
            "Ivan Sokolov cancelled a planned visit abroad on Tuesday.",
        ),
        (
            "Ostrel Hydro opened the spillway gates at Merovka on Monday.",
            "The company Ostrel Hydro closed its visitor centre on Tuesday.",
        ),
        (  # one clock time written two ways
            "The suspect gave himself up to police just after 6:00 p.m. on the street.",
            "The suspect gave himself up to police just after 6 p.m. on the street.",
        ),
        (  # a day inside a week is not another day
            "The inmate escaped on Monday morning from a prison van near Huntsville.",
            "The inmate escaped last week from a prison van near Huntsville.",
        ),
        (  # the other outlet's sentence gives that year as well, for its other clause
            "Between 1991 and 1998, Comeaux was in and out of prison until he returned "
            "to prison in June 1999.",
            "Between 1991 and 1998, Comeaux was in and out of prison until he returned "
            "to prison in June 1999, officials said.",
        ),
    ],
)
def test_dates_that_do_not_disagree_are_no_date_conflict(
    make_story, first: str, second: str
) -> None:
    """People do many things on different days; so does whoever acts on an object; a
    day inside a week is no other day; a date both sentences give is not in dispute."""
    comparison = make_story({"a.example": f"{first} {FILLER}", "b.example": f"{second} {FILLER}"})
    assert [f for f in conflicts(comparison) if f.slot == "date"] == []


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("The deal was signed after talks at a government guesthouse outside Lorvane.", True),
        ("The deal was signed after talks at the Serrano hotel in Lorvane.", False),
    ],
)
def test_two_buildings_by_one_place_are_a_venue_conflict(
    make_story, second: str, expected: bool
) -> None:
    first = "The deal was struck after long negotiations at the Hotel Serrano in Lorvane."
    comparison = make_story({"a.example": f"{first} {FILLER}", "b.example": f"{second} {FILLER}"})
    venues = [f for f in conflicts(comparison) if f.slot == "place"]
    assert bool(venues) == expected
    if expected:
        assert venues[0].values == {
            "a.example": "the Hotel Serrano in Lorvane",
            "b.example": "a government guesthouse outside Lorvane",
        }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "The truce is due to come into force at noon on Sunday, the envoy said.",
            "Both armies are to halt offensive operations from 6 a.m. on Monday.",
        ),
        (
            "The new timetable will take effect on Saturday, the operator said.",
            "Under the plan, trains are scheduled to start running on Thursday.",
        ),
    ],
)
def test_two_dates_for_a_start_still_ahead_conflict_however_worded(
    make_story, first: str, second: str
) -> None:
    """Each report gives one date on which the thing it is about is due to begin."""
    comparison = make_story({"a.example": f"{first} {FILLER}", "b.example": f"{second} {FILLER}"})
    dates = [f for f in conflicts(comparison) if f.slot == "date"]
    assert len(dates) == 1
    assert {e.outlet: e.sentence.text for e in dates[0].evidence} == {
        "a.example": first,
        "b.example": second,
    }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (  # starts already past: records and a war, not a schedule
            "Records began in 1961, the weather service said.",
            "The fighting started in August after a border clash.",
        ),
        (  # two starts in one report: which one the other outlet dates is unknown
            "The truce will begin on Sunday. Talks on the border will start on Tuesday.",
            "Both armies are to halt offensive operations from 6 a.m. on Monday.",
        ),
    ],
)
def test_starts_past_or_unmatched_are_no_date_conflict(make_story, first: str, second: str) -> None:
    comparison = make_story({"a.example": f"{first} {FILLER}", "b.example": f"{second} {FILLER}"})
    assert [f for f in conflicts(comparison) if f.slot == "date"] == []


def test_a_speaker_inferred_from_a_pronoun_is_no_speaker_conflict(make_story) -> None:
    """'he said' after 'her publicist confirmed' is the publicist: who 'he' is was
    inferred, so it never disputes the speaker another outlet names."""
    comparison = make_story(
        {
            "a.example": "Tara Reid checked into a clinic, her publicist confirmed. "
            "“We appreciate your respect for her privacy at this time,” he said.",
            "b.example": "“We appreciate your respect for her privacy at this time,” "
            "Reid's representative Jack Ketsoyan said.",
        }
    )
    assert [f for f in conflicts(comparison) if f.slot == "speaker"] == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (  # the same unit, the same noun near them, said of different things
            "He presided over that ceremony three times.",
            "He hosted the ceremony five times and loved it.",
        ),
        (  # said of different people
            "Hasim Rahman won 36 fights by knockout before the bout.",
            "Riddick Bowe won 33 fights by knockout before the bout.",
        ),
    ],
)
def test_numbers_said_of_different_things_do_not_conflict(
    make_story, first: str, second: str
) -> None:
    comparison = make_story({"a.example": f"{first} {FILLER}", "b.example": f"{second} {FILLER}"})
    assert [f for f in conflicts(comparison) if f.slot == "number"] == []


@pytest.mark.parametrize(
    "second",
    [  # an organisation for its president; one surname spelled two ways
        "“It is an honor to welcome her back as host,” ABC Entertainment Group said.",
        "“It is an honor to welcome her back as host,” Hugh Heffner said.",
    ],
)
def test_one_voice_named_two_ways_is_no_speaker_conflict(make_story, second: str) -> None:
    comparison = make_story(
        {
            "a.example": f"“It is an honor to welcome her back as host,” said Hugh Hefner. {FILLER}",
            "b.example": f"{second} {FILLER}",
        }
    )
    assert [f for f in conflicts(comparison) if f.slot == "speaker"] == []


def test_a_place_named_more_closely_is_no_place_conflict(make_story) -> None:
    comparison = make_story(
        {
            "a.example": f"The actress checked into a rehab facility in California. {FILLER}",
            "b.example": f"The actress checked into a rehab facility in Southern California. "
            f"{FILLER}",
        }
    )
    assert [f for f in conflicts(comparison) if f.slot == "place"] == []
