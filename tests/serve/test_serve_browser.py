"""The pages in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from parallax.annotate import Annotator
from parallax.serve.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HIGHLIGHT = "rgb(255, 228, 92)"  # --target in app.css

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium (run `make browser` as root)",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(db: Path, annotator: Annotator) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread, for one test."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(db, annotator=annotator), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield context
        context.close()


def test_click_a_finding_and_its_sentence_lights_up(
    news_db: Path, annotator: Annotator, browser: sync_api.BrowserContext
) -> None:
    with serving(news_db, annotator) as base:
        page = browser.new_page()
        page.goto(base + "/")
        links = page.locator("a.story-link")
        assert links.count() >= 2
        with page.expect_navigation():
            page.locator("a.story-link", has_text="Ferry").first.click()
        assert "/stories/" in page.url
        finding = page.locator("table.findings a.evidence").first
        target_id = finding.get_attribute("href")[1:]
        sentence = page.locator(f"[id='{target_id}']")
        assert sentence.evaluate("e => getComputedStyle(e).backgroundColor") != HIGHLIGHT
        finding.click()
        page.wait_for_function("id => location.hash === '#' + id", arg=target_id)
        assert sentence.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT
        assert "current" in (sentence.get_attribute("class") or "")
        assert sentence.is_visible()
        page.close()


def test_article_markup_stays_inert_in_the_browser(
    hostile_db: Path,
    annotator: Annotator,
    browser: sync_api.BrowserContext,
    payloads: tuple[str, str],
) -> None:
    dialogs: list[str] = []
    with serving(hostile_db, annotator) as base:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ["/", "/stories/hostile-story"]:
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.evaluate("() => window.__pwned === undefined"), path
        page.locator("article.column h3 a").first.click()
        page.wait_for_load_state("load")
        body = page.locator("div.body").inner_text()
        assert payloads[0] in body and payloads[1] in body
        assert page.locator("div.body img").count() == 0
        assert page.evaluate("() => window.__pwned === undefined")
        page.close()
    assert dialogs == []


def test_finding_kinds_can_be_hidden(
    news_db: Path, annotator: Annotator, browser: sync_api.BrowserContext
) -> None:
    with serving(news_db, annotator) as base:
        page = browser.new_page()
        page.goto(base + "/")
        with page.expect_navigation():
            page.locator("a.story-link", has_text="Ferry").first.click()
        rows = page.locator("tr.finding.single-source")
        assert rows.count() > 0
        assert page.locator(".kind-filter").is_visible()  # shown only when the script runs
        page.locator(".kind-filter input[value='single-source']").uncheck()
        assert all(not rows.nth(i).is_visible() for i in range(rows.count()))
        page.locator(".kind-filter input[value='single-source']").check()
        assert rows.first.is_visible()
        page.close()
