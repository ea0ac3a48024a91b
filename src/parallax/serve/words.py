"""Words for the codes the pipeline stores: what a reader sees instead of GPE, negation or
a document id. Pages and their tests read them from here."""

from __future__ import annotations

from urllib.parse import urlparse

from parallax.lexicon.entities import LABEL_WORDS
from parallax.models import RawDocument

SLOT_NOTES = {
    "negation": "one outlet reports it, another reports that it did not happen",
}
KINDS = {
    "agreed": "every outlet",
    "partial": "several outlets",
    "conflict": "outlets differ",
    "single-source": "one outlet only",
}
KIND_MARKS = {"agreed": "✓", "partial": "◐", "conflict": "≠", "single-source": "1"}
"""A sign per finding kind, so a kind is never told by colour alone."""
LOADED = {
    "loaded": "loaded word",
    "name-calling": "name-calling",
    "label": "label",
    "scare-quote": "scare quotes",
}
UNKNOWN_OUTLET: str = RawDocument.model_fields["outlet"].default
"""The outlet of a document whose outlet nobody could tell."""
UNNAMED_PREFIX = "doc:"
"""How compare labels a document of unknown outlet (``compare.story.outlet_label``)."""


def entity_label(label: str) -> str:
    return LABEL_WORDS.get(label, label.replace("_", " ").lower())


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 document', '4 documents'."""
    return f"{count} {singular if count == 1 else many or singular + 's'}"


def short_id(value: str, length: int = 8) -> str:
    """Ids are shortened everywhere as in the CLI; any unique prefix opens the page."""
    return value[:length]


def web_link(url: str | None) -> str | None:
    """An article's original address, only when it is a web address a reader can open."""
    if not url:
        return None
    parsed = urlparse(url)
    return url if parsed.scheme in ("http", "https") and parsed.netloc else None
