"""Feed watcher throughput and memory (`make bench-watch`): pages/s fetched, and
fetched and ingested, from a local site; memory after 1,000 items.

The site (bench/local_site.py) runs in this process on 127.0.0.1 and serves generated
articles: ``--items`` of them from 10 outlets (one RSS feed each), in stories of 10
(one article per outlet), each a plain HTML page of about 150 words. The watcher
fetches with no pause between requests (``host_delay=0``; a real run waits a second
per host). Rows: the client alone (each page fetched, robots.txt checked, nothing
stored); one poll as ``parallax watch --once`` does it (feeds, pages, the whole
pipeline into a new database, the touched stories compared); the same poll again
(every feed answers 304, nothing is fetched). Memory is this process's resident set
after the first poll, and its peak.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from local_site import article_page, serving
from parallax.annotate import Annotator
from parallax.store import Store
from parallax.watch.feeds import poll
from parallax.watch.fetch import Fetcher, FetchSettings
from serve import DAYS, FIRST, VERBS
from serve import NOUNS as TOPICS

OUTLETS = [f"outlet{n}.example" for n in range(10)]
SYLLABLES = ["vel", "mor", "os", "trel", "kar", "vik", "tes", "na", "bren", "lor", "sa", "lun"]
# {w} is one of the story's own words, so stories differ in more than their names.
SENTENCES = [
    "{person} {verb} the {topic} in {place} {day}, {w} officials said.",
    'The {w} {topic} was "{verb} without {w}," {person} told reporters in {place}.',
    "About {number} {w} in {place} are affected by the {w} {topic}, the council said.",
    "Critics said the {w} would cost {place} {number} million crowns over {years} years.",
    "{person} said talks on the {w} and the {w} would resume {day}.",
    "Residents of {place} gathered outside the {w} as the {w} {topic} was debated.",
]
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # story s is told 3 s days later


def generated_pages(items: int, seed: int = 7) -> dict[str, tuple[str, bytes]]:
    """``items`` articles: story ``s`` told by every outlet, each in its own words."""
    rng = random.Random(seed)
    pages = {}
    for number in range(items):
        story, outlet = divmod(number, len(OUTLETS))
        named = random.Random(story)  # the story's own place and people
        facts = {
            "place": "".join(named.sample(SYLLABLES, 3)).title(),
            "topic": TOPICS[story % len(TOPICS)],
            "person": f"{named.choice(FIRST)} {''.join(named.sample(SYLLABLES, 2)).title()}",
        }
        words = ["".join(named.sample(SYLLABLES, 2)) for _ in range(12)]
        lines = []
        for _ in range(9):
            sentence = rng.choice(SENTENCES)
            while "{w}" in sentence:
                sentence = sentence.replace("{w}", rng.choice(words), 1)
            lines.append(
                sentence.format(
                    **facts,
                    verb=rng.choice(VERBS),
                    day=rng.choice(DAYS),
                    number=rng.randint(2, 900),
                    years=rng.randint(2, 12),
                )
            )
        title = f"{facts['place']} {facts['topic']}: {rng.choice(VERBS)} {rng.choice(DAYS)}"
        published = (START + timedelta(days=3 * story, hours=outlet)).isoformat()
        paragraphs = [" ".join(lines[:3]), *lines[3:]]
        html = article_page(OUTLETS[outlet], title, paragraphs, published)
        pages[f"/pages/{story}-{outlet}.html"] = (OUTLETS[outlet], html)
    return pages


def timed(run: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of ``run`` (CPU of this process: on a shared machine the
    wall time also counts waiting for a core)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - started, time.process_time() - cpu, result


def resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--db", help="database (default: a new SQLite file in a temp folder)")
    args = parser.parse_args(argv)
    settings = FetchSettings(host_delay=0.0, allow_private=True)
    annotator = Annotator()
    rows = []
    with serving(generated_pages(args.items)) as site, tempfile.TemporaryDirectory() as tmp:
        urls = [site.url(path) for path in site.pages]
        client = Fetcher(settings)

        def fetch_all() -> int:
            for url in urls:
                client.check_robots(url)
                client.get(url)
            return len(urls)

        *seconds, fetched = timed(fetch_all)
        rows.append(("client alone: fetch each page", fetched, *seconds))
        before = resident_mb()
        with Store(args.db or Path(tmp) / "watch.db") as store:
            fetcher = Fetcher(settings)
            feeds = site.feed_urls()
            *seconds, first = timed(lambda: poll(feeds, store, fetcher, annotator=annotator))
            resident = resident_mb()
            if first.errors or len(first.added) != args.items:
                sys.exit(f"poll stored {len(first.added)} of {args.items}: {first.errors[:3]}")
            rows.append(("watch --once: fetch, ingest, compare", first.fetched, *seconds))
            *seconds, again = timed(lambda: poll(feeds, store, fetcher, annotator=annotator))
            rows.append(
                (f"watch --once again: {again.not_modified} feeds 304", again.fetched, *seconds)
            )
            stories = len(store.story_ids())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Feed watcher, {args.items} items from {len(OUTLETS)} feeds on 127.0.0.1 "
          f"({stories} stories formed, {len(first.compared)} compared)")  # fmt: skip
    head = ("run", "pages", "seconds", "pages/s", "CPU s", "pages/CPU s")
    print(f"| {head[0]:<42} | " + " | ".join(f"{h:>11}" for h in head[1:]) + " |")
    print(f"|{'-' * 44}|" + "|".join(f"{'-' * 12}:" for _ in head[1:]) + "|")
    for name, pages, wall, cpu in rows:
        rates = [f"{pages / t:11.1f}" if pages else f"{'-':>11}" for t in (wall, cpu)]
        cells = [f"{pages:>11}", f"{wall:>11.2f}", rates[0], f"{cpu:>11.2f}", rates[1]]
        print(f"| {name:<42} | " + " | ".join(cells) + " |")
    print(
        f"memory: {before:.0f} MB resident before the poll (spaCy loaded), {resident:.0f} MB "
        f"after {args.items} items (peak {peak:.0f} MB)"
    )


if __name__ == "__main__":
    main()
