"""Who counts as a voice, what is a naming difference, and the undated article's day."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from parallax.annotate.dates import find_dates
from parallax.compare.naming import spelling_key
from parallax.compare.story import StoryDocument, story_documents
from parallax.compare.timeline import story_day, timeline
from parallax.compare.voices import described_key, described_voice
from parallax.models import Annotations, Article


@pytest.mark.parametrize(
    "phrase", ["officials", "a senior aide", "the ministry", "a statement", "Western diplomats"]
)
def test_described_people_bodies_and_documents_are_voices(phrase: str) -> None:
    assert described_voice(phrase)


@pytest.mark.parametrize(
    "phrase", ["which", "he", "That person", "this man", "a lasting peace", "the deal", ""]
)
def test_pronouns_pointers_and_other_nouns_are_not_voices(phrase: str) -> None:
    assert not described_voice(phrase)


def test_one_described_voice_however_it_is_worded() -> None:
    assert described_key("The police") == described_key("police") == described_key("Police")
    assert described_key("State police") != described_key("police")


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("US", "U.S.", True),
        ("Erdoğan", "Erdogan", True),
        ("Jean-Claude Juncker", "Jean Claude Juncker", True),
        ("NATO", "Nato", True),
        ("Kiev", "Kyiv", False),
        ("Zelensky", "Zelenskyy", False),
    ],
)
def test_spelling_alone_is_not_a_naming_difference(first: str, second: str, same: bool) -> None:
    assert (spelling_key(first) == spelling_key(second)) is same


def _documents(*articles: tuple[str, str, datetime | None]) -> list[StoryDocument]:
    """Articles annotated with their dates, as annotate would (an undated one keeps only
    its full dates)."""
    made = [
        Article(doc_id=outlet, outlet=outlet, body=body, published=when)
        for outlet, body, when in articles
    ]
    dates = [find_dates(a.body, a.published.date() if a.published else None) for a in made]
    return story_documents(
        [(a, Annotations(doc_id=a.doc_id, dates=d), None) for a, d in zip(made, dates, strict=True)]
    )


def test_an_undated_article_takes_the_day_most_of_its_story_was_published() -> None:
    docs = _documents(
        ("a", "Talks opened.", datetime(2025, 5, 15, 9)),
        ("b", "Talks opened.", datetime(2025, 5, 15, 18)),
        ("c", "Talks opened.", datetime(2025, 5, 16, 8)),
        ("d", "The delegation landed on Thursday.", None),
    )
    days = [date(2025, 5, 15), date(2025, 5, 15), date(2025, 5, 16)]
    assert story_day(docs[3], days) == date(2025, 5, 15)
    assert story_day(docs[0], days) is None
    entries = timeline(docs)
    assert [(e.start, e.reference, e.evidence.outlet) for e in entries] == [
        (date(2025, 5, 15), "story", "d")
    ]
    assert "taken from the story" in entries[0].text


def test_an_undated_article_its_dates_do_not_fit_keeps_its_days_unknown() -> None:
    docs = _documents(
        ("a", "Talks opened.", datetime(2025, 5, 15, 9)),
        ("d", "The deal signed on 20 June 2025 held on Thursday.", None),
    )
    entries = timeline(docs)
    assert [(e.start, e.reference) for e in entries] == [
        (date(2025, 6, 20), "article"),
        (None, "unknown"),
    ]
    assert "date unknown" in entries[1].text
