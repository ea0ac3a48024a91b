"""Story page server time on a database of 10k documents (`make bench-serve`).

Documents are generated cheaply (synthetic articles, annotations and story
assignments saved straight into the store, no spaCy), in stories of 20 articles
from 20 outlets. Requests go through FastAPI's TestClient, so the figures are
server time: routing, store queries, comparison lookup, template rendering.

A story's comparison is computed once and stored in the database (ingest does it at
the end of a run for the stories it touched), keyed by a fingerprint of the story's
documents and of the compare code; pages read it back, and keep it and their view
model in memory. The rows: computing and storing a comparison as ingest does; a story's
first view in a new app (as after a restart) from the stored comparison, and with none
stored (computed on the request, then stored); warm views; views with the memory
cleared or the view model rebuilt; the story list.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from parallax.annotate import Annotator
from parallax.models import (
    Annotations,
    Article,
    Assignment,
    Entity,
    Mention,
    Quote,
    RawDocument,
    Span,
)
from parallax.serve.app import create_app
from parallax.store import Store
from parallax.story_comparisons import compare_stories

TARGET_MS = 200.0
FIRST = ["Anna", "Jonas", "Mira", "Tomas", "Lena", "Oskar", "Ida", "Karl", "Sofia", "Erik"]
LAST = ["Berg", "Lind", "Holm", "Ek", "Sand", "Dahl", "Nord", "Strand", "Vik", "Falk"]
PLACES = ["Velmora", "Ostrel", "Karvik", "Tesna", "Brenn", "Lorvane", "Salun", "Merovka"]
NOUNS = ["ferry strike", "dam repair", "rate rise", "ceasefire", "flood defence", "budget"]
VERBS = ["approved", "rejected", "delayed", "criticised", "welcomed", "announced"]
DAYS = ["on Monday", "on Tuesday", "last week", "in April", "on Friday", "this morning"]
TEMPLATES = [
    "{person} {verb} the {topic} in {place} {day}, officials said.",
    "The {topic} in {place} was {verb} by {person} {day}, with {number} people affected.",
    "{day_cap}, {person} {verb} the {topic}, a decision felt across {place}.",
]
QUOTE = '"The {topic} in {place} cannot wait another {number} days," {person} said.'


def _facts(rng: random.Random, story: int, count: int = 24) -> list[dict[str, str]]:
    """What a story is about: the facts outlets choose from and word in their own way."""
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(6)]
    topic = NOUNS[story % len(NOUNS)]
    return [
        {
            "person": rng.choice(people),
            "verb": rng.choice(VERBS),
            "topic": topic,
            "place": rng.choice(PLACES),
            "day": (day := rng.choice(DAYS)),
            "day_cap": day[0].upper() + day[1:],
            "number": str(rng.randint(2, 900)),
        }
        for _ in range(count)
    ]


def synthetic_document(
    rng: random.Random,
    n: int,
    story: int,
    outlet: str,
    when: datetime,
    facts: list[dict[str, str]],
) -> tuple[RawDocument, Article, Annotations, Assignment]:
    """An article reporting some of the story's facts, some as quotes, in six paragraphs."""
    chosen = rng.sample(facts, rng.randint(12, 18))
    spans, quotes, paragraphs = [], [], []
    position = 0
    for start in range(0, len(chosen), 3):
        sentences = []
        for fact in chosen[start : start + 3]:
            quoted = rng.random() < 0.25
            text = (QUOTE if quoted else rng.choice(TEMPLATES)).format(**fact)
            spans.append(Span(start=position, end=position + len(text), text=text))
            if quoted:
                close = text.index(',"')
                at = position + text.rindex(fact["person"])
                quotes.append(
                    Quote(
                        start=position + 1,
                        end=position + close,
                        text=text[1:close],
                        kind="direct",
                        speaker=Span(start=at, end=at + len(fact["person"]), text=fact["person"]),
                        speaker_id="PERSON:" + fact["person"].lower().replace(" ", "-"),
                    )
                )
            sentences.append(text)
            position += len(text) + 1
        paragraphs.append(" ".join(sentences))
        position += 1  # paragraphs are joined by a blank line: one character more than a space
    body = "\n\n".join(paragraphs)
    doc_id = f"{n:016x}"
    names = {f["person"]: "PERSON" for f in facts} | dict.fromkeys(PLACES, "GPE")
    mentions = [
        Mention(
            start=start,
            end=start + len(name),
            text=name,
            entity_id=f"{label}:{name.lower().replace(' ', '-')}",
            label=label,
        )
        for name, label in names.items()
        for start in _find_all(body, name)
    ]
    entities = {m.entity_id: Entity(id=m.entity_id, name=m.text, label=m.label) for m in mentions}
    title = f"{facts[0]['topic'].capitalize()} in {facts[0]['place']}: report {story}"
    raw = RawDocument(
        id=doc_id, source=f"synthetic/{n}.txt", format="text", content=body, outlet=outlet
    )
    article = Article(
        doc_id=doc_id, outlet=outlet, title=title, published=when, body=body, language="en"
    )
    annotations = Annotations(
        doc_id=doc_id,
        sentences=spans,
        entities=list(entities.values()),
        mentions=mentions,
        quotes=quotes,
    )
    return raw, article, annotations, Assignment(doc_id=doc_id, story_id=f"story-{story:05d}")


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def fill(db: Path, documents: int, story_size: int, seed: int = 7) -> str:
    """Saves ``documents`` synthetic documents; returns the id of the middle story."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with Store(db) as store:
        for n in range(documents):
            story = n // story_size
            if n % story_size == 0:
                facts = _facts(rng, story)
            outlet = f"outlet{n % story_size:02d}.example"
            when = start + timedelta(days=story // 10, minutes=n % story_size * 37)
            store.save(*synthetic_document(rng, n, story, outlet, when, facts))
    return f"story-{(documents // story_size) // 2:05d}"


def timed_each(calls: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per call (CPU time is less swayed by other load)."""
    wall, cpu = [], []
    for call in calls:
        began, began_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return wall, cpu


