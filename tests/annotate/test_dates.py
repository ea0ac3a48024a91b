"""Dates resolved against a publication date (Thursday 15 May 2025)."""

from __future__ import annotations

from datetime import date

import pytest

from parallax.annotate.dates import find_dates, fits, relative_dates

PUBLISHED = date(2025, 5, 15)  # a Thursday


@pytest.mark.parametrize(
    ("text", "written", "start", "end"),
    [
        ("Talks resumed on Thursday.", "Thursday", date(2025, 5, 15), date(2025, 5, 15)),
        ("He arrived on Monday.", "Monday", date(2025, 5, 12), date(2025, 5, 12)),
        ("He flew home on Sunday.", "Sunday", date(2025, 5, 11), date(2025, 5, 11)),
        ("Talks will resume on Monday.", "Monday", date(2025, 5, 19), date(2025, 5, 19)),
        ("They meet next Thursday.", "next Thursday", date(2025, 5, 22), date(2025, 5, 22)),
        ("Putin last week proposed talks.", "last week", date(2025, 5, 5), date(2025, 5, 11)),
        ("It happened this week.", "this week", date(2025, 5, 12), date(2025, 5, 18)),
        ("Lavrov said in April that", "April", date(2025, 4, 1), date(2025, 4, 30)),
        ("The deal was signed in December.", "December", date(2024, 12, 1), date(2024, 12, 31)),
        ("The summit will open in June.", "June", date(2025, 6, 1), date(2025, 6, 30)),
        ("The talks collapsed in 2022.", "2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("The vote is on 15 May.", "15 May", date(2025, 5, 15), date(2025, 5, 15)),
        ("Born on May 4, 1990.", "May 4, 1990", date(1990, 5, 4), date(1990, 5, 4)),
        ("Filed 15 May, 2025 09:04", "15 May, 2025", date(2025, 5, 15), date(2025, 5, 15)),
        ("Prices rose last month.", "last month", date(2025, 4, 1), date(2025, 4, 30)),
        ("It ended yesterday.", "yesterday", date(2025, 5, 14), date(2025, 5, 14)),
    ],
)
def test_relative_dates_resolve_against_publication(
    text: str, written: str, start: date, end: date
) -> None:
    found = find_dates(text, PUBLISHED)
    assert [(d.text, d.value_start, d.value_end) for d in found] == [(written, start, end)]
    assert text[found[0].start : found[0].end] == written


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    found = find_dates("On Thursday, as in 2022 and on 3 March 2021, nothing moved.", None)
    assert [d.text for d in found] == ["2022", "3 March 2021"]


def test_modal_may_is_not_a_month() -> None:
    assert find_dates("This week really may change a lot.", None) == []
    assert [d.text for d in find_dates("Prices may fall in May.", PUBLISHED)] == ["May"]


def test_impossible_dates_are_skipped() -> None:
    assert find_dates("It was 31 February 2023.", None) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # upcoming: the future marker sits in another clause of the sentence
        ("The leaders will meet in Istanbul, officials said, on Friday.", date(2025, 5, 16)),
        ("On Saturday, the minister will fly to Kyiv.", date(2025, 5, 17)),
        ("He said the talks, which open on Friday, would be long.", date(2025, 5, 16)),
        ("Talks are to resume on Monday.", date(2025, 5, 19)),
        ("The vote is set for Saturday.", date(2025, 5, 17)),
        ("The delegation is due in Ankara on Friday.", date(2025, 5, 16)),
        ("Both armies are to halt operations from 6 a.m. on Monday.", date(2025, 5, 19)),
        ("U.S. envoys will arrive on Friday.", date(2025, 5, 16)),
        # past: a past verb right before the date or in its own clause wins
        ("He said on Monday that talks would resume.", date(2025, 5, 12)),
        ("She said at 6 p.m. on Monday that the talks would resume.", date(2025, 5, 12)),
        ("The talks collapsed on Monday, and nobody will say when they resume.", date(2025, 5, 12)),
    ],
)
def test_weekday_tense_comes_from_the_sentence(text: str, day: date) -> None:
    found = find_dates(text, PUBLISHED)
    assert [d.value_start for d in found] == [day]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # an intention points ahead of when it was spoken of, whatever its own tense
        ("Trump said he mulled going to Türkiye on Friday.", date(2025, 5, 16)),
        ("She planned to meet the president on Thursday.", date(2025, 5, 15)),
        ("The minister hoped to sign the deal on Monday.", date(2025, 5, 19)),
        ("Supporters are expected to back her on Monday.", date(2025, 5, 19)),
        # a past verb after the intention dates the telling, not the intended
        ("Those who want to ban it said Monday the ruling was wrong.", date(2025, 5, 12)),
        # a plan told in the past dates only its own clause; a passive plan is ahead
        ("Marches are planned for the opening day, June 18.", date(2025, 6, 18)),
        (
            "After accepting talks Sunday, he landed in Ankara and planned to meet Erdogan.",
            date(2025, 5, 11),
        ),
    ],
)
def test_intended_days_are_ahead_of_the_telling(text: str, day: date) -> None:
    assert [d.value_start for d in find_dates(text, PUBLISHED)] == [day]


def test_relative_dates_are_those_needing_a_reference_day() -> None:
    text = "On Thursday, as in 2022 and last week and on 3 March 2021, talks moved."
    assert [s.text for s in relative_dates(text)] == ["Thursday", "last week"]


def test_a_text_fits_a_day_unless_it_tells_a_later_day_as_past() -> None:
    text = "The deal was signed on 14 May 2025. Talks will resume on 20 May 2025."
    assert fits(text, date(2025, 5, 15))
    assert fits(text, date(2025, 5, 14))
    assert not fits(text, date(2025, 5, 13))
    assert fits("Talks resumed on Thursday.", date(2020, 1, 1))
