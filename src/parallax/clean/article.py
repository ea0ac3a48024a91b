"""Entry point of the clean stage."""

from __future__ import annotations

import trafilatura

from parallax.models import Article, RawDocument


def clean(raw: RawDocument) -> Article:
    """The article in ``raw``; what was dropped is listed in ``Article.removed``."""
    if raw.format == "html":
        body = trafilatura.extract(raw.content, favor_precision=True) or ""
    else:
        body = raw.content
    paragraphs = [" ".join(p.split()) for p in body.split("\n") if p.strip()]
    return Article(
        doc_id=raw.id,
        outlet=raw.outlet,
        title=raw.title,
        published=raw.published,
        url=raw.url,
        language=raw.language,
        body="\n\n".join(paragraphs),
    )
