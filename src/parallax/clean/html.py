"""The article of an HTML page: trafilatura finds the body and metadata (its dates
come from htmldate), our text cleaner then takes a second pass over that body, and
when trafilatura finds nothing the text cleaner works on the whole page's text."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError

from parallax.clean.metadata import find_date
from parallax.clean.text import Extracted, clean_text, second_pass

# Elements after which the page text breaks the line, so the text cleaner sees
# the page's blocks as lines (as html-text and inscriptis dumps do).
_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
    "table", "section", "article", "header", "footer", "nav", "aside", "blockquote",
    "pre", "figcaption", "figure", "dd", "dt", "title", "main", "form", "button",
)  # fmt: skip
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def page_text(markup: str) -> str:
    """The visible text of a page, one block a line."""
    try:
        tree = lxml_html.document_fromstring(markup)
    except (ValueError, ParserError):
        return ""
    for node in tree.xpath("//script|//style|//noscript|//template|//svg"):
        node.drop_tree()
    for node in tree.iter(*_BLOCKS):
        node.tail = "\n" + (node.tail or "")
    return tree.text_content()


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return find_date(value)
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def clean_html(
    markup: str,
    boilerplate: Collection[str] = frozenset(),
    *,
    language: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Extracted:
    document = trafilatura.bare_extraction(
        markup,
        url=url,
        favor_precision=True,
        include_comments=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    body = (document.text or "").strip() if document is not None else ""
    if not body:
        found = clean_text(page_text(markup), boilerplate, language=language, title=title)
        found.title = found.title or title
        return found
    found = Extracted(
        title=document.title or title,
        dek=document.description or None,
        byline=document.author or None,
        published=_published(document.date),
    )
    paragraphs, removed = second_pass(body, boilerplate, language=language, title=found.title)
    found.paragraphs, found.removed = paragraphs, removed
    return found
