"""A polite, safe HTTP(S) client for the feed watcher, on the standard library alone.

Safe: only http and https; the host is resolved once, every address it resolves to is
checked (private, loopback, link-local and other non-public addresses are refused
unless allowed) and the connection goes to the checked address, so a second DNS answer
cannot slip in another; each redirect is checked the same way, and there are at most
``max_redirects``. No proxy, no cookies, no credentials, no compression (no zip bomb).
Polite: an honest User-Agent, conditional GET (ETag / Last-Modified), robots.txt for
pages, and a pause between two requests to one host.
Bounded: a timeout on connecting and on every read, a deadline for the whole response,
and a size cap. Each failure is one ``FetchError`` whose class names what went wrong.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from importlib.metadata import version
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

AGENT = "Parallax"
USER_AGENT = f"{AGENT}/{version('parallax')} (news comparison; feed watcher; Python)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
MAX_CRAWL_DELAY = 60.0  # seconds; a robots.txt asking for more is not obeyed beyond it

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class FetchSettings:
    """How the watcher fetches; every default is what a public deployment should use."""

    user_agent: str = USER_AGENT
    timeout: float = 10.0  # seconds to connect, and for each read
    deadline: float = 30.0  # seconds for a whole response
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    host_delay: float = 1.0  # seconds between two requests to one host
    allow_private: bool = False  # every non-public address (tests, an intranet)
    allowed_networks: tuple[Network, ...] = ()  # or only these


class FetchError(Exception):
    """A URL that could not be fetched; the class says what went wrong."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"{type(self).__name__}: {detail}")
        self.url = url


class NotHTTP(FetchError):
    """A scheme other than http or https, or a URL with credentials."""


class BlockedAddress(FetchError):
    """The host is, or resolves to, an address that is not public."""


class Unreachable(FetchError):
    """No such host, or nothing answers there."""


class TimedOut(FetchError):
    """No answer within the timeout, or the response outlasted the deadline."""


class BodyTooLarge(FetchError):
    """The response is larger than the size cap."""


class Truncated(FetchError):
    """The connection closed before the length the server announced."""


class BadStatus(FetchError):
    """An HTTP error status (4xx, 5xx) or a redirect without a target."""

    def __init__(self, url: str, status: int, detail: str) -> None:
        super().__init__(url, f"HTTP {status} {detail}")
        self.status = status


class TooManyRedirects(FetchError):
    """More redirects than allowed, or a loop."""