def timed(call: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    return timed_each([call] * repeat)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--story-size", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--stored", type=int, default=5, help="Stories compared and stored, then first viewed."
    )
    parser.add_argument(
        "--cold", type=int, default=3, help="Stories first viewed with no stored comparison."
    )
    parser.add_argument(
        "--db", type=Path, help="Keep the generated database here (reused when it matches)."
    )
    args = parser.parse_args()
    logging.disable(logging.INFO)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        with Store(db) as store:
            stored = store.stats()["documents"]
        if stored == args.documents:
            story_id = f"story-{(args.documents // args.story_size) // 2:05d}"
        else:
            if stored:
                sys.exit(f"{db} holds {stored} documents, not {args.documents}: remove it")
            began = time.perf_counter()
            story_id = fill(db, args.documents, args.story_size)
            print(
                f"generated {args.documents} documents in {time.perf_counter() - began:.0f} s",
                file=sys.stderr,
            )
        middle = (args.documents // args.story_size) // 2
        stored_ids = [f"story-{k:05d}" for k in range(middle, middle + args.stored)]
        cold_ids = [f"story-{k:05d}" for k in range(middle - args.cold, middle)]
        annotator = Annotator()
        with Store(db) as store:
            store.forget_comparisons(stored_ids + cold_ids)
            # What ingest does at the end of a run for each story it touched.
            compare_row = timed_each(
                [lambda s=s: compare_stories(store, [s], nlp=annotator.nlp) for s in stored_ids]
            )
        clients = ExitStack()

        def restarted(url: str) -> Callable[[], object]:
            """A new app (nothing in memory, as after a restart) and its first request."""
            client = clients.enter_context(TestClient(create_app(db, annotator=annotator)))
            return lambda: ok(client.get(url), url)

        def ok(response: Any, url: str) -> object:
            assert response.status_code == 200, (url, response.status_code)
            return response

        first_views = timed_each([restarted(f"/stories/{s}") for s in stored_ids])
        cold_views = timed_each([restarted(f"/stories/{s}") for s in cold_ids])
        clients.close()
        app = create_app(db, annotator=annotator)
        site = app.state.site
        with TestClient(app) as client:

            def get(url: str) -> Callable[[], object]:
                return lambda: ok(client.get(url), url)

            page, api = get(f"/stories/{story_id}"), get(f"/api/stories/{story_id}")

            def rebuild_view() -> object:
                site.pages.clear()
                site.rendered.clear()
                return page()

            def restart_memory() -> object:
                site.comparisons.clear()
                site.pages.clear()
                site.rendered.clear()
                return page()

            rows = [
                ("compare and store one story, as ingest does at its end", compare_row),
                ("story page, first view after a restart (stored comparison)", first_views),
                ("story page, first view, none stored (computed, then stored)", cold_views),
                ("story page, warm (its HTML in memory)", timed(page, args.repeat)),
                (
                    "story page, memory cleared, comparison read from the store",
                    timed(restart_memory, 20),
                ),
                (
                    "story page, view rebuilt and rendered from the comparison in memory",
                    timed(rebuild_view, 20),
                ),
                ("story JSON /api/stories/{id}, warm", timed(api, args.repeat)),
                ("story list / (all stories)", timed(get("/"), 10)),
                ("story list, search ?q=ferry", timed(get("/?q=ferry"), 10)),
            ]
            findings = len(client.get(f"/api/stories/{story_id}").json()["comparison"]["findings"])
    note = "compare stage" if site.compare_installed else "outline only (compare stage absent)"
    print(
        f"\n{args.documents} documents, story of {args.story_size} articles from "
        f"{args.story_size} outlets, {findings} findings ({note}); target < {TARGET_MS:.0f} ms\n"
    )
    print("| request | n | p50 ms | p95 ms | max ms | CPU p50 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (wall, cpu) in rows:
        print(
            f"| {name} | {len(wall)} | {statistics.median(wall):.1f} | "
            f"{percentile(wall, 0.95):.1f} | {max(wall):.1f} | {statistics.median(cpu):.1f} |"
        )
    print(f"\nload average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
