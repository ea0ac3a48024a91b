"""A story's title: the least slanted, most central headline, else the core statement."""

from __future__ import annotations

from parallax.render.headline import neutral_title, slant

OPINION = "Another Salun ‘ceasefire’ — but can anyone trust the Tarveshi regime?"
PLAIN = ["Salun Valley ceasefire agreed after talks", "Tarvesh and Mirava agree Salun ceasefire"]


def test_an_opinion_headline_is_never_the_title() -> None:
    assert slant(OPINION) > 0
    assert neutral_title([OPINION, *PLAIN]) in PLAIN


def test_the_most_central_of_plain_headlines_wins() -> None:
    off_topic = "Markets quiet on Friday"
    assert neutral_title([off_topic, *PLAIN, "Ceasefire agreed in Salun Valley"]) != off_topic


def test_a_possessive_is_not_a_quotation() -> None:
    assert slant("Kremlin's spokesman says Putin won't attend") == 0


def test_when_every_headline_argues_the_core_statement_names_the_story() -> None:
    core = "Tarvesh and Mirava signed a 30-day ceasefire in the Salun Valley on Saturday."
    assert neutral_title([OPINION], core) == core.rstrip(".")
    assert neutral_title([OPINION]) == OPINION  # nothing better to say
    assert neutral_title([], None) is None
