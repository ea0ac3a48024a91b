"""Benchmark of the compare stage's alignment (``make bench-align``); prints one table.

- MSRP (train): each pair run as two one-sentence articles of two outlets through the
  real ``compare_story``; "aligned" = one agreed finding holds both sentences.
  Accuracy, precision, recall, F1, with the always-yes line beside it.
- STS headlines 2013-2015: Pearson and Spearman of the alignment score (the best score
  of a statement of one headline against a statement of the other) with the gold 0-5.
- ECB+ topics 1-25: ``compare_story`` on each sub-topic's documents; every pair of
  sentences of different documents that share an agreed, partial or conflict finding is
  predicted aligned, mapped back to the annotated sentences (by character overlap).
  Pairwise P/R at the default threshold, recall at precision >= 0.90 over a sweep of
  the alignment threshold, the all-pairs line, and the stricter gold of pairs sharing
  >= 2 event chains.
- The demo answer key (examples/README.md), read from the README: core facts agreed by
  all their outlets, planted single-source facts single-source, planted conflicts
  found, false conflicts, agreed/partial findings whose sentences hold different facts.
- Speed: one story of 10 ECB+ articles from annotate's stored parses, cold and warm,
  and one of 50 articles.

``--cache DIR`` keeps the annotations (and parses) of the benchmark texts between runs:
annotating ten thousand sentences is most of the time.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr, spearmanr

import parallax.embed as embed
from metrics import f1 as f1_of
from parallax.annotate import Annotator
from parallax.compare import CompareSettings, compare_story, story_context
from parallax.compare.parses import clear_cache
from parallax.embed import _ENCODED, minilm, wordllama_model
from parallax.ingest import read_paths
from parallax.models import Annotations, Article, Comparison, Parse
from parallax.pipeline import ingest
from parallax.store import Store
from parallax.story_comparisons import load_inputs

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
MSRP = SHARED / "align" / "msrp-train.jsonl"
STS = SHARED / "align" / "sts-headlines-2013-2015.jsonl"
ECB = SHARED / "ecbplus-align" / "subtopics.jsonl"
EXAMPLES = ROOT / "examples"
TARGET_PRECISION = 0.90
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)

Story = list[tuple[Article, Annotations, None]]


class Annotated:
    """Annotations and stored parses of articles, kept on disk by content when asked."""

    def __init__(self, annotator: Annotator, cache: Path | None) -> None:
        self.annotator = annotator
        self.cache = cache
        if cache:
            cache.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str, articles: Sequence[Article]) -> list[tuple[Annotations, Parse]]:
        digest = hashlib.blake2b(digest_size=12)
        for a in articles:
            digest.update(a.model_dump_json().encode())
        path = self.cache / f"{name}-{digest.hexdigest()}.pkl" if self.cache else None
        if path and path.exists():
            return pickle.loads(path.read_bytes())
        result = self.annotator.annotate_parsed(articles)
        if path:
            path.write_bytes(pickle.dumps(result))
        return result


def load_vectors(cache: Path | None) -> None:
    """Transformer outputs of earlier runs (the slow part after parsing); the benchmark
    texts are kept in memory all at once."""
    embed.ENCODED_CACHE = 10**6
    path = cache / "encoded.pkl" if cache else None
    if path and path.exists():
        _ENCODED.update(pickle.loads(path.read_bytes()))


def save_vectors(cache: Path | None) -> None:
    if cache:
        (cache / "encoded.pkl").write_bytes(pickle.dumps(dict(_ENCODED)))


def _article(doc_id: str, outlet: str, body: str) -> Article:
    return Article(doc_id=doc_id, outlet=outlet, body=body)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _pair_stories(
    rows: Sequence[dict], annotated: Annotated, name: str
) -> list[tuple[Story, dict[str, Parse]]]:
    articles = [
        _article(f"{row['id']}-{side}", f"{side}.example", row[side])
        for row in rows
        for side in ("a", "b")
    ]
    notes = annotated(name, articles)
    stories = []
    for n in range(0, len(articles), 2):
        pair = list(zip(articles[n : n + 2], notes[n : n + 2], strict=True))
        stories.append(
            ([(a, ann, None) for a, (ann, _) in pair], {a.doc_id: p for a, (_, p) in pair})
        )
    return stories


def _aligned(comparison: Comparison) -> bool:
    return any(
        f.kind == "agreed" and len({e.doc_id for e in f.evidence}) == 2 for f in comparison.findings
    )


def bench_msrp(path: Path, annotated: Annotated, nlp: object, limit: int | None) -> list[str]:
    rows = _jsonl(path)
    stories = _pair_stories(rows, annotated, "msrp")[:limit]
    rows = rows[:limit]
    gold = [int(r["label"]) for r in rows]
    predicted = [
        int(_aligned(compare_story(story, nlp=nlp, parsed=parsed))) for story, parsed in stories
    ]
    return [
        _msrp_row(f"MSRP train ({len(rows)} pairs)", "compare aligns", predicted, gold),
        _msrp_row(f"MSRP train ({len(rows)} pairs)", "always yes", [1] * len(gold), gold),
    ]


def _msrp_row(data: str, method: str, predicted: Sequence[int], gold: Sequence[int]) -> str:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    correct = sum(p == g for p, g in zip(predicted, gold, strict=True))
    precision = tp / max(1, sum(predicted))
    recall = tp / max(1, sum(gold))
    return (
        f"| {data} | {method} | acc {correct / len(gold):.3f} | P {precision:.3f} "
        f"| R {recall:.3f} | F1 {f1_of(precision, recall):.3f} |"
    )


def bench_sts(path: Path, annotated: Annotated, nlp: object, limit: int | None) -> list[str]:
    rows = _jsonl(path)
    stories = _pair_stories(rows, annotated, "sts")[:limit]
    rows = rows[:limit]
    scores = []
    for story, parsed in stories:
        context = story_context(story, nlp=nlp, parsed=parsed)
        first = story[0][0].doc_id
        left = [i for i, s in enumerate(context.statements) if s.doc_id == first]
        right = [i for i, s in enumerate(context.statements) if s.doc_id != first]
        block = context.similarity.score[np.ix_(left, right)]
        scores.append(float(block.max()) if block.size else 0.0)
    gold = [float(r["label"]) for r in rows]
    return [
        f"| STS headlines 2013-2015 ({len(rows)} pairs) | alignment score | "
        f"Pearson {pearsonr(scores, gold)[0]:.3f} | Spearman {spearmanr(scores, gold)[0]:.3f} "
        f"| | |"
    ]


@dataclass
class Subtopic:
    name: str
    story: Story
    parsed: dict[str, Parse]
    sentences: dict[str, list[tuple[int, int, str]]]
    """Document id to its annotated sentences: (start, end, sentence id)."""
    gold: set[frozenset[str]]
    strict: set[frozenset[str]]
    candidates: set[frozenset[str]]


def _subtopics(path: Path, annotated: Annotated) -> list[Subtopic]:
    rows = _jsonl(path)
    articles = [_article(d["id"], d["outlet"], d["text"]) for row in rows for d in row["documents"]]
    notes = dict(zip((a.doc_id for a in articles), annotated("ecb", articles), strict=True))
    by_id = {a.doc_id: a for a in articles}
    result = []
    for row in rows:
        sentences: dict[str, list[tuple[int, int, str]]] = {}
        for s in row["annotated_sentences"]:
            sentences.setdefault(s["doc"], []).append((s["start"], s["end"], s["id"]))
        doc_of = {s["id"]: s["doc"] for s in row["annotated_sentences"]}
        ids = sorted(doc_of)
        candidates = {
            frozenset(p) for p in itertools.combinations(ids, 2) if doc_of[p[0]] != doc_of[p[1]]
        }
        gold = {frozenset((p["a"], p["b"])) for p in row["aligned_pairs"]}
        strict = {
            frozenset((p["a"], p["b"])) for p in row["aligned_pairs"] if len(p["chains"]) >= 2
        }
        docs = [d["id"] for d in row["documents"]]
        result.append(
            Subtopic(
                name=row["id"],
                story=[(by_id[d], notes[d][0], None) for d in docs],
                parsed={d: notes[d][1] for d in docs},
                sentences=sentences,
                gold=gold,
                strict=strict,
                candidates=candidates,
            )
        )
    return result


def _predicted_pairs(topic: Subtopic, comparison: Comparison) -> set[frozenset[str]]:
    pairs: set[frozenset[str]] = set()
    for finding in comparison.findings:
        if finding.kind == "single-source":
            continue
        ids = {
            (e.doc_id, sid)
            for e in finding.evidence
            for start, end, sid in topic.sentences.get(e.doc_id, [])
            if start < e.sentence.end and e.sentence.start < end
        }
        pairs |= {
            frozenset((a[1], b[1])) for a, b in itertools.combinations(ids, 2) if a[0] != b[0]
        }
    return pairs


def _pr(
    predicted: Iterable[set[frozenset[str]]], gold: Iterable[set[frozenset[str]]]
) -> tuple[float, float]:
    tp = n_pred = n_gold = 0
    for p, g in zip(predicted, gold, strict=True):
        tp += len(p & g)
        n_pred += len(p)
        n_gold += len(g)
    return tp / max(1, n_pred), tp / max(1, n_gold)


def bench_ecb(topics: Sequence[Subtopic], nlp: object) -> list[str]:
    """First as a story is compared the first time (no sentence encoded before, the
    transformer's budget applies), then with every sentence vector at hand (a story
    compared again) over a sweep of the threshold."""

    def run(settings: CompareSettings, cold: bool = False) -> list[set[frozenset[str]]]:
        found = []
        for t in topics:
            if cold:
                _ENCODED.clear()
            comparison = compare_story(t.story, nlp=nlp, parsed=t.parsed, settings=settings)
            found.append(_predicted_pairs(t, comparison) & t.candidates)
        return found

    default = CompareSettings()
    kept = dict(_ENCODED)
    cold = run(default, cold=True)
    _ENCODED.update(kept)
    unlimited = replace(default, transformer_budget=None)
    warm = run(unlimited)
    sweep = {t: run(replace(unlimited, align_threshold=t)) for t in SWEEP}
    gold = [t.gold for t in topics]
    strict = [t.strict for t in topics]
    data = f"ECB+ 1-25 ({len(topics)} sub-topics, {sum(len(g) for g in gold)} pairs)"
    rows = []
    for label, truth in (("event pairs", gold), (">= 2 shared chains", strict)):
        for name, predicted in (
            (f"compare cold (budget {default.transformer_budget})", cold),
            ("compare, all vectors", warm),
        ):
            p, r = _pr(predicted, truth)
            rows.append(
                f"| {data}, {label} | {name}, threshold {default.align_threshold:.2f} "
                f"| P {p:.3f} | R {r:.3f} | F1 {f1_of(p, r):.3f} | |"
            )
        reachable = [
            (r, t, p)
            for t, predicted in sweep.items()
            for p, r in [_pr(predicted, truth)]
            if p >= TARGET_PRECISION
        ]
        best = max(reachable, default=None)
        found = f"R {best[0]:.3f}" if best else "R 0"
        where = f"threshold {best[1]:.2f}, P {best[2]:.3f}" if best else "never reached"
        rows.append(
            f"| {data}, {label} | recall at P >= {TARGET_PRECISION:.2f} | {found} | {where} | | |"
        )
        p, r = _pr([t.candidates for t in topics], truth)
        rows.append(
            f"| {data}, {label} | all pairs | P {p:.3f} | R {r:.3f} | F1 {f1_of(p, r):.3f} | |"
        )
    return rows


# The demo answer key, read from examples/README.md.

_TICKS = re.compile(r"`([^`]+)`")


@dataclass
class Key:
    story: str
    core: list[str]
    single: dict[str, list[str]]
    conflicts: list[tuple[str, list[str], list[str]]]
    quotes: list[str]


def _answer_key(readme: Path) -> list[Key]:
    keys = []
    for section in re.split(r"\n## Story ", readme.read_text(encoding="utf-8"))[1:4]:
        name = section[0]
        part = re.split(r"\*\*", section)
        blocks = {part[i].strip(" —:"): part[i + 1] for i in range(1, len(part) - 1, 2)}
        core_block = next(v for k, v in blocks.items() if k.startswith("Agreed core fact"))
        core = [
            _TICKS.findall(line)[0] for line in core_block.splitlines() if line.startswith("- ")
        ]
        single = {
            line[2:4]: _TICKS.findall(line)
            for line in blocks["Single-source facts"].splitlines()
            if line.startswith("- ")
        }
        conflicts = []
        for line in blocks["Planted conflicts"].splitlines():
            cells = line.split("|")
            if len(cells) > 3 and "`" in line:
                conflicts.append(
                    (cells[1].strip(), _TICKS.findall(cells[2]), _TICKS.findall(cells[3]))
                )
        quotes = [
            q
            for line in blocks["Direct quotes"].splitlines()
            if line.startswith("- ")
            for q in _TICKS.findall(line)[:1]
        ]
        keys.append(Key(name, core, single, conflicts, quotes))
    return keys


def _holds(finding_sentences: Sequence[str], phrase: str) -> bool:
    return any(phrase in s for s in finding_sentences)


def _score_demo(key: Key, comparison: Comparison, outlets: int) -> dict[str, tuple[int, int]]:
    def sentences(f: object) -> list[str]:
        return [e.sentence.text for e in f.evidence]  # type: ignore[attr-defined]

    groups = [f for f in comparison.findings if f.kind in ("agreed", "partial")]
    agreed = [f for f in comparison.findings if f.kind == "agreed"]
    singles = [f for f in comparison.findings if f.kind == "single-source"]
    conflicts = [f for f in comparison.findings if f.kind == "conflict"]
    core_ok = any(
        len(f.outlets) == outlets
        and sum(_holds(sentences(f), c) for c in key.core) == len(key.core)
        for f in agreed
    )
    planted = [p for phrases in key.single.values() for p in phrases]
    single_ok = sum(
        any(_holds(sentences(f), p) for f in singles)
        and not any(_holds(sentences(f), p) for f in groups)
        for p in planted
    )
    found = 0
    matched: set[int] = set()
    for _, left, right in key.conflicts:
        for n, f in enumerate(conflicts):
            if any(_holds(sentences(f), x) for x in left) and any(
                _holds(sentences(f), y) for y in right
            ):
                found += 1
                matched.add(n)
                break
    facts = [
        key.core,
        *([p] for p in planted),
        *(left + right for _, left, right in key.conflicts),
        *([q] for q in key.quotes),
    ]

    def mixes(finding: object) -> bool:
        """Two of its sentences each hold a listed fact and none in common."""
        held = [
            {n for n, fact in enumerate(facts) if any(p in text for p in fact)}
            for text in sentences(finding)
        ]
        held = [h for h in held if h]
        return any(not a & b for a, b in itertools.combinations(held, 2))

    mixed = sum(mixes(f) for f in groups)
    return {
        "core facts agreed by all outlets": (int(core_ok), 1),
        "planted single-source found single-source": (single_ok, len(planted)),
        "planted conflicts found": (found, len(key.conflicts)),
        "false conflicts": (len(conflicts) - len(matched), len(conflicts)),
        "agreed/partial findings mixing facts": (mixed, len(groups)),
    }


def bench_demo(annotator: Annotator) -> list[str]:
    keys = {k.story: k for k in _answer_key(EXAMPLES / "README.md")}
    marks = {"A": "Merovka", "B": "Varenland", "C": "Salun"}
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "demo.db") as store:
        ingest(read_paths([EXAMPLES / "corpus"]), store, annotator=annotator)
        for story in store.stories():
            inputs = load_inputs(store, story.id)
            parsed = store.parses_for([a.doc_id for a, _, _ in inputs])
            comparison = compare_story(inputs, nlp=annotator.nlp, parsed=parsed)
            text = " ".join(a.body for a, _, _ in inputs)
            for letter, mark in marks.items():
                if mark in text and len(inputs) > 1:
                    outlets = len({o.outlet for o in comparison.outlets if o.doc_ids})
                    for name, (got, of) in _score_demo(keys[letter], comparison, outlets).items():
                        total = totals.setdefault(name, [0, 0])
                        total[0] += got
                        total[1] += of
    return [
        f"| demo stories A-C (examples/README.md) | {name} | {got} of {of} | | | |"
        for name, (got, of) in totals.items()
    ]


def bench_speed(topics: Sequence[Subtopic], nlp: object) -> list[str]:
    documents = [(d, t.parsed) for t in topics for d in t.story]
    minilm(), wordllama_model()  # cold = loaded once per process, nothing cached
    kept = dict(_ENCODED)
    rows = []
    for size in (10, 50):
        chosen = documents[:size]
        story = [d for d, _ in chosen]
        parsed = {k: v for _, p in chosen for k, v in p.items()}
        clear_cache()
        _ENCODED.clear()
        cpu, wall = time.process_time(), time.perf_counter()
        compare_story(story, nlp=nlp, parsed=parsed)
        cold = (time.process_time() - cpu, time.perf_counter() - wall)
        cpu, wall = time.process_time(), time.perf_counter()
        compare_story(story, nlp=nlp, parsed=parsed)
        warm = (time.process_time() - cpu, time.perf_counter() - wall)
        target = "< 1 s" if size == 10 else "< 5 s"
        rows.append(
            f"| speed: one story of {size} ECB+ articles, stored parses | cold | "
            f"{cold[0]:.2f} s CPU | {cold[1]:.2f} s wall | target {target} CPU | |"
        )
        rows.append(
            f"| speed: one story of {size} ECB+ articles, stored parses | warm (shown again) | "
            f"{warm[0]:.2f} s CPU | {warm[1]:.2f} s wall | | |"
        )
    _ENCODED.update(kept)
    return rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--msrp", type=Path, default=MSRP)
    parser.add_argument("--sts", type=Path, default=STS)
    parser.add_argument("--ecb", type=Path, default=ECB)
    parser.add_argument("--cache", type=Path, default=None, help="keep annotations here")
    parser.add_argument("--only", default="msrp,sts,ecb,demo,speed", help="parts to run")
    parser.add_argument("--limit", type=int, default=None, help="first N pairs / sub-topics")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    missing = [p for p in (args.msrp, args.sts, args.ecb) if not p.exists()]
    if missing:
        print(f"benchmark data not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    annotator = Annotator()
    annotated = Annotated(annotator, args.cache)
    load_vectors(args.cache)
    rows = []
    if "msrp" in parts:
        rows += bench_msrp(args.msrp, annotated, annotator.nlp, args.limit)
    if "sts" in parts:
        rows += bench_sts(args.sts, annotated, annotator.nlp, args.limit)
    if parts & {"ecb", "speed"}:
        topics = _subtopics(args.ecb, annotated)[: args.limit]
        if "ecb" in parts:
            rows += bench_ecb(topics, annotator.nlp)
        if "speed" in parts:
            rows += bench_speed(topics, annotator.nlp)
    if "demo" in parts:
        rows += bench_demo(annotator)
    save_vectors(args.cache)
    print("| data | measure | | | | |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
