"""Naming: how each outlet writes each canonical entity, every surface form kept."""

from __future__ import annotations

import re
from collections.abc import Sequence

from parallax.compare.claims import NAMED_LABELS
from parallax.compare.story import StoryDocument
from parallax.models import Naming

_POSSESSIVE = re.compile(r"['’]s?$")


def surface_form(text: str) -> str:
    """The name as written, less a possessive ending: "Putin's" -> "Putin"."""
    return _POSSESSIVE.sub("", text.strip())


def naming(documents: Sequence[StoryDocument]) -> list[Naming]:
    forms: dict[str, dict[str, dict[str, int]]] = {}
    entities = {}
    for document in documents:
        for entity in document.annotations.entities:
            entities.setdefault(entity.id, entity)
        for mention in document.annotations.mentions:
            if mention.label not in NAMED_LABELS:
                continue
            outlet_forms = forms.setdefault(mention.entity_id, {}).setdefault(document.outlet, {})
            form = surface_form(mention.text)
            outlet_forms[form] = outlet_forms.get(form, 0) + 1
    result = []
    for entity_id, by_outlet in forms.items():
        entity = entities.get(entity_id)
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
                    name=entity.name if entity else max(shown[next(iter(shown))], key=len),
                    label=entity.label if entity else entity_id.split(":", 1)[0],
                    forms=shown,
                    differs=differs,
                ),
            )
        )
    return [n for _, n in sorted(result, key=lambda pair: pair[0])]


def _spelled_differently(forms: list[list[str]]) -> bool:
    """Two outlets each use a word the other never does (Sergey vs Sergei); a full name
    against a surname alone (Vladimir Putin vs Putin) is not a difference."""
    words = [{w.lower() for form in outlet for w in form.split()} for outlet in forms]
    return any(a - b and b - a for i, a in enumerate(words) for b in words[i + 1 :])
