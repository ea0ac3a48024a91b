"""Story clustering benchmark: quality on BASIL and ECB+, cost on generated corpora.

BASIL (../shared/bench/basil): 100 events x 3 outlets; the story label is
``triplet-uuid``. Articles are built from the BASIL text, annotated with our
Annotator, and streamed in date order through one ``Clusterer``; we report B-cubed
and pairwise precision/recall/F1 against the labels. Its time columns are the
stories stage alone (annotation excluded).

ECB+ (../shared/bench/ecbplus-align/subtopics.jsonl, or ``--ecb FILE`` in its format):
23 topics, each two look-alike events (sub-topics ``ecb`` and ``ecbplus``: two
earthquakes, two arrests), each event a gold story. Every document goes through
ingest's document maker, clean and annotate as ``parallax ingest`` would; records the
cleaner rejects are counted. Stories are then assigned without dates (ECB+ has none),
in file order and in 3 shuffled orders (mean ± sd). Beside B-cubed and pairwise scores:
stories holding documents of two topics ("mixed"), and look-alike pairs merged (a
story holding documents of both events of one topic); under the table, for each order,
the topics whose look-alikes were merged and what each mixed story holds.
``--cache FILE`` keeps the
cleaned and annotated documents between runs (annotating takes minutes).

Scale: a corpus of N documents generated in memory (fixed seed) from real articles
in ../shared (BASIL, PolNeAR, PTC). Each event pools paragraphs of a few real
articles (for BASIL, its whole triplet) and gets its own made-up place, person and
figure; its reports sample those paragraphs, about a quarter are near-verbatim
copies of an earlier report (a credit line appended). 300 documents break a day;
reports are dated up to three days after their event. Annotations are synthesised
from the pooled articles' capitalised names and the event's names (no spaCy at
this scale). Features depend on the document alone, so ``--workers`` processes
generate days and compute features (tokens, shingles, MinHash, wordllama vectors)
while the main process assigns stories in order. Wall time covers everything
(generating the text included); "assign s" is the main process's assignment time;
CPU s sums all processes, "main CPU" is the main process's alone (assignment plus
receiving the features): on a quiet machine wall time is about the larger of CPU/cores
and main CPU. Each size runs in a fresh process; peak RSS is that of
the main process (the index) and of the largest worker. The quality columns of the
scale rows are against the generator's event labels.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np

from metrics import f1
from parallax.models import Annotations, Article, Entity
from parallax.stories import Clusterer, StorySettings
from parallax.stories.features import DocFeatures, featurize

SHARED = Path(__file__).resolve().parents[2] / "shared"
BASIL = SHARED / "bench" / "basil" / "articles"
POLNEAR = SHARED / "bench" / "polnear" / "data"
PTC = SHARED / "bench" / "ptc" / "articles"
ECB = SHARED / "bench" / "ecbplus-align" / "subtopics.jsonl"
DOCS_PER_DAY = 300
EPOCH = datetime(2015, 1, 1, tzinfo=UTC)
SEED = 7
OUTLETS = [f"outlet{i:02d}.example" for i in range(40)]
_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")


# -- scoring ---------------------------------------------------------------------


@dataclass(frozen=True)
class Quality:
    b3_precision: float
    b3_recall: float
    b3_f1: float
    pair_precision: float
    pair_recall: float
    pair_f1: float


def quality(predicted: Sequence[object], gold: Sequence[object]) -> Quality:
    """B-cubed (Bagga & Baldwin) and pairwise scores from the contingency counts."""
    joint = Counter(zip(predicted, gold, strict=True))
    pred_sizes, gold_sizes = Counter(predicted), Counter(gold)
    n = len(predicted)
    b3_p = sum(c * c / pred_sizes[p] for (p, _), c in joint.items()) / n
    b3_r = sum(c * c / gold_sizes[g] for (_, g), c in joint.items()) / n
    pairs = lambda k: k * (k - 1) / 2  # noqa: E731
    same_both = sum(pairs(c) for c in joint.values())
    same_pred = sum(pairs(c) for c in pred_sizes.values())
    same_gold = sum(pairs(c) for c in gold_sizes.values())
    pair_p = same_both / same_pred if same_pred else 1.0
    pair_r = same_both / same_gold if same_gold else 1.0
    return Quality(b3_p, b3_r, f1(b3_p, b3_r), pair_p, pair_r, f1(pair_p, pair_r))


# -- BASIL -------------------------------------------------------------------------


def basil_articles() -> list[tuple[Article, str]]:
    """(article, triplet label) in date order."""
    found = []
    for path in sorted(BASIL.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in data["body-paragraphs"] if p)
        article = Article(
            doc_id=data["uuid"].replace("-", "")[:16],
            outlet=data["source"],
            title=data["title"],
            published=datetime.fromisoformat(data["date"]).replace(tzinfo=UTC),
            body=body,
        )
        found.append((article, data["triplet-uuid"]))
    found.sort(key=lambda pair: (pair[0].published, pair[0].doc_id))
    return found


def run_basil() -> dict[str, object]:
    from parallax.annotate import Annotator

    articles = basil_articles()
    annotated = Annotator().annotate([a for a, _ in articles])
    clusterer = Clusterer()
    start, cpu = time.perf_counter(), time.process_time()
    for (article, _), notes in zip(articles, annotated, strict=True):
        clusterer.add(article, notes)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assignments = [clusterer.assignment(a.doc_id) for a, _ in articles]
    q = quality([x.story_id for x in assignments], [label for _, label in articles])
    return {
        "run": f"BASIL ({len(articles)} docs, date order)",
        "docs": len(articles),
        "stories": len({x.story_id for x in assignments}),
        "copies": sum(x.duplicate_of is not None for x in assignments),
        "quality": q.__dict__,
        "assign_s": None,
        "cpu_s": cpu,
        "main_cpu_s": cpu,
        "wall_s": seconds,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": None,
        "comparisons": clusterer.comparisons,
        "finished": True,
    }


# -- ECB+ ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EcbDoc:
    article: Article
    annotations: Annotations
    event: str  # the sub-topic: one gold story
    topic: int


def ecb_documents(path: Path) -> tuple[list[EcbDoc], list[str]]:
    """Each record made, cleaned and annotated as ingest does; (documents, failures)."""
    from parallax.annotate import Annotator
    from parallax.clean import clean
    from parallax.ingest.readers import make_document

    made: list[tuple[Article, str, int]] = []
    failed: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        subtopic = json.loads(line)
        for doc in subtopic["documents"]:
            try:
                raw = make_document(
                    source=doc["file_name"],
                    fmt="text",
                    content=doc["text"],
                    url=doc["url"],
                    outlet=doc["outlet"],
                )
                article = clean(raw)
                if not article.body.strip():
                    raise ValueError("no article text found")
            except ValueError as exc:
                failed.append(f"{doc['id']}: {exc}")
                continue
            made.append((article, subtopic["id"], subtopic["topic"]))
    notes = Annotator().annotate([a for a, _, _ in made])
    docs = [EcbDoc(a, n, e, t) for (a, e, t), n in zip(made, notes, strict=True)]
    return docs, failed


def _cached_ecb(path: Path, cache: Path | None) -> tuple[list[EcbDoc], list[str]]:
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())  # our own file
    found = ecb_documents(path)
    if cache is not None:
        cache.write_bytes(pickle.dumps(found))
    return found


def _ecb_order(docs: list[EcbDoc], order: Sequence[int]) -> dict[str, object]:
    clusterer = Clusterer()
    start, cpu = time.perf_counter(), time.process_time()
    for i in order:
        undated = docs[i].article.model_copy(update={"published": None})
        clusterer.add(undated, docs[i].annotations)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    predicted = [clusterer.assignment(d.article.doc_id).story_id for d in docs]
    topics: dict[str, Counter[int]] = {}
    events: dict[str, set[str]] = {}
    for story, doc in zip(predicted, docs, strict=True):
        topics.setdefault(story, Counter())[doc.topic] += 1
        events.setdefault(story, set()).add(doc.event)
    pairs = {(d.topic, d.event) for d in docs}
    look_alike = {  # topics one of whose stories holds documents of two of its events
        topic
        for topic in {t for t, _ in pairs}
        if any(len({e for t, e in pairs if t == topic} & story) > 1 for story in events.values())
    }
    return {
        "quality": quality(predicted, [d.event for d in docs]),
        "stories": len(set(predicted)),
        "mixed": sum(len(t) > 1 for t in topics.values()),
        "merged": len(look_alike),
        "merged_topics": sorted(look_alike),
        "mixed_stories": sorted(  # documents per topic of each story holding two topics
            (sorted(t.items()) for t in topics.values() if len(t) > 1), key=lambda t: -len(t)
        ),
        "wall_s": seconds,
        "cpu_s": cpu,
    }


def run_ecb(path: Path, cache: Path | None, shuffles: int = 3) -> list[str]:
    """The ECB+ table's rows: file order, then the mean ± sd over shuffled orders."""
    docs, failed = _cached_ecb(path, cache)
    topics = len({d.topic for d in docs})
    results = [("file order", _ecb_order(docs, range(len(docs))))]
    for seed in range(1, shuffles + 1):
        order = np.random.default_rng(seed).permutation(len(docs)).tolist()
        results.append((f"shuffled (seed {seed})", _ecb_order(docs, order)))
    lines = [
        f"ECB+ {path.name}: {len(docs) + len(failed)} records, {len(docs)} documents stored, "
        f"{len(failed)} failed; {len({d.event for d in docs})} events in {topics} topics; undated",
        *(f"  failed: {reason}" for reason in failed),
        "",
        "| order | stories | B³ P | B³ R | B³ F1 | pair P | pair R | pair F1 | mixed stories "
        "| look-alikes merged | ms/doc |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results:
        q = r["quality"]
        lines.append(
            f"| {name} | {r['stories']} | {q.b3_precision:.3f} | {q.b3_recall:.3f} "
            f"| {q.b3_f1:.3f} | {q.pair_precision:.3f} | {q.pair_recall:.3f} | {q.pair_f1:.3f} "
            f"| {r['mixed']} | {r['merged']} of {topics} | {1000 * r['cpu_s'] / len(docs):.2f} |"
        )
    shuffled = results[1:]
    notes = [""]
    for name, r in results:
        merged = ", ".join(map(str, r["merged_topics"])) or "none"
        mixed = "; ".join(
            " + ".join(f"{n} of topic {t}" for t, n in story) for story in r["mixed_stories"]
        )
        notes.append(
            f"{name}: look-alikes merged in topics {merged}"
            + (f"; mixed: {mixed}" if mixed else "")
        )

    def spread(get: Callable[[dict], float], form: str = ".3f") -> str:
        values = np.array([get(r) for _, r in shuffled], dtype=float)
        return f"{values.mean():{form}} ± {values.std(ddof=1) if len(values) > 1 else 0.0:{form}}"

    lines.append(
        f"| shuffled, mean ± sd | {spread(lambda r: r['stories'], '.1f')} "
        + " ".join(
            f"| {spread(lambda r, f=field: getattr(r['quality'], f))}"
            for field in (
                "b3_precision",
                "b3_recall",
                "b3_f1",
                "pair_precision",
                "pair_recall",
                "pair_f1",
            )
        )
        + f" | {spread(lambda r: r['mixed'], '.1f')} | {spread(lambda r: r['merged'], '.1f')} "
        + f"| {spread(lambda r: 1000 * r['cpu_s'] / len(docs), '.2f')} |"
    )
    return lines + notes


# -- generated corpora ---------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    title: str
    paragraphs: list[str]
    names: list[str]


def _names(text: str) -> list[str]:
    counts = Counter(m for m in _NAME.findall(text) if len(m) > 3)
    return [name for name, _ in counts.most_common(12)]


def _base(title: str, paragraphs: list[str]) -> Base:
    return Base(title, paragraphs, _names(title + "\n" + "\n".join(paragraphs)))


@cache
def base_groups() -> list[list[Base]]:
    """Groups of articles about one event (BASIL triplets) or single articles."""
    triplets: dict[str, list[Base]] = {}
    for path in sorted(BASIL.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) for p in data["body-paragraphs"] if p]
        triplets.setdefault(data["triplet-uuid"], []).append(_base(data["title"], paragraphs))
    groups = list(triplets.values())
    for path in sorted([*POLNEAR.glob("*/text/*.txt"), *PTC.glob("*.txt")]):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").split("\n")]
        lines = [line for line in lines if line]
        if len(lines) > 3:
            groups.append([_base(lines[0], lines[1:])])
    return groups


