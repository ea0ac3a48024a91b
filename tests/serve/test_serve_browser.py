"""The pages in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
at a desktop and a phone width, no page scrolls sideways or logs an error, axe-core finds
no serious accessibility fault, the keyboard reaches everything, findings light up their
sentences and article markup stays inert."""

from __future__ import annotations

import json
import socket
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn

from parallax.annotate import Annotator
from parallax.serve.app import create_app
from parallax.serve.comparisons import Comparer

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
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
"""Installed by `make browser` (npm ci from tests/serve/axe/package-lock.json)."""

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
def serving(db: Path, annotator: Annotator, comparer: Comparer | None = None) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread, for one test."""
    port = _free_port()
    app = create_app(db, annotator=annotator, comparer=comparer)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
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


@pytest.fixture(scope="module")
def news_site(news_db: Path, annotator: Annotator) -> Iterator[str]:
    with serving(news_db, annotator) as base:
        yield base


@pytest.fixture(scope="module")
def wide_site(wide_db: Path, annotator: Annotator, wide_comparer: Comparer) -> Iterator[str]:
    with serving(wide_db, annotator, wide_comparer) as base:
        yield base


@pytest.mark.parametrize("width", [1400, 390])
def test_a_story_of_twenty_outlets_fits_the_screen(
    wide_site: str, browser: sync_api.BrowserContext, width: int
) -> None:
    [story] = _get_json(wide_site + "/api/stories")["stories"]
    slashed = [o["outlet"] for o in _get_json(wide_site + "/api/outlets") if "/" in o["outlet"]]
    assert len(story["outlets"]) == 20 and slashed
    for path in [f"/stories/{story['id']}", "/outlets/" + quote(slashed[0], safe="")]:
        page, errors = _open(browser, wide_site + path, width)
        _fits(page, errors, f"{path} at {width} px")
        _audit(page, f"{path} at {width} px")
        page.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_stories_of_named_and_unnamed_outlets_fit_the_screen(
    named_db: Path, annotator: Annotator, browser: sync_api.BrowserContext, width: int
) -> None:
    with serving(named_db, annotator) as base:
        stories = _get_json(base + "/api/stories")["stories"]
        assert {"Harbour Post", "unnamed source 1"} <= {
            n for s in stories for n in s["outlet_names"]
        }
        for path in ["/", "/outlets", *(f"/stories/{s['id']}" for s in stories)]:
            page, errors = _open(browser, base + path, width)
            _fits(page, errors, f"{path} at {width} px")
            _audit(page, f"{path} at {width} px")
            page.close()


@pytest.fixture(scope="module")
def page_urls(news_site: str) -> list[str]:
    """The list, story, document, entity and outlet pages (and the other lists)."""
    api = news_site + "/api"
    story = _get_json(f"{api}/stories?q=Ferry")["stories"][0]["id"]
    detail = _get_json(f"{api}/stories/{story}")
    entity = _get_json(f"{api}/entities")[0]["entity"]["id"]
    outlet = detail["documents"][0]["outlet"]
    return [
        "/",
        f"/stories/{story}",
        f"/documents/{detail['documents'][0]['id']}",
        f"/entities/{quote(entity, safe='')}",
        f"/outlets/{quote(outlet, safe='')}",
        "/outlets",
        "/entities",
        "/api",
    ]


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as answer:  # loopback only
        return json.load(answer)


def _open(browser: sync_api.BrowserContext, url: str, width: int) -> tuple[Any, list[str]]:
    """A page at a viewport width, with every console error and page error collected."""
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


@pytest.mark.parametrize("width", [1400, 390])
def test_no_page_scrolls_sideways_or_logs_an_error(
    news_site: str, page_urls: list[str], browser: sync_api.BrowserContext, width: int
) -> None:
    for path in page_urls:
        page, errors = _open(browser, news_site + path, width)
        _fits(page, errors, f"{path} at {width} px")
        page.close()


def _fits(page: Any, errors: list[str], where: str) -> None:
    """No sideways scrolling and nothing in the console."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where} is {overflow} px too wide"
    assert errors == [], (where, errors)


def _audit(page: Any, where: str) -> None:
    """axe-core in the page: no serious or critical violation."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (run `make browser`, which needs npm)")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # through the debugger: the CSP holds
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = [
        f"{where}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("width", [1400, 390])
def test_no_serious_accessibility_violations(
    news_site: str, page_urls: list[str], browser: sync_api.BrowserContext, width: int
) -> None:
    for path in page_urls:
        page, _ = _open(browser, news_site + path, width)
        _audit(page, f"{path} at {width} px")
        page.close()


def test_keyboard_reaches_the_content_and_opens_a_story(
    news_site: str, browser: sync_api.BrowserContext
) -> None:
    page, _ = _open(browser, news_site + "/", 1400)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    assert page.locator("a.skip").is_visible()  # shown once it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    for _ in range(40):  # tab on from the content's start to the first story
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('story-link')"):
            break
    else:
        pytest.fail("no story link is reachable with the Tab key")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/stories/" in page.url
    page.close()


def test_click_a_finding_and_its_sentence_lights_up(
    news_site: str, browser: sync_api.BrowserContext
) -> None:
    page, _ = _open(browser, news_site + "/", 1400)
    assert page.locator("a.story-link").count() >= 2
    with page.expect_navigation():
        page.locator("a.story-link", has_text="Ferry").first.click()
    assert "/stories/" in page.url
    finding = page.locator("table.matrix a.evidence").first
    target_id = finding.get_attribute("href")[1:]
    sentence = page.locator(f"[id='{target_id}']")
    assert sentence.evaluate("e => getComputedStyle(e).backgroundColor") != HIGHLIGHT
    finding.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=target_id)
    assert sentence.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT
    assert "current" in (sentence.get_attribute("class") or "")
    assert sentence.is_visible()
    page.close()


def test_what_one_outlet_alone_reports_is_folded_until_opened(
    news_site: str, page_urls: list[str], browser: sync_api.BrowserContext
) -> None:
    page, _ = _open(browser, news_site + page_urls[1], 390)
    groups = page.locator("details.single-group")
    assert groups.count() >= 1
    first = groups.first.locator("li").first
    assert not first.is_visible()
    groups.first.locator("summary").click()
    assert first.is_visible()
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


def test_stories_are_filtered_by_a_name_typed_with_suggestions(
    news_site: str, browser: sync_api.BrowserContext
) -> None:
    page, errors = _open(browser, news_site + "/", 390)
    field = page.locator("input[name='entity']")
    suggested = page.locator(f"datalist#{field.get_attribute('list')} option")
    assert "Anika Rasmussen" in suggested.evaluate_all("os => os.map(o => o.value)")
    field.fill("Anika Rasmussen")
    with page.expect_navigation():
        field.press("Enter")
    titles = page.locator("a.story-link").all_inner_texts()
    assert titles and all("library" not in t.lower() for t in titles)
    assert errors == []
    page.close()
