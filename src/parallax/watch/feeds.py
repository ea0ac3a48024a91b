"""One poll of the watched feeds: new item pages fetched, ingested, their stories compared.

A feed is fetched with the validators of its last answer (a 304 costs nothing); its
items' pages not stored yet are fetched (robots.txt permitting) and go through the
pipeline like any HTML file, the page's raw HTML kept as the document's content. Each
failure (a dead feed, an error status, a slow, huge or truncated answer, a malformed
feed or page) is one error naming the URL and what went wrong; the rest goes on. What
became a document is remembered in the store, so a restart never fetches it again; a
feed's validators are saved only after its pages were tried, so a crash mid-poll is
made up on the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from parallax.annotate import Annotator
from parallax.ingest.normalize import InputRejected, decode
from parallax.ingest.readers import html_document, parse_feed
from parallax.models import IngestError, RawDocument
from parallax.pipeline import Progress, ingest
from parallax.store import Store
from parallax.watch.fetch import Fetcher, FetchError

MAX_ATTEMPTS = 3  # polls a failing page is tried in before it is given up


@dataclass(frozen=True)
class FeedItem:
    """A page a feed lists, with what the feed says about it."""

    url: str
    title: str | None = None
    published: str | None = None


@dataclass
class PollReport:
    feeds: int = 0
    not_modified: int = 0
    fetched: int = 0  # pages fetched
    added: list[str] = field(default_factory=list)  # document ids
    unchanged: list[str] = field(default_factory=list)
    compared: list[str] = field(default_factory=list)  # story ids
    errors: list[IngestError] = field(default_factory=list)


def feed_items(data: bytes, base: str = "") -> list[FeedItem]:
    """The items of an RSS/Atom feed that link to a page, relative links resolved against
    ``base`` (the feed's URL); ``InputRejected`` if the feed is malformed."""
    feed = parse_feed(data)
    items = []
    for entry in feed.entries:
        link = _link(entry)
        if link:
            items.append(
                FeedItem(
                    url=urljoin(base, link),
                    title=entry.get("title"),
                    published=entry.get("published") or entry.get("updated"),
                )
            )
    return items


def _link(entry: Any) -> str | None:
    link = entry.get("link")
    if link:
        return str(link).strip()
    guid = entry.get("id")
    permalink = entry.get("guidislink") and guid
    return str(guid).strip() if permalink else None


def poll(
    feeds: Iterable[str],
    store: Store,
    fetcher: Fetcher,
    *,
    annotator: Annotator | None = None,
    progress: Progress | None = None,
) -> PollReport:
    """Poll every feed once, store each new page's document, compare touched stories."""
    report = PollReport()
    pending: dict[str, FeedItem] = {}
    polled: dict[str, tuple[str | None, str | None]] = {}
    for feed_url in dict.fromkeys(feeds):
        report.feeds += 1
        items = {item.url: item for item in _poll_feed(feed_url, store, fetcher, report, polled)}
        for url in store.pages_to_fetch(items, MAX_ATTEMPTS):
            pending.setdefault(url, items[url])
    if pending:
        _ingest_pages(list(pending.values()), store, fetcher, report, annotator, progress)
    for feed_url, (etag, last_modified) in polled.items():
        store.save_feed_poll(feed_url, etag, last_modified)
    return report


def _ingest_pages(
    items: list[FeedItem],
    store: Store,
    fetcher: Fetcher,
    report: PollReport,
    annotator: Annotator | None,
    progress: Progress | None,
) -> None:
    sources: dict[str, list[str]] = {}  # document id to the pages it came from
    failed: dict[str, str] = {}
    pages = _fetch_pages(items, fetcher, report, sources, failed)
    result = ingest(pages, store, annotator=annotator, progress=progress, compare=True)
    report.added, report.unchanged, report.compared = (
        result.added,
        result.unchanged,
        result.compared,
    )
    report.errors.extend(result.errors)
    stored = {
        url: doc_id for doc_id in [*result.added, *result.unchanged] for url in sources[doc_id]
    }
    asked = {item.url for item in items}
    failed |= {e.source: e.reason for e in result.errors if e.source in asked}
    store.record_pages(stored, failed)


def _poll_feed(
    url: str,
    store: Store,
    fetcher: Fetcher,
    report: PollReport,
    polled: dict[str, tuple[str | None, str | None]],
) -> list[FeedItem]:
    etag, last_modified = store.feed_validators(url)
    try:
        response = fetcher.get(url, etag, last_modified)
        if response.not_modified:
            report.not_modified += 1
            store.save_feed_poll(url, etag, last_modified)
            return []
        items = feed_items(response.body, response.url)
    except FetchError as exc:
        return _feed_failed(url, str(exc), store, report)
    except InputRejected as exc:
        return _feed_failed(url, f"MalformedFeed: {exc}", store, report)
    polled[url] = (response.etag, response.last_modified)
    return items


def _feed_failed(url: str, reason: str, store: Store, report: PollReport) -> list[FeedItem]:
    report.errors.append(IngestError(source=url, reason=reason))
    store.save_feed_poll(url, error=reason)
    return []


def _fetch_pages(
    items: Iterable[FeedItem],
    fetcher: Fetcher,
    report: PollReport,
    sources: dict[str, list[str]],
    failed: dict[str, str],
) -> Iterator[RawDocument | IngestError]:
    """Each page fetched as the pipeline asks for it, so pages wait in memory only
    a batch at a time."""
    for item in items:
        try:
            fetcher.check_robots(item.url)
            response = fetcher.get(item.url)
            report.fetched += 1
            raw = html_document(
                item.url,
                decode(response.body),
                url=item.url,
                title=item.title,
                published=item.published,
            )
        except FetchError as exc:
            reason = str(exc)
        except InputRejected as exc:
            reason = f"MalformedPage: {exc}"
        else:
            sources.setdefault(raw.id, []).append(item.url)
            yield raw
            continue
        failed[item.url] = reason
        yield IngestError(source=item.url, reason=reason)
