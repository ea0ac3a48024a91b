"""``parallax watch`` against the local site: every demo article stored once, however
often it runs; every hostile page one named error with nothing stored from it; a feed
that changes brings only its new pages; the web app shows the new stories."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from local_site import HOSTILE_PAGES, Site
from parallax.annotate import Annotator
from parallax.cli import app
from parallax.serve.app import create_app
from parallax.store import Store
from parallax.watch.feeds import poll
from parallax.watch.fetch import Fetcher, FetchSettings


def watch(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["watch", "--once", "--json", "--delay", "0", *args])
    output = result.stdout.strip()
    return result.exit_code, json.loads(output[output.index("{") :]) if "{" in output else {}


def test_once_stores_every_demo_article_exactly_once_twice_in_a_row(
    fresh_site: Site, database: str, annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("parallax.pipeline.Annotator", lambda: annotator)
    feeds = fresh_site.feed_urls()
    code, first = watch(*feeds, "--allow-private", "--db", database)
    assert code == 0, first
    assert first["errors"] == [] and first["fetched"] == len(fresh_site.pages)
    assert len(first["added"]) == len(fresh_site.pages) and first["compared"]
    with Store(database) as store:
        stored = store.documents()
        assert sorted(d.url or "" for d in stored) == sorted(map(fresh_site.url, fresh_site.pages))
        assert all(d.format == "html" and d.content.lstrip().startswith("<") for d in stored)
        stories = len(store.story_ids())
    pages_before = sum(n for path, n in fresh_site.hits.items() if path.startswith("/pages/"))
    code, second = watch(*feeds, "--allow-private", "--db", database)
    assert code == 0 and second["added"] == [] and second["fetched"] == 0
    assert second["not_modified"] == len(feeds)  # conditional GET: the feeds answered 304
    assert sum(n for p, n in fresh_site.hits.items() if p.startswith("/pages/")) == pages_before
    with Store(database) as store:
        assert store.stats()["documents"] == len(fresh_site.pages)
        assert len(store.story_ids()) == stories


def test_each_hostile_case_is_a_named_error_and_nothing_is_stored(
    fresh_site: Site,
    database: str,
    annotator: Annotator,
    closed_port: int,
    loopback_only: FetchSettings,
) -> None:
    feeds = [
        fresh_site.url("/feeds/hostile.xml"),
        fresh_site.url("/feeds/error.xml"),
        fresh_site.url("/feeds/malformed.xml"),
        f"http://127.0.0.1:{closed_port}/feeds/dead.xml",
    ]
    with Store(database) as store:
        report = poll(feeds, store, Fetcher(loopback_only), annotator=annotator)
        assert store.stats()["documents"] == 0
        assert store.page_errors().keys() == {fresh_site.url(p) for p in HOSTILE_PAGES}
    named = {e.source: e.reason.split(":", 1)[0] for e in report.errors}
    assert named == {
        **{fresh_site.url(path): kind for path, kind in HOSTILE_PAGES.items()},
        feeds[1]: "BadStatus",
        feeds[2]: "MalformedFeed",
        feeds[3]: "Unreachable",
    }
    assert report.added == [] and report.fetched == 1  # only the binary page had a body


def test_failing_feeds_do_not_stop_the_others(
    fresh_site: Site,
    database: str,
    annotator: Annotator,
    closed_port: int,
    loopback_only: FetchSettings,
) -> None:
    good = fresh_site.url("/feeds/coastwire.example.xml")
    feeds = [f"http://127.0.0.1:{closed_port}/x.xml", fresh_site.url("/feeds/error.xml"), good]
    with Store(database) as store:
        report = poll(feeds, store, Fetcher(loopback_only), annotator=annotator)
        assert len(report.errors) == 2 and len(report.added) == 2
        assert {d.outlet for d in store.documents()} == {"coastwire.example"}


def test_a_feed_that_changes_between_polls_brings_only_its_new_pages(
    fresh_site: Site, database: str, annotator: Annotator, loopback_only: FetchSettings
) -> None:
    pages = sorted(fresh_site.pages)
    feed = [fresh_site.url("/feeds/changing.xml")]
    fetcher = Fetcher(loopback_only)
    with Store(database) as store, TestClient(create_app(database, annotator=annotator)) as web:
        fresh_site.changing = pages[:2]
        assert len(poll(feed, store, fetcher, annotator=annotator).added) == 2
        shown = {s["id"] for s in web.get("/api/stories").json()["stories"]}
        fresh_site.changing = pages[1:4]  # one page dropped, two new
        report = poll(feed, store, fetcher, annotator=annotator)
        assert len(report.added) == 2 and report.fetched == 2
        assert [fresh_site.hits[p] for p in pages[:4]] == [1, 1, 1, 1]
        now = {s["id"] for s in web.get("/api/stories").json()["stories"]}
        assert now > shown  # the running web app shows the stories that formed
        assert poll(feed, store, fetcher, annotator=annotator).not_modified == 1


def test_feeds_file_duration_and_refusals(fresh_site: Site, database: str, tmp_path: Path) -> None:
    listed = tmp_path / "feeds.txt"
    listed.write_text(f"# outlets\n\n{fresh_site.url('/feeds/error.xml')}\n")
    code, report = watch("--feeds", str(listed), "--allow-private", "--db", database)
    assert code == 1 and report["errors"][0]["reason"].startswith("BadStatus: HTTP 500")
    code, report = watch(fresh_site.url("/feeds/error.xml"), "--db", database)  # no --allow-private
    assert code == 1 and "BlockedAddress" in report["errors"][0]["reason"]
    feed = fresh_site.url("/feeds/coastwire.example.xml")
    for bad in (f"{feed} --every 10s", f"{feed} --every soon", f"{feed} --allow-net x", ""):
        result = CliRunner().invoke(app, ["watch", *shlex.split(bad), "--db", database])
        assert result.exit_code != 0
    assert fresh_site.hits[feed.removeprefix(fresh_site.base)] == 0


def test_without_once_it_polls_every_period_until_stopped(
    fresh_site: Site, database: str, annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("parallax.pipeline.Annotator", lambda: annotator)
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("parallax.cli.watch.time.sleep", sleep)
    feed = fresh_site.url("/feeds/coastwire.example.xml")
    args = ["watch", feed, "--every", "15m", "--allow-private", "--delay", "0", "--db", database]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 130 and "stopped" in result.output
    assert pauses == [900.0, 900.0]
    assert fresh_site.hits["/feeds/coastwire.example.xml"] == 2  # 200, then 304
    with Store(database) as store:
        assert store.stats()["documents"] == 2
