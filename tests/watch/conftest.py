"""The demo corpus (examples/corpus) as a news site on 127.0.0.1, started by the tests:
RSS feeds and article pages beside hostile answers (see bench/local_site.py)."""

from __future__ import annotations

import html
import ipaddress
import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from conftest import EXAMPLES
from local_site import CAP, Site, article_page, serving
from parallax.ingest.readers import parse_feed
from parallax.watch.fetch import FetchSettings


def demo_pages() -> dict[str, tuple[str, bytes]]:
    """Every demo article as a web page: path to (outlet, HTML)."""
    pages: dict[str, tuple[str, bytes]] = {}
    for path in sorted((EXAMPLES / "html").glob("*.html")):
        pages[f"/pages/{path.stem}.html"] = (path.stem.split("__")[0], path.read_bytes())
    for path in sorted((EXAMPLES / "text").glob("*.txt")):
        outlet, slug = path.stem.split("__")
        lines = path.read_text(encoding="utf-8").splitlines()
        pages[f"/pages/{path.stem}.html"] = (outlet, article_page(outlet, slug, lines))
    for number, line in enumerate((EXAMPLES / "feed.jsonl").read_text().splitlines()):
        record = json.loads(line)
        outlet = str(urlsplit(record["url"]).hostname)
        page = article_page(outlet, record["title"], record["text"].split("\n"))
        pages[f"/pages/jsonl-{number}.html"] = (outlet, page)
    for number, entry in enumerate(parse_feed((EXAMPLES / "feed.xml").read_bytes()).entries):
        markup = entry.content[0].value
        page = (
            f"<!doctype html><html><head><title>{html.escape(entry.title)}</title></head>"
            f"<body><article><h1>{html.escape(entry.title)}</h1>{markup}</article></body></html>"
        )
        pages[f"/pages/rss-{number}.html"] = ("northgazette.example", page.encode())
    return pages


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    """The demo corpus on the local site, for the whole session."""
    with serving(demo_pages()) as running:
        yield running


@pytest.fixture
def fresh_site(site: Site) -> Site:
    """The site with its request counts cleared."""
    site.hits.clear()
    site.agents.clear()
    site.changing = []
    return site


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: a dead feed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def loopback_only() -> FetchSettings:
    """Fetching from 127.0.0.0/8 only (any other private address refused), with short
    timeouts, a small size cap and no pause between requests."""
    return FetchSettings(
        timeout=0.5,
        deadline=1.0,
        max_bytes=CAP,
        host_delay=0.0,
        allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),),
    )
