"""Canonical ids: one id per real-world thing, across spellings and articles."""

from __future__ import annotations

import pytest

from parallax.annotate import Annotator
from parallax.annotate.entities import (
    RawMention,
    canonicalise,
    person_key,
    place_key,
    story_entities,
)
from parallax.models import Annotations, Article, Entity


def ids_of(*mentions: tuple[str, str]) -> list[str]:
    """Canonical ids of mentions laid out one after another in one article."""
    raw, position = [], 0
    for text, label in mentions:
        raw.append(RawMention(position, position + len(text), text, label))
        position += len(text) + 1
    return [m.entity_id for m in canonicalise(raw).mentions]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("President Vladimir Putin", "Vladimir Putin"),
        ("Zelensky", "Zelenskyy"),
        ("Vladimir Zelensky", "Volodymyr Zelenskyy"),
        ("Vladimir Zelensky", "Zelenskiy"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Foreign Minister Sergey Lavrov", "Sergei Lavrov"),
        ("Recep Tayyib Erdogan", "Erdoğan"),
        ("Recep Tayyip Erdoğan", "Recep Tayyib Erdogan"),
        ("Mr. Trump", "Donald J. Trump"),
    ],
)
def test_person_spellings_share_one_id_across_articles(first: str, second: str) -> None:
    # each name in an article of its own: the id must not depend on shared state
    assert ids_of((first, "PERSON")) == ids_of((second, "PERSON"))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Türkiye", "Turkey"),
        ("Kiev", "Kyiv"),
        ("U.S.", "United States"),
        ("US", "U.S."),
        ("U.K.", "UK"),
        ("Britain", "United Kingdom"),
        ("the Kremlin", "Kremlin"),
    ],
)
def test_place_aliases_share_one_id(first: str, second: str) -> None:
    assert place_key(first) == place_key(second)


def test_ids_follow_the_documented_scheme() -> None:
    assert ids_of(("Volodymyr Zelenskyy", "PERSON")) == ["PERSON:vladimir-zelensky"]
    assert ids_of(("Türkiye", "GPE")) == ["GPE:turkey"]
    assert person_key("Donald Trump Jr.") == "donald trump jr"


def test_possessive_and_surname_resolve_to_the_full_name() -> None:
    ids = ids_of(("Vladimir Putin", "PERSON"), ("Putin's", "PERSON"), ("Putin", "PERSON"))
    assert ids == ["PERSON:vladimir-putin"] * 3


def test_people_sharing_a_surname_stay_apart() -> None:
    ids = ids_of(("Hillary Clinton", "PERSON"), ("Bill Clinton", "PERSON"), ("Clinton", "PERSON"))
    assert ids[0] != ids[1]
    assert ids[2] == ids[1]  # the most recently introduced Clinton


def test_surname_takes_the_person_introduced_in_that_article() -> None:
    first = ids_of(("Hillary Clinton", "PERSON"), ("Clinton", "PERSON"))
    second = ids_of(("Bill Clinton", "PERSON"), ("Clinton", "PERSON"))
    assert first[1] == "PERSON:hillary-clinton"
    assert second[1] == "PERSON:bill-clinton"


def test_a_person_mislabelled_as_org_is_still_the_person() -> None:
    assert ids_of(("Donald Trump", "PERSON"), ("Trump", "ORG")) == ["PERSON:donald-trump"] * 2


def annotate(annotator: Annotator, body: str) -> Annotations:
    return annotator.annotate([Article(doc_id="t", outlet="test", body=body)])[0]


def test_model_errors_are_fixed_by_the_gazetteer(annotator: Annotator) -> None:
    body = (
        "Zelenskyy met officials in Kiev on Monday before travelling to Donetsk. "
        "Kyiv said Zelensky would return from Türkiye soon."
    )
    result = annotate(annotator, body)
    by_text = {m.text: m.entity_id for m in result.mentions}
    assert by_text["Kiev"] == by_text["Kyiv"] == "GPE:kyiv"
    assert by_text["Zelenskyy"] == by_text["Zelensky"] == "PERSON:vladimir-zelensky"
    assert by_text["Donetsk"] == "GPE:donetsk"
    assert by_text["Türkiye"] == "GPE:turkey"


def test_mentions_keep_their_surface_text(annotator: Annotator) -> None:
    result = annotate(annotator, "Sergei Lavrov spoke. Later Lavrov's aides left Kiev.")
    forms = {m.text for m in result.mentions if m.entity_id == "PERSON:sergey-lavrov"}
    assert forms == {"Sergei Lavrov", "Lavrov"}
    entity = next(e for e in result.entities if e.id == "PERSON:sergey-lavrov")
    assert entity.name == "Sergei Lavrov"


def _entities(*ids: str) -> list[Entity]:
    return [Entity(id=i, name=i.split(":")[1].replace("-", " ").title(), label="X") for i in ids]


def test_story_joins_a_mislabelled_surname_to_the_full_name_of_another_article() -> None:
    story = story_entities(
        [_entities("PERSON:jane-pauley", "GPE:new-york"), _entities("ORG:pauley", "ORG:cbs")]
    )
    assert story.canonical("ORG:pauley") == "PERSON:jane-pauley"
    assert story.canonical("PERSON:jane-pauley") == "PERSON:jane-pauley"
    assert story.name("ORG:pauley") == "Jane Pauley"
    assert story.canonical("ORG:cbs") == "ORG:cbs"


def test_story_gives_one_label_to_one_name() -> None:
    story = story_entities([_entities("ORG:jane-pauley"), _entities("PERSON:jane-pauley")])
    assert story.canonical("ORG:jane-pauley") == "PERSON:jane-pauley"
    story = story_entities([_entities("ORG:cbs"), _entities("ORG:cbs", "NORP:cbs")])
    assert story.canonical("NORP:cbs") == "ORG:cbs"


def test_story_keeps_an_ambiguous_surname_and_places_apart() -> None:
    story = story_entities(
        [
            _entities("PERSON:bill-clinton", "PERSON:hillary-clinton"),
            _entities("PERSON:clinton", "GPE:jordan"),
            _entities("PERSON:michael-jordan"),
        ]
    )
    assert story.canonical("PERSON:clinton") == "PERSON:clinton"
    assert story.canonical("GPE:jordan") == "GPE:jordan"


def test_story_joins_a_name_to_the_same_name_with_its_suffix() -> None:
    story = story_entities(
        [_entities("PERSON:arcade-comeaux-jr"), _entities("PERSON:arcade-comeaux", "ORG:comeaux")]
    )
    assert story.canonical("PERSON:arcade-comeaux") == "PERSON:arcade-comeaux-jr"
    assert story.canonical("ORG:comeaux") == "PERSON:arcade-comeaux-jr"


def test_a_numeral_suffix_is_kept_as_written() -> None:
    assert person_key("Anthony LaCalamita III") == "anthony lacalamita iii"
    assert person_key("Zelenskyy") == "zelensky"
