"""The article of a plain-text dump: kept lines become the body, the head gives the
headline, dek, byline and date, and every dropped line is listed with its rule."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from parallax.clean.lines import split_lines
from parallax.clean.metadata import dek_like, find_byline, find_date, headline_like, looks_dated
from parallax.clean.textdump import Verdict, extract_lines, fold, folds_to, label_lines
from parallax.models import RemovedLine

# How far above the headline (or the body, when no headline is found) a dateline
# or byline is looked for, and how far above the body a headline is.
HEAD_ABOVE = 4
HEADLINE_WINDOW = 6
# Verdicts about a line's features rather than a furniture rule: such a line can
# still be the headline.
FEATURE_VERDICTS = frozenset(
    {None, "title-case-line", "low-stopword-density", "short-line", "outside-article"}
)
# In a second pass, an end-of-article marker only cuts once this share of the
# text is behind it (a "Related" box high up is not the end of the article).
TAIL_START = 0.5
# Verdicts a second pass ignores: they judge a line by its features or its place in
# a whole page (repeats, cut-off teasers), and the extractor has chosen the lines
# already (an interview repeats its question line; a paywalled article ends "...").
FURNITURE_EXEMPT = frozenset(
    {"low-stopword-density", "title-case-line", "repeated-in-page", "truncated-teaser"}
)


@dataclass
class Extracted:
    """What the cleaner found; ``None`` where the text did not say."""

    title: str | None = None
    dek: str | None = None
    byline: str | None = None
    published: datetime | None = None
    paragraphs: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)


class Removals:
    """Removed lines, a run of neighbouring lines dropped by one rule kept as one
    entry (lines joined by newlines): a page's menu is one entry, not fifty."""

    def __init__(self) -> None:
        self._runs: list[tuple[int, str, list[str]]] = []

    def add(self, index: int, text: str, reason: str) -> None:
        if self._runs:
            last, last_reason, texts = self._runs[-1]
            if last == index - 1 and last_reason == reason:
                texts.append(text)
                self._runs[-1] = (index, reason, texts)
                return
        self._runs.append((index, reason, [text]))

    def lines(self) -> list[RemovedLine]:
        return [
            RemovedLine.model_construct(text="\n".join(texts), reason=reason)
            for _, reason, texts in self._runs
        ]


def _body_like(verdict: Verdict) -> bool:
    return verdict.keep and verdict.label in ("good", "near")


def _furniture(verdict: Verdict) -> bool:
    """Dropped by a furniture rule, not merely for its features (length, stopwords)."""
    return verdict.label == "bad" and verdict.reason not in FEATURE_VERDICTS


def _candidate(verdict: Verdict) -> bool:
    """Could be a headline or dek: headline-shaped and not furniture."""
    line = verdict.line
    return not _furniture(verdict) and headline_like(line.words, line.terminal)


def _lines_above(verdicts: list[Verdict], start: int) -> list[int]:
    """Up to ``HEADLINE_WINDOW`` lines above ``start``, nearest first, not counting
    furniture (a share bar between headline and body)."""
    above: list[int] = []
    for index in range(start - 1, -1, -1):
        if len(above) == HEADLINE_WINDOW:
            break
        if not _furniture(verdicts[index]):
            above.append(index)
    return above


def _guess_headline(verdicts: list[Verdict], body_start: int) -> tuple[int | None, int | None]:
    """(headline, dek) indexes among the headline-shaped lines just above the body."""
    window = _lines_above(verdicts, body_start)
    found = [i for i in window if _candidate(verdicts[i]) and not _dated(verdicts[i])]
    if not found:
        return None, None
    seen: dict[str, int] = {}
    for index in reversed(found):
        key = fold(verdicts[index].line.text)
        if key in seen:
            return index if index < seen[key] else seen[key], None
        seen[key] = index
    nearest = found[0]
    if len(found) > 1 and nearest - found[1] <= 2 and verdicts[nearest].line.words >= 6:
        return found[1], nearest
    return nearest, None


def _dated(verdict: Verdict) -> bool:
    text = verdict.line.text
    return find_byline(text) is not None or looks_dated(text)


