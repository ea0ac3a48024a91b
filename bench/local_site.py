"""A news site on 127.0.0.1 for the feed watcher's tests and benchmark: given pages
(path to outlet and HTML), it serves one RSS feed per outlet (with an ETag, answering a
conditional GET with 304), the pages, a robots.txt, a feed whose items the caller
changes, and hostile answers (a redirect to a private address or in a loop, huge
bodies, a hanging, trickling or truncated response, an error, binary garbage, a page
robots.txt forbids, an error feed and a malformed one)."""

from __future__ import annotations

import hashlib
import html
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG_SECONDS = 3.0
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def article_page(
    outlet: str, title: str, paragraphs: list[str], published: str | None = None
) -> bytes:
    """A plain article page: title, outlet, publication time (ISO 8601) and paragraphs."""
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs if p.strip())
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta property="og:site_name" content="{html.escape(outlet)}">{date}</head>'
        f"<body><article><h1>{html.escape(title)}</h1>\n{body}</article></body></html>"
    ).encode()


def rss(title: str, items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 feed of (link, title) items; the pages carry their own dates."""
    entries = "".join(
        f"<item><title>{html.escape(name)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(link)}</guid></item>"
        for link, name in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>http://127.0.0.1/</link>{entries}</channel></rss>"
    ).encode()


@dataclass
class Site:
    """The running site: its address, what it serves and what it was asked."""

    base: str
    pages: dict[str, tuple[str, bytes]]
    hits: Counter[str] = field(default_factory=Counter)
    agents: set[str] = field(default_factory=set)  # User-Agent headers seen
    changing: list[str] = field(default_factory=list)  # pages the changing feed lists now

    def url(self, path: str) -> str:
        return self.base + path

    def feed_urls(self) -> list[str]:
        outlets = sorted({outlet for outlet, _ in self.pages.values()})
        return [self.url(f"/feeds/{outlet}.xml") for outlet in outlets]

    def feed(self, path: str) -> bytes | None:
        name = path.removeprefix("/feeds/").removesuffix(".xml")
        if name == "changing":
            return rss("Changing", [self._item(p) for p in self.changing])
        if name == "hostile":
            return rss("Hostile", [(self.url(p), p) for p in HOSTILE_PAGES])
        items = [self._item(p) for p, (outlet, _) in self.pages.items() if outlet == name]
        return rss(name, items) if items else None

    def _item(self, path: str) -> tuple[str, str]:
        found = re.search(rb"<title>(.*?)</title>", self.pages[path][1], re.DOTALL)
        title = html.unescape(found.group(1).decode("utf-8", "replace")) if found else path
        return self.url(path), title.strip()


# Hostile pages, each with the error it must end in.
HOSTILE_PAGES = {
    "/hostile/redirect-private": "BlockedAddress",
    "/hostile/redirect-loop": "TooManyRedirects",
    "/hostile/redirect-chain/0": "TooManyRedirects",
    "/hostile/huge": "BodyTooLarge",
    "/hostile/huge-unannounced": "BodyTooLarge",
    "/hostile/hang": "TimedOut",
    "/hostile/trickle": "TimedOut",
    "/hostile/truncated": "Truncated",
    "/hostile/error": "BadStatus",
    "/hostile/binary": "MalformedPage",
    "/private/page.html": "DisallowedByRobots",
}
CAP = 256 * 1024  # the size cap the hostile tests fetch with


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *_args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        site, path = self.site, self.path
        site.hits[path] += 1
        site.agents.add(self.headers.get("User-Agent", ""))
        if path == "/robots.txt":
            return self._send(200, ROBOTS, Content_Type="text/plain")
        if path.startswith("/feeds/"):
            return self._feed(path)
        if path in site.pages:
            return self._send(200, site.pages[path][1], Content_Type="text/html; charset=utf-8")
        return self._hostile(path)

    def _feed(self, path: str) -> None:
        if path == "/feeds/error.xml":
            return self._send(500, b"server error")
        if path == "/feeds/malformed.xml":
            return self._send(200, b"<rss><channel>{{ not a feed", Content_Type="application/xml")
        body = self.site.feed(path)
        if body is None:
            return self._send(404, b"no such feed")
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, Content_Length="0")
        return self._send(200, body, Content_Type="application/rss+xml", ETag=etag)

    def _hostile(self, path: str) -> None:
        if path == "/hostile/redirect-private":
            return self._send(302, Location="http://10.255.0.1/page.html")
        if path == "/hostile/redirect-loop":
            return self._send(302, Location="/hostile/redirect-loop")
        if path.startswith("/hostile/redirect-chain/"):  # each hop a new URL, without end
            hop = int(path.rsplit("/", 1)[1])
            return self._send(301, Location=f"/hostile/redirect-chain/{hop + 1}")
        if path == "/hostile/huge":
            return self._send(200, b"<p>x</p>" * (CAP // 8 + 10), Content_Type="text/html")
        if path == "/hostile/huge-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no length: read until the server closes
            for _ in range(CAP // 8192 + 4):
                self.wfile.write(b"<p>y</p>" * 1024)
            self.close_connection = True
            return None
        if path == "/hostile/hang":
            time.sleep(HANG_SECONDS)
            return self._send(200, b"<p>late</p>")
        if path == "/hostile/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(int(HANG_SECONDS / 0.05)):
                self.wfile.write(b"<p>")
                self.wfile.flush()
                time.sleep(0.05)
            self.close_connection = True
            return None
        if path == "/hostile/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>The first hundred bytes of a page that stops")
            self.close_connection = True
            return None
        if path == "/hostile/error":
            return self._send(500, b"<h1>Internal Server Error</h1>")
        if path == "/hostile/binary":
            return self._send(200, b"\x00\x01\x02\xff" * 500, Content_Type="text/html")
        return self._send(404, b"not found")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, *_args: object) -> None:
        pass  # a client that gave up on a hostile answer is what those tests want


@contextmanager
def serving(pages: dict[str, tuple[str, bytes]]) -> Iterator[Site]:
    """The site listening on 127.0.0.1 (a free port) until the block ends."""
    server = _Server(("127.0.0.1", 0), _Handler)
    site = Site(base=f"http://127.0.0.1:{server.server_address[1]}", pages=pages)
    _Handler.site = site
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