_SYLLABLES = ["ka", "lo", "mir", "ven", "do", "sa", "tor", "bel", "ri", "an", "qu", "zen", "ol"]


def _coined(rng: np.random.Generator) -> str:
    return "".join(rng.choice(_SYLLABLES, size=3)).capitalize()


@dataclass(frozen=True)
class Event:
    """One made-up event: its own names, and paragraphs pooled from a few real articles."""

    number: int
    titles: list[str]
    paragraphs: list[str]
    names: list[str]
    place: str
    person: str
    figure: int


def _event(number: int, groups: list[list[Base]], rng: np.random.Generator) -> Event:
    main = groups[int(rng.integers(len(groups)))]
    mixed = [*main, *(groups[int(i)][0] for i in rng.integers(len(groups), size=2))]
    paragraphs = [p for base in mixed for p in base.paragraphs[:12]]
    return Event(
        number,
        [b.title for b in main],
        [paragraphs[int(i)] for i in sorted(set(rng.integers(len(paragraphs), size=24).tolist()))],
        sorted({n for base in mixed for n in base.names}),
        _coined(rng),
        f"{_coined(rng)} {_coined(rng)}",
        int(rng.integers(10, 10_000)),
    )


def _report(event: Event, nth: int, rng: np.random.Generator) -> tuple[str, list[str]]:
    keep = rng.random(len(event.paragraphs)) < rng.uniform(0.4, 0.8)
    paragraphs = [p for p, k in zip(event.paragraphs, keep, strict=True) if k]
    lead = (
        f"{event.person} spoke in {event.place} as {event.figure} people gathered, "
        f"officials in {event.place} said."
    )
    title = f"{event.titles[nth % len(event.titles)]} ({event.place})"
    return title, [lead, *paragraphs]


