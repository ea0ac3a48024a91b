"""What an outlet is called, in one place for every stage and output.

An outlet's key is its web domain (``reuters.com``), which ingest takes from the URL;
its name (``Reuters``) is what the publisher calls itself, kept when the input gives one.
A document nobody could attribute is its own source: two such plain-text files count as
two sources, in the story list as on the story page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlparse

from parallax.models import StorySummary

UNKNOWN = "unknown"
"""The outlet of a document whose outlet nobody could tell."""
UNKNOWN_NAME = "no known outlet"
"""What a reader sees for the documents of unknown outlet taken together."""
UNNAMED_PREFIX = "doc:"
"""How a document of unknown outlet is labelled: ``doc:`` and its id's first 8 digits."""


def outlet_label(outlet: str | None, url: str | None, doc_id: str) -> str:
    """The outlet, or for an unknown one the host of its URL, else a short form of the
    document's id, so two unattributed documents count as two sources."""
    if outlet and outlet != UNKNOWN:
        return outlet
    if url:
        host = urlparse(url).hostname
        if host:
            return host.removeprefix("www.")
    return f"{UNNAMED_PREFIX}{doc_id[:8]}"


def unnamed(label: str) -> bool:
    return label.startswith(UNNAMED_PREFIX)


def reader_names(labels: Iterable[str], stored: Mapping[str, str]) -> dict[str, str]:
    """What a reader sees for each outlet label: the publisher's stored name, else the
    label (its domain); documents of unknown outlet are numbered "unnamed source 1, 2…"
    in the order of their ids, so every page and output numbers them alike."""
    labels = list(dict.fromkeys(labels))
    names = {label: stored.get(label) or label for label in labels}
    nameless = sorted(label for label in labels if unnamed(label))
    for n, label in enumerate(nameless, 1):
        names[label] = f"unnamed source {n}" if len(nameless) > 1 else "unnamed source"
    return names


def shown_domain(label: str, name: str) -> str | None:
    """The domain to show after a name, when the name is the publisher's own
    ("Reuters", then reuters.com); none when the name is the domain itself."""
    if unnamed(label) or label == UNKNOWN or name.casefold() == label.casefold():
        return None
    return label


def stored_name(outlet: str, stored: Mapping[str, str]) -> str | None:
    """An outlet's name for its own page and lists: the publisher's, if stored."""
    return stored.get(outlet) or (UNKNOWN_NAME if outlet == UNKNOWN else None)


def name_stories(stories: Sequence[StorySummary], stored: Mapping[str, str]) -> list[StorySummary]:
    """Each story with ``outlet_names`` filled, as every list shows its outlets."""
    named = []
    for story in stories:
        names = reader_names(story.outlets, stored)
        named.append(story.model_copy(update={"outlet_names": [names[o] for o in story.outlets]}))
    return named