def clean_text(
    text: str,
    boilerplate: Collection[str] = frozenset(),
    *,
    language: str | None = None,
    title: str | None = None,
) -> Extracted:
    extraction = extract_lines(text, boilerplate, language, title)
    verdicts = extraction.verdicts
    marked = next((i for i, v in enumerate(verdicts) if v.headline), None)
    after = marked + 1 if marked is not None else 0
    kept = [i for i in range(after, len(verdicts)) if verdicts[i].keep]
    body_start = next(
        (i for i in kept if _body_like(verdicts[i])), kept[0] if kept else len(verdicts)
    )
    headline, dek = (marked, None) if marked is not None else _guess_headline(verdicts, body_start)

    found = Extracted(title=verdicts[headline].line.text if headline is not None else title)
    used: dict[int, str | None] = {}
    if headline is not None:
        used[headline] = None
    if dek is None and headline is not None:
        dek = next(
            (
                i
                for i in range(headline + 1, body_start)
                if dek_like(verdicts[i].line.words, verdicts[i].line.terminal)
                and fold(verdicts[i].line.text) != fold(found.title or "")
                and not _dated(verdicts[i])
            ),
            None,
        )
    if dek is not None:
        found.dek = verdicts[dek].line.text
        used[dek] = None
    head_top = (headline if headline is not None else body_start) - HEAD_ABOVE
    for index in range(max(0, head_top), body_start):
        line = verdicts[index].line.text
        if found.published is None and (date := find_date(line, language)):
            found.published, used[index] = date, None
        elif found.byline is None and (author := find_byline(line)):
            found.byline, used[index] = author, None
    title_key = fold(found.title) if found.title else None
    for index, verdict in enumerate(verdicts):
        if index in used:
            continue
        if verdict.keep and title_key and folds_to(verdict.line.text, title_key):
            used[index] = "repeated-title"
        elif verdict.keep and index < body_start and (author := find_byline(verdict.line.text)):
            found.byline = found.byline or author
            used[index] = "byline"
    if found.published is None:
        found.published = next(
            (
                date
                for v in verdicts
                if v.reason in ("dateline", "date-only")
                and (date := find_date(v.line.text, language))
            ),
            None,
        )
    removed = Removals()
    for index, verdict in enumerate(verdicts):
        if index in used:
            if used[index]:
                removed.add(index, verdict.line.text, used[index])
        elif verdict.keep:
            found.paragraphs.append(verdict.line.text)
        else:
            removed.add(index, verdict.line.text, verdict.reason or "outside-article")
    found.removed = removed.lines()
    return found


def second_pass(
    text: str,
    boilerplate: Collection[str] = frozenset(),
    *,
    language: str | None = None,
    title: str | None = None,
) -> tuple[list[str], list[RemovedLine]]:
    """Furniture left in an extractor's output: pattern and outlet-boilerplate lines,
    the headline repeated, and a trailing section after an end-of-article marker.

    Gentler than ``clean_text``: the extractor already chose the article, so only
    what the rules name goes."""
    verdicts = label_lines(split_lines(text, language), boilerplate)
    title_key = fold(title) if title else None
    total = sum(v.line.chars for v in verdicts) or 1
    cut = len(verdicts)
    seen = 0
    for index, verdict in enumerate(verdicts):
        if verdict.end_marker and seen / total >= TAIL_START:
            cut = index
            break
        seen += verdict.line.chars
    paragraphs: list[str] = []
    removed: list[RemovedLine] = []
    for index, verdict in enumerate(verdicts):
        line = verdict.line.text
        if index >= cut:
            removed.append(
                RemovedLine.model_construct(text=line, reason=verdict.reason or "after-end-marker")
            )
        elif verdict.label == "bad" and verdict.reason in FURNITURE_EXEMPT:
            paragraphs.append(line)
        elif verdict.label == "bad":
            removed.append(
                RemovedLine.model_construct(text=line, reason=verdict.reason or "furniture")
            )
        elif title_key and folds_to(line, title_key):
            removed.append(RemovedLine.model_construct(text=line, reason="repeated-title"))
        else:
            paragraphs.append(line)
    return paragraphs, removed
