"""The head of a story page: who reported it (each article with its original and its
copies marked), the outlets' names, and a brief of a few lines a reader takes in at once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from parallax.models import Article, Comparison, OutletCoverage
from parallax.render.headline import shared_findings
from parallax.render.sections import slot_words
from parallax.serve import words
from parallax.serve.comparisons import StoryData

MAX_BRIEF_CONFLICTS = 2
MAX_BRIEF_NAMES = 4


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
    href: str
    """The outlet's page, or for an unnamed source its article's page."""
    sources: list[Source]


def outlet_names(labels: list[str]) -> dict[str, str]:
    """What a reader sees for each outlet label: the label itself, except for a document
    of unknown outlet, which compare labels by its id and the page numbers in order
    (its title is beside it in the story's header)."""
    unnamed = [label for label in labels if label.startswith(words.UNNAMED_PREFIX)]
    names = {label: label for label in labels}
    for n, label in enumerate(unnamed, 1):
        names[label] = f"unnamed source {n}" if len(unnamed) > 1 else "unnamed source"
    return names


def brief(comparison: Comparison, outlets: list[str], name: Callable[[str], str]) -> list[str]:
    """A few lines a reader takes in at once: the core fact, then the main differences
    (conflicts, voices only one outlet lets speak, what only one outlet reports)."""
    lines = []
    findings = comparison.findings
    shared = shared_findings(findings)
    if shared:
        core = shared[0]
        if len(core.outlets) < len(outlets):
            who = f"{len(core.outlets)} of {len(outlets)} outlets report"
        else:
            who = (
                "Both outlets report" if len(outlets) == 2 else f"All {len(outlets)} outlets report"
            )
        lines.append(f"{who}: {core.statement}")
        if len(shared) > 1:
            lines.append(f"They share {words.plural(len(shared) - 1, 'more statement')}.")
    elif len(outlets) > 1:
        lines.append(f"The {len(outlets)} outlets report no statement in common.")
    conflicts = [f for f in findings if f.kind == "conflict"]
    for finding in conflicts[:MAX_BRIEF_CONFLICTS]:
        values = "; ".join(f"{name(o)} says {v}" for o, v in finding.values.items())
        lines.append(f"They differ on {slot_words(finding.slot)}: {values}.")
    if len(conflicts) > MAX_BRIEF_CONFLICTS:
        more = len(conflicts) - MAX_BRIEF_CONFLICTS
        lines.append(f"And {words.plural(more, 'more difference')}.")
    if len(outlets) > 1:
        only = sorted(
            (v for v in comparison.voices if v.only_here),
            key=lambda v: (v.speaker_id is None, -v.quotes),
        )  # named people and bodies first, the most quoted among them
        if only:
            named = [f"{v.speaker} ({name(v.outlet)})" for v in only[:MAX_BRIEF_NAMES]]
            rest = len(only) - len(named)
            tail = f" and {rest} more" if rest > 0 else ""
            lines.append(f"Quoted by one outlet only: {', '.join(named)}{tail}.")
        singles = Counter(f.outlets[0] for f in findings if f.kind == "single-source" and f.outlets)
        if singles:
            parts = [f"{name(o)} {n}" for o, n in singles.most_common()]
            lines.append(f"Statements only one outlet reports: {', '.join(parts)}.")
    return lines


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
        href = (
            f"/documents/{sources[0].article.doc_id}"
            if entry.outlet.startswith(words.UNNAMED_PREFIX) and sources
            else f"/outlets/{quote(entry.outlet, safe='')}"
        )
        entries.append(OutletEntry(name=name(entry.outlet), href=href, sources=sources))
    earliest = datetime.max.replace(tzinfo=UTC)

    def first_published(entry: OutletEntry) -> tuple[bool, datetime]:
        """Outlets of their own first, earliest first; an outlet with only copies last."""
        own = [s for s in entry.sources if not s.copy_of]
        return (not own, min((s.article.published or earliest for s in own), default=earliest))

    return sorted(entries, key=first_published)
