"""Entry point of the clean stage: a raw document in, its article out."""

from __future__ import annotations

from collections.abc import Collection

from parallax.clean.html import clean_html
from parallax.clean.lines import forget_line_features
from parallax.clean.metadata import forget_dates
from parallax.clean.patterns import forget_line_verdicts
from parallax.clean.text import clean_text
from parallax.models import Article, RawDocument


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
    return Article(
        doc_id=raw.id,
        outlet=raw.outlet,
        title=found.title or raw.title,
        dek=found.dek,
        byline=found.byline,
        published=found.published or raw.published,
        url=raw.url,
        language=raw.language,
        body="\n\n".join(found.paragraphs),
        removed=found.removed,
    )


def forget_caches() -> None:
    """Empty the stage's caches of line features, line verdicts and parsed dates, so
    a measurement starts cold (nothing remembered from other documents)."""
    forget_line_features()
    forget_line_verdicts()
    forget_dates()
