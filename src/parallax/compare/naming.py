"""Naming: how each outlet writes each story-level entity, every surface form kept.

Outlets name a thing differently when they choose different words (Kiev / Kyiv,
Zelensky / Zelenskyy, Sergey / Sergei); case, punctuation, diacritics and hyphens
alone ("US" / "U.S.", "Erdoğan" / "Erdogan") are spelling, not naming."""

from __future__ import annotations

import re
from collections.abc import Sequence

from unidecode import unidecode

from parallax.annotate.entities import StoryEntities, story_entities
from parallax.compare.story import StoryDocument
from parallax.lexicon.entities import NAMED_LABELS, parse_id
from parallax.models import Naming

_POSSESSIVE = re.compile(r"['’]s?$")
_SPELLING = re.compile(r"[.'’`]")
_SEPARATORS = re.compile(r"[^\w\s]|_")


def surface_form(text: str) -> str:
    """The name as written, less a possessive ending: "Putin's" -> "Putin"."""
    return _POSSESSIVE.sub("", text.strip())


def spelling_key(form: str) -> str:
    """A form without case, dots, apostrophes, diacritics or hyphens: "U.S." -> "us",
    "Erdoğan" -> "erdogan", "Jean-Claude" -> "jean claude"."""
    ascii_form = _SPELLING.sub("", unidecode(form).lower())
    return " ".join(_SEPARATORS.sub(" ", ascii_form).split())


def naming(
    documents: Sequence[StoryDocument], entities: StoryEntities | None = None
) -> list[Naming]:
    entities = entities or story_entities(d.annotations.entities for d in documents)
    forms: dict[str, dict[str, dict[str, int]]] = {}
    for document in documents:
        for mention in document.annotations.mentions:
            if mention.label not in NAMED_LABELS:
                continue
            ident = entities.canonical(mention.entity_id)
            outlet_forms = forms.setdefault(ident, {}).setdefault(document.outlet, {})
            form = surface_form(mention.text)
            outlet_forms[form] = outlet_forms.get(form, 0) + 1
    result = []
    for entity_id, by_outlet in forms.items():
        shown = {
            outlet: sorted(counts, key=lambda f: (-counts[f], f))
            for outlet, counts in sorted(by_outlet.items())
        }
        differs = _spelled_differently(list(shown.values()))
        total = sum(sum(c.values()) for c in by_outlet.values())
        result.append(
            (
                (not differs, -len(shown), -total, entity_id),
                Naming(
                    entity_id=entity_id,
                    name=entities.name(entity_id, max(shown[next(iter(shown))], key=len)),
                    label=parse_id(entity_id).label,
                    forms=shown,
                    differs=differs,
                ),
            )
        )
    return [n for _, n in sorted(result, key=lambda pair: pair[0])]


def _spelled_differently(forms: list[list[str]]) -> bool:
    """Two outlets each use a word the other never does (Sergey vs Sergei), spelling
    aside (``spelling_key``); a full name against a surname alone (Vladimir Putin vs
    Putin) is not a difference."""
    words = [{w for form in outlet for w in spelling_key(form).split()} for outlet in forms]
    return any(a - b and b - a for i, a in enumerate(words) for b in words[i + 1 :])
