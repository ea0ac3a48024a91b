"""``parallax watch``: RSS/Atom feeds polled, their new pages ingested as they appear."""

from __future__ import annotations

import ipaddress
import re
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from parallax.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    app,
    errors,
    fail,
    open_store,
    print_json,
)
from parallax.store import StoreError
from parallax.watch.feeds import PollReport, poll
from parallax.watch.fetch import Fetcher, FetchSettings

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY = 60.0  # seconds; polling a feed more often is not polite


def parse_duration(value: str) -> float:
    """'15m', '90s', '1h', '2d' or plain seconds."""
    found = _DURATION.fullmatch(value.strip().lower())
    if not found:
        raise typer.BadParameter(f"{value!r} is not a duration like 15m, 90s or 1h")
    return float(found.group(1)) * _UNIT[found.group(2)]


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs, one a line; blank lines and '#' comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc}") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@app.command("watch")
def watch_command(
    feeds: Annotated[list[str] | None, typer.Argument(help="RSS/Atom feed URLs.")] = None,
    feeds_file: Annotated[
        Path | None, typer.Option("--feeds", help="A file of feed URLs, one a line.")
    ] = None,
    every: Annotated[str, typer.Option(help="Time between polls: 15m, 1h, 600s.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    db: DbOption = DEFAULT_DB_PATH,
    allow_private: Annotated[
        bool,
        typer.Option(help="Fetch from private, loopback and link-local addresses too."),
    ] = False,
    allow_net: Annotated[
        list[str] | None,
        typer.Option(help="Fetch from this network too (CIDR, e.g. 10.1.0.0/16); repeatable."),
    ] = None,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a connection or a read.")] = (
        10.0
    ),
    max_mb: Annotated[float, typer.Option(help="Largest feed or page fetched, in MB.")] = 10.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Poll RSS/Atom feeds; fetch each new item's page, ingest it (raw HTML kept), compare
    the stories it joined. Politely: conditional GET, robots.txt, a pause per host.

    Only http and https; private, loopback and link-local addresses are refused (also after
    DNS and after each redirect) unless allowed. A failing feed or page is reported and the
    rest goes on; pages already stored are never fetched again, across restarts too.
    """
    urls = list(feeds or []) + (read_feed_list(feeds_file) if feeds_file else [])
    if not urls:
        fail("give feed URLs, or --feeds FILE")
    pause = parse_duration(every)
    if not once and pause < MIN_EVERY:
        fail(f"--every {every} is under a minute: too often to poll a feed")
    try:
        networks = tuple(ipaddress.ip_network(net, strict=False) for net in allow_net or [])
    except ValueError as exc:
        fail(f"--allow-net: {exc}")
    settings = FetchSettings(
        timeout=timeout,
        deadline=max(timeout * 3, 30.0),
        max_bytes=int(max_mb * 1024 * 1024),
        host_delay=delay,
        allow_private=allow_private,
        allowed_networks=networks,
    )
    fetcher = Fetcher(settings)
    failed = False
    try:
        with open_store(db) as store:
            while True:
                try:
                    report = poll(urls, store, fetcher)
                except StoreError as exc:  # a database kept locked: said; the next poll retries
                    if once:
                        raise
                    errors.print(Text.assemble(("error ", "red"), str(exc)), soft_wrap=True)
                else:
                    _show(report, as_json, quiet)
                    failed = failed or bool(report.errors)
                if once:
                    break
                time.sleep(pause)
    except KeyboardInterrupt:
        errors.print("stopped: what was stored is kept, and the next run goes on from there")
        raise typer.Exit(130) from None
    if failed:
        raise typer.Exit(1)


def _show(report: PollReport, as_json: bool, quiet: bool) -> None:
    if as_json:
        print_json(
            {
                "feeds": report.feeds,
                "not_modified": report.not_modified,
                "fetched": report.fetched,
                "added": report.added,
                "unchanged": report.unchanged,
                "compared": report.compared,
                "errors": [e.model_dump() for e in report.errors],
            }
        )
        return
    for error in report.errors:
        errors.print(Text.assemble(("error ", "red"), str(error)), soft_wrap=True)
    if not quiet:
        errors.print(
            f"{report.feeds} feeds ({report.not_modified} unchanged), {report.fetched} pages "
            f"fetched, {len(report.added)} added, {len(report.errors)} failed"
            + (f", {len(report.compared)} stories compared" if report.compared else "")
        )
