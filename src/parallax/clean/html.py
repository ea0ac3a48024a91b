"""The article of an HTML page: trafilatura finds the body, htmldate the date and
the page's own meta tags the headline and author; our text cleaner then takes a
second pass over the body, and when trafilatura finds nothing the text cleaner
works on the whole page's text."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

import htmldate
import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError
from lxml.html import HtmlElement

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


def _first(tree: HtmlElement, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for found in tree.xpath(xpath):
            value = " ".join(str(found).split())
            if value:
                return value
    return None


def page_metadata(tree: HtmlElement) -> Extracted:
    """Headline, dek, author and date a page declares. trafilatura's own metadata
    pass costs as much as its extraction; these few lookups and htmldate (which
    trafilatura would call too) cost a fraction of it."""
    author = _first(
        tree,
        "//meta[@name='author']/@content",
        "//meta[@property='article:author']/@content",
        "//*[@rel='author']//text()",
    )
    date = htmldate.find_date(tree, **_DATE_PARAMS)
    return Extracted(
        title=_first(
            tree,
            "//meta[@property='og:title']/@content",
            "//meta[@name='twitter:title']/@content",
            "//h1//text()",
            "//title/text()",
        ),
        dek=_first(
            tree,
            "//meta[@property='og:description']/@content",
            "//meta[@name='description']/@content",
        ),
        byline=None if author is None or "://" in author else author,
        published=_published(date),
    )


def clean_html(
    markup: str,
    boilerplate: Collection[str] = frozenset(),
    *,
    language: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Extracted:
    tree = trafilatura.load_html(markup)
    if tree is None:
        return clean_text(page_text(markup), boilerplate, language=language, title=title)
    found = page_metadata(tree)
    found.title = found.title or title
    # trafilatura prunes the tree it is given: it is the last to use it.
    document = trafilatura.bare_extraction(
        tree, url=url, favor_precision=True, include_comments=False
    )
    body = (document.text or "").strip() if document is not None else ""
    if not body:
        fallback = clean_text(page_text(markup), boilerplate, language=language, title=found.title)
        fallback.title = fallback.title or found.title
        fallback.published = fallback.published or found.published
        return fallback
    paragraphs, removed = second_pass(body, boilerplate, language=language, title=found.title)
    found.paragraphs, found.removed = paragraphs, removed
    return found