def generate_day(day: int, count: int, seed: int = SEED) -> list[tuple[Article, Annotations, int]]:
    """The ``count`` reports of the events that break on ``day`` (some are dated up to
    three days later: those arrive early, as late-dated items do in real feeds), in
    time order. Each day has its own random stream, so days can be made in parallel."""
    rng = np.random.default_rng([seed, day])
    groups = base_groups()
    made: list[tuple[float, Article, Annotations, int]] = []
    events = 0
    while len(made) < count:
        size = min(1 + int(rng.geometric(0.3)), 30, count - len(made))
        event = _event(day * 100_000 + events, groups, rng)
        events += 1
        previous: list[tuple[str, list[str]]] = []
        names = [*event.names, event.place, event.person]
        entities = [Entity(id=f"ENT:{x.lower()}", name=x, label="ORG") for x in names]
        for nth in range(size):
            if previous and rng.random() < 0.25:  # a near-verbatim copy
                title, paragraphs = previous[int(rng.integers(len(previous)))]
                paragraphs = [*paragraphs, f"Reporting by {OUTLETS[nth % len(OUTLETS)]}."]
            else:
                title, paragraphs = _report(event, nth, rng)
                previous.append((title, paragraphs))
            offset = float(rng.choice([0, 0, 0, 1, 1, 2, 3])) + float(rng.random())
            doc_id = f"g{day:07d}{len(made):08d}"
            article = Article(
                doc_id=doc_id,
                outlet=OUTLETS[int(rng.integers(len(OUTLETS)))],
                title=title,
                published=EPOCH + timedelta(days=day + offset),
                body="\n\n".join(paragraphs),
            )
            notes = Annotations(doc_id=doc_id, entities=entities)
            made.append((offset, article, notes, event.number))
    made.sort(key=lambda x: x[0])
    return [(article, notes, label) for _, article, notes, label in made]