class DisallowedByRobots(FetchError):
    """The site's robots.txt asks agents like ours not to fetch this page."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address checked before, whatever DNS says now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _why_blocked(address: Address) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for reason in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(address, f"is_{reason}"):
            return reason.replace("_", "-")
    return None if address.is_global else "non-public"


class Fetcher:
    """One watcher's HTTP client: remembers each host's last request and robots.txt.
    Safe to share between threads."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url``, following redirects; 304 comes back as a ``Response`` too."""
        headers = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = {url}
        for _hop in range(self.settings.max_redirects + 1):
            status, answer, body = self._request(url, headers)
            if status not in REDIRECTS:
                if status >= 400:
                    raise BadStatus(url, status, answer.reason)
                return Response(
                    url, status, body, answer.getheader("ETag"), answer.getheader("Last-Modified")
                )
            target = answer.getheader("Location")
            if not target:
                raise BadStatus(url, status, "redirect without a Location")
            url = urljoin(url, target.strip())
            if url in seen:
                raise TooManyRedirects(url, "a redirect loop")
            seen.add(url)
        raise TooManyRedirects(url, f"over {self.settings.max_redirects} redirects")

    def check_robots(self, url: str) -> None:
        """Raise ``DisallowedByRobots`` unless the site's robots.txt lets us fetch ``url``
        (no robots.txt, or a 4xx for it, lets everything; an unreachable one nothing)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            known = origin in self._robots
        if not known:
            parser = self._read_robots(origin)
            with self._lock:
                self._robots[origin] = parser
        parser = self._robots[origin]
        if parser is None:
            raise DisallowedByRobots(url, f"{origin}/robots.txt could not be read")
        if not parser.can_fetch(AGENT, url):
            raise DisallowedByRobots(url, f"{origin}/robots.txt disallows it")

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        parser = RobotFileParser(f"{origin}/robots.txt")
        try:
            response = self.get(parser.url)
            lines = response.body.decode("utf-8", "replace").splitlines()
        except BadStatus as exc:
            if exc.status >= 500 or exc.status in (401, 403):
                return None
            lines = []
        except FetchError:
            return None
        parser.parse(lines)
        return parser

    def _request(
        self, url: str, headers: dict[str, str]
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise NotHTTP(url, f"only http and https URLs are fetched, not {url[:80]!r}")
        if parts.username or parts.password:
            raise NotHTTP(url, "URLs with credentials are not fetched")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise NotHTTP(url, f"bad port: {exc}") from exc
        address = self._resolve(url, parts.hostname, port)
        self._wait_turn(parts.hostname, self._crawl_delay(f"{parts.scheme}://{parts.netloc}"))
        kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        conn = kind(parts.hostname, port, address, self.settings.timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request("GET", target, headers=headers)
            answer = conn.getresponse()
            body = (
                b""
                if answer.status in REDIRECTS or answer.status == 304
                else self._body(url, answer)
            )
            return answer.status, answer, body
        except TimeoutError as exc:
            raise TimedOut(url, f"no answer within {self.settings.timeout:g} s") from exc
        except http.client.IncompleteRead as exc:
            raise Truncated(url, f"closed after {len(exc.partial)} bytes") from exc
        except (ssl.SSLError, ssl.CertificateError) as exc:
            raise Unreachable(url, f"TLS failed: {exc}") from exc
        except (http.client.HTTPException, OSError) as exc:
            raise Unreachable(url, f"{type(exc).__name__}: {exc}") from exc
        finally:
            conn.close()

    def _body(self, url: str, answer: http.client.HTTPResponse) -> bytes:
        cap = self.settings.max_bytes
        declared = answer.getheader("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > cap:
            raise BodyTooLarge(url, f"{int(declared)} bytes announced, over the {cap}-byte cap")
        deadline = time.monotonic() + self.settings.deadline
        chunks: list[bytes] = []
        size = 0
        while chunk := answer.read1(CHUNK):  # what has arrived, so the deadline is checked
            size += len(chunk)
            if size > cap:
                raise BodyTooLarge(url, f"over the {cap}-byte cap")
            if time.monotonic() > deadline:
                raise TimedOut(url, f"response not over after {self.settings.deadline:g} s")
            chunks.append(chunk)
        if declared and declared.strip().isdigit() and size < int(declared):
            raise Truncated(url, f"closed after {size} of {int(declared)} bytes")
        return b"".join(chunks)

    def _resolve(self, url: str, host: str, port: int) -> str:
        """The address to connect to, after checking every address ``host`` has."""
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise Unreachable(url, f"cannot resolve {host}: {exc}") from exc
        addresses = [str(info[4][0]).split("%", 1)[0] for info in found]
        for text in addresses:
            address = ipaddress.ip_address(text)
            if self._allowed(address):
                continue
            shown = host if host == text else f"{host} resolves to {text}, which"
            raise BlockedAddress(url, f"{shown} is a {_why_blocked(address)} address")
        if not addresses:
            raise Unreachable(url, f"{host} has no address")
        return addresses[0]

    def _allowed(self, address: Address) -> bool:
        if any(address in network for network in self.settings.allowed_networks):
            return True
        return self.settings.allow_private or _why_blocked(address) is None

    def _crawl_delay(self, origin: str) -> float:
        parser = self._robots.get(origin)
        asked = parser.crawl_delay(AGENT) if parser else None
        return min(float(asked), MAX_CRAWL_DELAY) if asked else 0.0

    def _wait_turn(self, host: str, crawl_delay: float) -> None:
        """Sleep until ``host`` has had its pause since our last request to it."""
        pause = max(self.settings.host_delay, crawl_delay)
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._last.get(host, now - pause) + pause)
            self._last[host] = turn
        if turn > now:
            time.sleep(turn - now)
