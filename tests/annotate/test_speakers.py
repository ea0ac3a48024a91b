"""Speakers named by a role or a pronoun resolve to the person introduced earlier."""

from __future__ import annotations

from parallax.annotate import Annotator
from parallax.models import Article


def speakers(annotator: Annotator, body: str) -> dict[str, str | None]:
    result = annotator.annotate([Article(doc_id="t", outlet="test", body=body)])[0]
    return {q.text: q.speaker_id for q in result.quotes}


def test_role_introduced_before_the_name(annotator: Annotator) -> None:
    body = (
        "Harbour authority spokesman Erik Lund confirmed the closure on Monday.\n\n"
        "“Ships will wait outside the port for at least two days,” the harbour authority spokesman said."
    )
    found = speakers(annotator, body)
    quote = next(text for text in found if text.startswith("Ships will wait"))
    assert found[quote] == "PERSON:erik-lund"


def test_role_picks_the_person_with_matching_modifiers(annotator: Annotator) -> None:
    body = (
        "Chilean President Marta Rojas met Peruvian President Luis Vega in Lima.\n\n"
        "“Our border will stay open for trade and for families,” the Chilean president said."
    )
    found = speakers(annotator, body)
    quote = next(text for text in found if text.startswith("Our border"))
    assert found[quote] == "PERSON:marta-rojas"


def test_pronoun_takes_the_most_recent_speaker(annotator: Annotator) -> None:
    body = (
        "“The harvest is the worst in ten years,” farmer Jonas Meyer said.\n\n"
        "“We will ask the government for help with the seed for next spring,” he added."
    )
    found = speakers(annotator, body)
    quote = next(text for text in found if text.startswith("We will ask"))
    assert found[quote] == "PERSON:jonas-meyer"


def test_office_resolves_to_the_holder_the_article_names(annotator: Annotator) -> None:
    body = (
        "Trump backed calls for a ceasefire.\n\n"
        "U.S. president has said he is “always considering” new sanctions against Russia."
    )
    found = speakers(annotator, body)
    assert found["always considering"] == "PERSON:donald-trump"


def test_it_takes_the_most_recent_organisation(annotator: Annotator) -> None:
    body = (
        "The World Bank said that growth would slow across the region this year. "
        "It added that food prices would keep rising until the harvest."
    )
    found = speakers(annotator, body)
    quote = next(text for text in found if "food prices" in text)
    assert found[quote] == "ORG:world-bank"


def test_she_skips_a_more_recent_man(annotator: Annotator) -> None:
    body = (
        "Senator Ingrid Holm said her committee would reopen the inquiry.\n\n"
        "“The committee has done its work,” Governor Paul Ames said of his own review.\n\n"
        "“We owe the families a full answer, and they will get one,” she said."
    )
    found = speakers(annotator, body)
    quote = next(text for text in found if text.startswith("We owe the families"))
    assert found[quote] == "PERSON:ingrid-holm"