def featurized_day(day: int, count: int) -> tuple[list[str], list[int], list[DocFeatures]]:
    """One day generated and turned into features (what the worker processes do)."""
    docs = generate_day(day, count)
    features = featurize([(a, n) for a, n, _ in docs], StorySettings())
    return [a.doc_id for a, _, _ in docs], [label for _, _, label in docs], features


def _days(n: int) -> Iterator[tuple[int, int]]:
    for day, start in enumerate(range(0, n, DOCS_PER_DAY)):
        yield day, min(DOCS_PER_DAY, n - start)


def run_scale(n: int, time_limit: float, workers: int) -> dict[str, object]:
    """Features are made by ``workers`` processes (they depend on the document alone);
    the assignment, which depends on order, runs here, in order."""
    started = time.perf_counter()
    clusterer = Clusterer()
    gold: list[int] = []
    finished = True
    assign_s = 0.0
    with ProcessPoolExecutor(max(workers, 1)) as pool:
        days = _days(n)
        if workers:
            results: Iterator[tuple[list[str], list[int], list[DocFeatures]]] = pool.map(
                featurized_day, *zip(*days, strict=True), chunksize=1
            )
        else:
            results = (featurized_day(day, count) for day, count in days)
        for ids, labels, features in results:
            tick = time.perf_counter()
            for doc_id, doc in zip(ids, features, strict=True):
                clusterer.add_features(doc_id, doc)
            assign_s += time.perf_counter() - tick
            gold.extend(labels)
            if time.perf_counter() - started > time_limit:
                finished = False
                pool.shutdown(cancel_futures=True)
                break
    predicted = [clusterer.story_ids[story] for story in clusterer.doc_story]
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    q = quality(predicted, gold)
    return {
        "run": f"generated {n:,}" + ("" if finished else f" (stopped at {len(predicted):,})"),
        "docs": len(predicted),
        "stories": len(set(predicted)),
        "copies": sum(d >= 0 for d in clusterer.doc_original),
        "quality": q.__dict__,
        "assign_s": assign_s,
        "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "main_cpu_s": own.ru_utime + own.ru_stime,
        "wall_s": time.perf_counter() - started,
        "max_rss_mb": own.ru_maxrss / 1024,
        "worker_rss_mb": children.ru_maxrss / 1024,
        "comparisons": clusterer.comparisons,
        "finished": finished,
    }


