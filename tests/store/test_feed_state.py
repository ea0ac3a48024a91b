"""What the feed watcher remembers between polls and across restarts."""

from __future__ import annotations

from parallax.models import RawDocument
from parallax.store import Store


def test_a_failed_poll_keeps_the_validators_of_the_last_success(store: Store) -> None:
    feed = "https://coastwire.example/rss"
    assert store.feed_validators(feed) == (None, None)
    store.save_feed_poll(feed, '"v1"', "Sun, 17 May 2026 07:30:00 GMT")
    store.save_feed_poll(feed, error="BadStatus: HTTP 500 Internal Server Error")
    assert store.feed_validators(feed) == ('"v1"', "Sun, 17 May 2026 07:30:00 GMT")
    store.save_feed_poll(feed, '"v2"', None)
    assert store.feed_validators(feed) == ('"v2"', None)


def test_pages_stored_or_given_up_are_not_fetched_again(store: Store) -> None:
    page = "https://coastwire.example/news/{}".format
    store.save(
        RawDocument(
            id="d0", source=page(0), format="html", content="<p>x</p>", url=page(0), outlet="o"
        )
    )  # stored by a run that died before it recorded its pages
    store.record_pages({page(1): "d0"}, {page(2): "TimedOut: no answer", page(3): "Truncated"})
    store.record_pages({}, {page(3): "Truncated", page(4): "BadStatus: HTTP 500"})
    urls = [page(n) for n in (5, 0, 1, 2, 3, 4, 5)]
    assert store.pages_to_fetch(urls, max_attempts=2) == [page(5), page(2), page(4)]
    assert store.pages_to_fetch(urls, max_attempts=3) == [page(5), page(2), page(3), page(4)]
    assert store.page_errors() == {
        page(2): "TimedOut: no answer",
        page(3): "Truncated",
        page(4): "BadStatus: HTTP 500",
    }
    store.record_pages({page(2): "d0"}, {})  # a later try succeeded
    assert page(2) not in store.page_errors()
