"""The watcher's HTTP client refuses what is unsafe, names every failure, and is polite."""

from __future__ import annotations

import time

import pytest

from local_site import HOSTILE_PAGES, Site, rss
from parallax.ingest.normalize import InputRejected
from parallax.watch.feeds import feed_items
from parallax.watch.fetch import (
    USER_AGENT,
    BlockedAddress,
    Fetcher,
    FetchError,
    FetchSettings,
    NotHTTP,
    TooManyRedirects,
    Unreachable,
)


def test_loopback_is_refused_by_default_also_by_name_and_nothing_is_sent(fresh_site: Site) -> None:
    fetcher = Fetcher(FetchSettings(host_delay=0.0))
    port = fresh_site.base.rsplit(":", 1)[1]
    with pytest.raises(BlockedAddress, match=r"127\.0\.0\.1 is a loopback address"):
        fetcher.get(fresh_site.url("/feeds/coastwire.example.xml"))
    with pytest.raises(
        BlockedAddress, match=r"localhost resolves to 127\.0\.0\.1, which is a loopback"
    ):
        fetcher.get(f"http://localhost:{port}/feeds/coastwire.example.xml")
    for private in ("http://10.0.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest"):
        with pytest.raises(BlockedAddress):
            fetcher.get(private)
    with pytest.raises(BlockedAddress, match="link-local"):
        fetcher.get("http://[fe80::1]/")
    assert fresh_site.hits == {}


def test_only_http_and_https_without_credentials(
    fresh_site: Site, loopback_only: FetchSettings
) -> None:
    fetcher = Fetcher(loopback_only)
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "/relative"):
        with pytest.raises(NotHTTP):
            fetcher.get(url)
    with pytest.raises(NotHTTP, match="credentials"):
        fetcher.get(fresh_site.base.replace("http://", "http://user:pw@") + "/robots.txt")


@pytest.mark.parametrize(
    "path", sorted(p for p, kind in HOSTILE_PAGES.items() if kind != "MalformedPage")
)
def test_each_hostile_answer_is_one_named_error(
    fresh_site: Site, path: str, loopback_only: FetchSettings
) -> None:
    fetcher = Fetcher(loopback_only)
    started = time.monotonic()
    with pytest.raises(FetchError) as failed:
        fetcher.check_robots(fresh_site.url(path))
        fetcher.get(fresh_site.url(path))
    assert type(failed.value).__name__ == HOSTILE_PAGES[path]
    assert str(failed.value).startswith(HOSTILE_PAGES[path] + ": ")
    assert time.monotonic() - started < 2.5  # timeouts bound even a hanging server


def test_redirect_to_a_private_address_is_refused_before_connecting(
    fresh_site: Site, loopback_only: FetchSettings
) -> None:
    with pytest.raises(BlockedAddress, match=r"10\.255\.0\.1 is a private address"):
        Fetcher(loopback_only).get(fresh_site.url("/hostile/redirect-private"))


def test_a_dead_host_is_unreachable(closed_port: int, loopback_only: FetchSettings) -> None:
    with pytest.raises(Unreachable):
        Fetcher(loopback_only).get(f"http://127.0.0.1:{closed_port}/feed.xml")


def test_conditional_get_and_honest_user_agent(
    fresh_site: Site, loopback_only: FetchSettings
) -> None:
    fetcher = Fetcher(loopback_only)
    first = fetcher.get(fresh_site.url("/feeds/coastwire.example.xml"))
    assert first.status == 200 and first.etag and b"<rss" in first.body
    again = fetcher.get(fresh_site.url("/feeds/coastwire.example.xml"), etag=first.etag)
    assert again.not_modified and again.body == b""
    assert fresh_site.agents == {USER_AGENT}
    assert USER_AGENT.startswith("Parallax/") and "feed watcher" in USER_AGENT


def test_requests_to_one_host_are_spaced(fresh_site: Site) -> None:
    fetcher = Fetcher(FetchSettings(host_delay=0.3, allow_private=True))
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(fresh_site.url("/robots.txt"))
    assert time.monotonic() - started >= 0.6


def test_redirects_are_followed_at_most_max_redirects_times(
    fresh_site: Site, loopback_only: FetchSettings
) -> None:
    with pytest.raises(TooManyRedirects, match="over 5 redirects"):
        Fetcher(loopback_only).get(fresh_site.url("/hostile/redirect-chain/0"))
    hops = [path for path in fresh_site.hits if path.startswith("/hostile/redirect-chain/")]
    assert len(hops) == loopback_only.max_redirects + 1


def test_feed_items_resolve_relative_links_and_refuse_malformed_feeds() -> None:
    feed = rss("Coast Wire", [("/news/dam.html", "Dam"), ("https://other.example/a", "A")])
    items = feed_items(feed, "https://coastwire.example/rss/world.xml")
    assert [i.url for i in items] == [
        "https://coastwire.example/news/dam.html",
        "https://other.example/a",
    ]
    assert [i.title for i in items] == ["Dam", "A"]
    with pytest.raises(InputRejected, match="malformed feed"):
        feed_items(b"<rss><channel>{{ not a feed")