# -- report ----------------------------------------------------------------------------


def _number(value: object, form: str) -> str:
    return "-" if value is None else format(value, form)


def _row(result: dict) -> str:
    q = result["quality"]
    docs, wall = result["docs"], result["wall_s"]
    cells = [
        result["run"],
        f"{docs:,}",
        f"{result['stories']:,}",
        f"{result['copies']:,}",
        f"{q['b3_precision']:.3f}",
        f"{q['b3_recall']:.3f}",
        f"{q['b3_f1']:.3f}",
        f"{q['pair_f1']:.3f}",
        f"{wall:,.1f}",
        f"{docs / wall:,.0f}",
        f"{result['cpu_s']:,.0f}",
        f"{1000 * result['cpu_s'] / docs:.2f}",
        f"{1000 * result['main_cpu_s'] / docs:.2f}",
        _number(result["assign_s"], ",.0f"),
        f"{result['comparisons'] / docs:.1f}",
        f"{result['max_rss_mb']:,.0f}",
        _number(result["worker_rss_mb"], ",.0f"),
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = [
    "run",
    "docs",
    "stories",
    "copies",
    "B³ P",
    "B³ R",
    "B³ F1",
    "pair F1",
    "wall s",
    "docs/s",
    "CPU s",
    "CPU ms/doc",
    "main CPU ms/doc",
    "assign s",
    "comparisons/doc",
    "peak RSS MB",
    "worker RSS MB",
]


def _sizes(text: str) -> list[int]:
    units = {"k": 1_000, "m": 1_000_000}
    return [
        int(float(s[:-1]) * units[s[-1].lower()]) if s[-1].lower() in units else int(s)
        for s in text.split(",")
        if s
    ]


def _options(args: argparse.Namespace) -> list[str]:
    return ["--time-limit", str(args.time_limit), "--workers", str(args.workers)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="generated corpus sizes")
    parser.add_argument("--time-limit", type=float, default=1800.0, help="seconds per size")
    parser.add_argument("--workers", type=int, default=2, help="feature processes (0: none)")
    parser.add_argument("--skip-basil", action="store_true")
    parser.add_argument("--ecb", type=Path, default=ECB, help="ECB+ sub-topics (JSONL)")
    parser.add_argument("--skip-ecb", action="store_true")
    parser.add_argument("--cache", type=Path, help="keep ECB+ documents annotated here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_scale(args.one, args.time_limit, args.workers)))
        return
    if not BASIL.is_dir():
        sys.exit(f"skipped: {BASIL} is absent (the benchmark data lives in ../shared)")
    results = []
    for n in _sizes(args.sizes):  # before BASIL: a child's peak RSS starts at its parent's
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(n), *_options(args)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(f"done: {results[-1]['run']}", file=sys.stderr)
    if not args.skip_basil:
        results.insert(0, run_basil())
    if not args.skip_ecb:
        if args.ecb.exists():
            print("\n".join(run_ecb(args.ecb, args.cache)) + "\n")
        else:
            print(f"ECB+ skipped: {args.ecb} is absent\n")
    if results:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
    for result in results:
        print(_row(result))


if __name__ == "__main__":
    main()
