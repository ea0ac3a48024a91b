"""Words for the codes the pipeline stores: what a reader sees instead of GPE, negation or
a document id. Pages and their tests read them from here."""

from __future__ import annotations

from urllib.parse import quote, urlparse

from parallax.lexicon.entities import LABEL_WORDS
from parallax.outlets import UNNAMED_PREFIX, unnamed

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


def entity_label(label: str) -> str:
    return LABEL_WORDS.get(label, label.replace("_", " ").lower())


def short_id(value: str, length: int = 8) -> str:
    """Ids are shortened everywhere as in the CLI; any unique prefix opens the page."""
    return value[:length]


def web_link(url: str | None) -> str | None:
    """An article's original address, only when it is a web address a reader can open."""
    if not url:
        return None
    parsed = urlparse(url)
    return url if parsed.scheme in ("http", "https") and parsed.netloc else None


def outlet_href(label: str) -> str:
    """An outlet's page; for a document of unknown outlet, that document's page."""
    if unnamed(label):
        return f"/documents/{quote(label.removeprefix(UNNAMED_PREFIX), safe='')}"
    return f"/outlets/{quote(label, safe='')}"
