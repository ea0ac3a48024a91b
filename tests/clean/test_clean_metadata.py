"""Dates, bylines, headlines and deks read from the head of a text dump."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from parallax.clean.metadata import find_byline, find_date, looks_dated
from parallax.clean.text import clean_text

BODY = (
    "The council voted on Tuesday to close the old bridge to traffic, after engineers found "
    "that its supports had corroded far faster than anyone had expected last year."
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("15 May, 2025 09:04", datetime(2025, 5, 15, 9, 4, tzinfo=UTC)),
        ("Updated : 19 November 2019, 09:01 AM", datetime(2019, 11, 19, 9, 1, tzinfo=UTC)),
        ("March 3, 2024", datetime(2024, 3, 3, tzinfo=UTC)),
        ("Published 2023-07-01 14:30", datetime(2023, 7, 1, 14, 30, tzinfo=UTC)),
        ("10/03/2026 16:20 | Updated 10/03/2026 17:05", datetime(2026, 3, 10, 16, 20, tzinfo=UTC)),
        ("11/20/2019 01:14 PM", datetime(2019, 11, 20, 13, 14, tzinfo=UTC)),
        ("Nov 19, 2019, 10:31 pm CST", datetime(2019, 11, 20, 4, 31, tzinfo=UTC)),
        ("13.11.2019, 23:06", datetime(2019, 11, 13, 23, 6, tzinfo=UTC)),
        ("Nov 20, 2019 01:41 PM IST", datetime(2019, 11, 20, 11, 41, tzinfo=UTC)),
        ("Nov. 18th 2019 8:54 am PT", datetime(2019, 11, 18, 16, 54, tzinfo=UTC)),
        ("July 4, 2024 at 9:00 a.m. ET", datetime(2024, 7, 4, 13, 0, tzinfo=UTC)),
        ("18 Nov 2019 18.54", datetime(2019, 11, 18, 18, 54, tzinfo=UTC)),
    ],
)
def test_find_date(line: str, expected: datetime) -> None:
    assert find_date(line) == expected


def test_no_date_in_prose_or_plain_text() -> None:
    assert find_date("Kremlin rules out Putin appearance at Ukraine peace talks") is None
    assert not looks_dated(BODY + " It opened on 3 May 2001.")


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Roe", "Jane Roe"),
        ("By JANE ROE and John Smith | Reuters", "JANE ROE and John Smith"),
        ("Written by Ana Lima, Health Correspondent", "Ana Lima"),
    ],
)
def test_find_byline(line: str, author: str) -> None:
    assert find_byline(line) == author


def test_by_in_a_sentence_is_no_byline() -> None:
    assert find_byline("By the end of the week the bridge was closed.") is None


def test_head_gives_title_dek_byline_and_date() -> None:
    dump = "\n".join(
        [
            "Home",
            "News",
            "Council closes old bridge",
            "Drivers face a twenty-minute detour until a new crossing is built",
            "By Jane Roe",
            "12 March 2024 10:15",
            BODY,
            BODY.replace("Tuesday", "Wednesday"),
        ]
    )
    found = clean_text(dump)
    assert found.title == "Council closes old bridge"
    assert found.dek == "Drivers face a twenty-minute detour until a new crossing is built"
    assert found.byline == "Jane Roe"
    assert found.published == datetime(2024, 3, 12, 10, 15, tzinfo=UTC)
    assert found.paragraphs[0] == BODY


def test_given_title_is_kept_when_text_has_none() -> None:
    found = clean_text(f"{BODY}\n{BODY}", title="Bridge closes")
    assert found.title == "Bridge closes"
    assert found.published is None
