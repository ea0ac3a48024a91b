"""Entry point of the clean stage: a raw document in, its article out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from parallax.clean.html import clean_html
from parallax.clean.lines import forget_line_features
from parallax.clean.metadata import forget_dates
from parallax.clean.patterns import forget_line_verdicts
from parallax.clean.text import Extracted, clean_text
from parallax.models import Article, RawDocument, RemovedLine

# Rules that judge a line's shape or place, not its content: they may drop a teaser
# beside an article, never the whole of a short one (a one-sentence item, a lead cut
# off with "…", a headline that is all there is).
_SHAPE_RULES = frozenset(
    {
        "outside-article",
        "truncated-teaser",
        "title-case-line",
        "short-line",
        "low-stopword-density",
        "repeated-in-page",
        "repeated-title",
        "teaser-heading",
    }
)


def _short_item(found: Extracted, title: str | None) -> tuple[list[str], list[RemovedLine]]:
    """The body of an item the cleaner left empty: the lines only shape rules dropped,
    else the dek, else the headline itself (a title-only item)."""
    kept = [r for r in found.removed if r.reason in _SHAPE_RULES]
    if kept:
        paragraphs = [line for r in kept for line in r.text.split("\n") if line.strip()]
        return paragraphs, [r for r in found.removed if r.reason not in _SHAPE_RULES]
    if found.dek:
        return [found.dek], found.removed
    return ([title] if title else []), found.removed


def no_text_reason(article: Article) -> str:
    """Why an article came out empty, naming the rules that dropped its lines."""
    rules: Counter[str] = Counter()
    for removed in article.removed:
        rules[removed.reason] += removed.text.count("\n") + 1
    if not rules:
        return "no article text: the document holds no text"
    named = ", ".join(f"{rule} ({n} line{'s' if n > 1 else ''})" for rule, n in rules.items())
    return f"no article text: every line was page furniture, dropped by rule {named}"


def clean(raw: RawDocument, *, boilerplate: Collection[str] = frozenset()) -> Article:
    """The article in ``raw``; what was dropped is listed in ``Article.removed``.

    ``boilerplate`` holds the line keys (``boilerplate.line_key``) that this
    document's outlet repeats across its pages; the pipeline learns them.
    Ingest metadata (title, date) fills in what the text does not say.
    """
    if raw.format == "html":
        found = clean_html(
            raw.content, boilerplate, language=raw.language, title=raw.title, url=raw.url
        )
    else:
        found = clean_text(raw.content, boilerplate, language=raw.language, title=raw.title)
    title = found.title or raw.title
    paragraphs, removed = found.paragraphs, found.removed
    if not any(p.strip() for p in paragraphs):
        paragraphs, removed = _short_item(found, title)
        found.dek = None if paragraphs == [found.dek] else found.dek
    return Article(
        doc_id=raw.id,
        outlet=raw.outlet,
        title=title,
        dek=found.dek,
        byline=found.byline,
        published=found.published or raw.published,
        url=raw.url,
        language=raw.language,
        body="\n\n".join(paragraphs),
        removed=removed,
        short=len(paragraphs) <= 1,
    )


def forget_caches() -> None:
    """Empty the stage's caches of line features, line verdicts and parsed dates, so
    a measurement starts cold (nothing remembered from other documents)."""
    forget_line_features()
    forget_line_verdicts()
    forget_dates()
