"""Entity labels and the ``LABEL:slug`` entity id: the one place that builds an id and
the one that takes it apart."""

from __future__ import annotations

from typing import NamedTuple

NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
"""spaCy labels that name a thing (not dates, amounts or ordinals)."""
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATE_LABELS = frozenset({"DATE", "TIME"})
LABEL_WORDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country, city or state",
    "NORP": "nationality or group",
    "LOC": "place",
    "FAC": "building or site",
    "EVENT": "event",
    "PRODUCT": "product",
    "LAW": "law or treaty",
    "WORK_OF_ART": "title of a work",
    "LANGUAGE": "language",
}
"""Each label in words, for a reader who does not know spaCy's codes (GPE, NORP)."""
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
"""Labels that can speak, most likely first (a place speaks as its government)."""


class EntityId(NamedTuple):
    label: str
    slug: str

    @property
    def words(self) -> list[str]:
        return self.slug.split("-")


def entity_id(label: str, key: str) -> str:
    """``PERSON`` and ``vladimir putin`` -> ``PERSON:vladimir-putin``."""
    return f"{label}:{key.replace(' ', '-')}"


def parse_id(ident: str) -> EntityId:
    """``PERSON:vladimir-putin`` -> (``PERSON``, ``vladimir-putin``); an id without a
    label (a bare speaker phrase key) has the empty label."""
    label, colon, slug = ident.partition(":")
    return EntityId(label, slug) if colon else EntityId("", ident)


def is_place(ident: str) -> bool:
    return parse_id(ident).label in PLACE_LABELS
