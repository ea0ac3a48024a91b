"""Parallax never fetches a URL: not from article links, metadata, feeds or WARC targets,
neither while ingesting nor while serving. Checked in the code and at run time. The
exceptions are the feed watcher's client (``parallax watch``), whose safety tests/watch
checks, and the Spark test cluster's status check, which reads its own master's page on
loopback and nothing an article names."""

from __future__ import annotations

import ast
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient

from parallax.annotate import Annotator
from parallax.ingest import read_paths
from parallax.pipeline import ingest
from parallax.serve.app import create_app
from parallax.store import Store

SRC = Path(__file__).resolve().parents[2] / "src" / "parallax"
# Modules that open network connections, and calls of libraries we use that would fetch.
NETWORK_MODULES = {
    "aiohttp",
    "ftplib",
    "http.client",
    "httpx",
    "pycurl",
    "requests",
    "smtplib",
    "socket",
    "urllib.request",
    "urllib3",
    "websockets",
}
FETCHING_CALLS = {"fetch_url", "fetch_response", "urlopen", "urlretrieve", "load_html_from_url"}
WATCHER_CLIENT = SRC / "watch" / "fetch.py"
SPARK_TEST_CLUSTER = SRC / "spark" / "standalone.py"  # its master's /json/ on 127.0.0.1


def imported_modules(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def called_names(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            yield func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        elif isinstance(node, ast.ImportFrom):
            yield from (alias.name for alias in node.names)


def test_no_module_of_ours_can_fetch_a_url() -> None:
    offences = []
    for path in sorted(set(SRC.rglob("*.py")) - {WATCHER_CLIENT, SPARK_TEST_CLUSTER}):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module in imported_modules(tree):
            if any(module == m or module.startswith(f"{m}.") for m in NETWORK_MODULES):
                offences.append(f"{path.relative_to(SRC)} imports {module}")
        offences += [f"{path.relative_to(SRC)} calls {name}" for name in called_names(tree)
                     if name in FETCHING_CALLS]  # fmt: skip
    assert not offences, "network access in the code: " + "; ".join(offences)


class Counting(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Counting.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html><body>fetched</body></html>")

    do_HEAD = do_GET

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def trap() -> Iterator[str]:
    """A loopback HTTP server that records every request made to it."""
    Counting.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def lure_corpus(folder: Path, base: str) -> Path:
    """Documents whose every link, reference and metadata URL points at the trap."""
    folder.mkdir()
    body = "The river authority said on Tuesday that the dam at Lake Morven held overnight."
    (folder / "page.html").write_text(
        f"""<html><head><link rel="canonical" href="{base}/canonical">
        <meta property="og:url" content="{base}/og"><meta http-equiv="refresh" content="0;url={base}/r">
        <link rel="stylesheet" href="{base}/style.css"><script src="{base}/s.js"></script></head>
        <body><article><h1>Dam holds</h1><p>{body}</p><img src="{base}/i.png">
        <iframe src="{base}/frame"></iframe><a href="{base}/link">more</a></article></body></html>"""
    )
    (folder / "records.jsonl").write_text(
        json.dumps(
            {"url": f"{base}/json", "html": f'<p>{body} Second.</p><img src="{base}/j.png">'}
        )
    )
    (folder / "feed.rss").write_text(
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>{base}/feed</link>
        <item><title>Dam</title><link>{base}/item</link><description>{body} Third.</description>
        <enclosure url="{base}/audio.mp3" type="audio/mpeg"/></item></channel></rss>"""
    )
    return folder


def test_ingest_and_serve_fetch_nothing(trap: str, tmp_path: Path, annotator: Annotator) -> None:
    db = tmp_path / "lure.db"
    with Store(db) as store:
        report = ingest(
            read_paths([lure_corpus(tmp_path / "in", trap)]), store, annotator=annotator
        )
    assert len(report.added) == 3, report.errors
    with TestClient(create_app(db, annotator=annotator)) as client:
        stories = client.get("/api/stories").json()["stories"]
        for story in stories:
            assert client.get(f"/stories/{story['id']}").status_code == 200
        for doc_id in report.added:
            assert client.get(f"/documents/{doc_id}").status_code == 200
    assert Counting.hits == [], f"fetched {Counting.hits}"
