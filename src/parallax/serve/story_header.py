"""The head of a story page: who reported it (each article with its original and its
copies marked) under the outlets' names; the brief is ``render.brief``'s."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from parallax.models import Article, OutletCoverage
from parallax.outlets import shown_domain
from parallax.serve import words
from parallax.serve.comparisons import StoryData


@dataclass(frozen=True)
class Source:
    """One article in the story's header: where to read it here and at its outlet."""

    article: Article
    here: str
    web: str | None
    copy_of: str | None
    """The outlet name of the article this one repeats (syndicated or near-duplicate)."""


@dataclass(frozen=True)
class OutletEntry:
    name: str
    domain: str | None
    """Shown after the name when it is the publisher's own (not the domain itself)."""
    href: str
    """The outlet's page, or for an unnamed source its article's page."""
    sources: list[Source]


def outlet_entries(
    story: StoryData,
    coverage: list[OutletCoverage],
    name: Callable[[str], str],
    here: Callable[[str], str],
) -> list[OutletEntry]:
    """Each outlet with its articles, outlets of their own first, earliest first."""
    copies = {a.doc_id: a.duplicate_of for a in story.assignments if a.duplicate_of}
    label_of = {d: c.outlet for c in coverage for d in (*c.doc_ids, *c.copies)}
    entries = []
    for entry in coverage:
        sources = [
            Source(
                article=story.articles[doc_id],
                here=here(doc_id),
                web=words.web_link(story.articles[doc_id].url),
                copy_of=name(label_of.get(copies[doc_id], "")) if doc_id in copies else None,
            )
            for doc_id in (*entry.doc_ids, *entry.copies)
            if doc_id in story.articles
        ]
        shown = name(entry.outlet)
        entries.append(
            OutletEntry(
                name=shown,
                domain=shown_domain(entry.outlet, shown),
                href=words.outlet_href(entry.outlet),
                sources=sources,
            )
        )
    earliest = datetime.max.replace(tzinfo=UTC)

    def first_published(entry: OutletEntry) -> tuple[bool, datetime]:
        """Outlets of their own first, earliest first; an outlet with only copies last."""
        own = [s for s in entry.sources if not s.copy_of]
        return (not own, min((s.article.published or earliest for s in own), default=earliest))

    return sorted(entries, key=first_published)
