"""Benchmark of the compare stage (``make bench-compare``); prints one table.

- Loaded language on PTC (SemEval-2020 Task 11 training articles; techniques
  Loaded_Language and Name_Calling,Labeling) and on BASIL spans labelled lexical bias.
- Single-source statements against BASIL spans labelled informational bias (the three
  reports of one BASIL event form a story).
- Speed of the compare stage: stories/s on the BASIL triplets and the time for one
  story of 10 articles (the target: under 1 s), cold and shown again (parses cached).
  ``--speed`` runs only the 10-article timing.

Scoring. Span level: a predicted span is correct if it overlaps a gold span by at least
one character; a gold span is found if some predicted span overlaps it. Precision and
recall are micro-averaged over the corpus. Sentence level: a sentence is positive if it
holds a gold span, predicted positive if it holds a predicted span (or, for
single-source, if it is the evidence of a single-source finding).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from metrics import f1 as f1_of
from parallax.annotate import Annotator
from parallax.compare import compare_story
from parallax.compare.loaded import detect
from parallax.compare.parses import clear_cache
from parallax.models import Article

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
PTC = SHARED / "ptc"
BASIL = SHARED / "basil"
PTC_TECHNIQUES = {"Loaded_Language", "Name_Calling,Labeling"}
STORY_SIZE = 10
RUNS = 3

Interval = tuple[int, int]


@dataclass
class Counts:
    tp_pred: int = 0
    pred: int = 0
    tp_gold: int = 0
    gold: int = 0

    def add(self, predicted: Sequence[Interval], gold: Sequence[Interval]) -> None:
        self.pred += len(predicted)
        self.gold += len(gold)
        self.tp_pred += sum(1 for p in predicted if any(_overlaps(p, g) for g in gold))
        self.tp_gold += sum(1 for g in gold if any(_overlaps(p, g) for p in predicted))

    def row(self) -> tuple[float, float, float]:
        precision = self.tp_pred / self.pred if self.pred else 0.0
        recall = self.tp_gold / self.gold if self.gold else 0.0
        f1 = f1_of(precision, recall)
        return precision, recall, f1


class Clock:
    """Wall and CPU seconds of the timed blocks: on a shared machine the CPU time is
    the figure that does not depend on what else runs."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self.count = 0

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu
        self.count += 1


def _overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sentence_hits(sentences: Sequence[Interval], spans: Iterable[Interval]) -> list[Interval]:
    spans = list(spans)
    return [s for s in sentences if any(_overlaps(s, span) for span in spans)]


def _line_sentences(text: str) -> list[Interval]:
    """PTC articles hold one sentence per line."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def bench_ptc() -> tuple[Counts, Counts, int]:
    gold: dict[str, list[Interval]] = {}
    for line in (PTC / "technique-spans.tsv").read_text().splitlines():
        doc, technique, start, end = line.split("\t")
        if technique in PTC_TECHNIQUES:
            gold.setdefault(doc, []).append((int(start), int(end)))
    spans, sentences = Counts(), Counts()
    files = sorted((PTC / "articles").glob("article*.txt"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        doc = path.stem.removeprefix("article")
        predicted = [(h.start, h.end) for h in detect(text, [])]
        truth = gold.get(doc, [])
        spans.add(predicted, truth)
        lines = _line_sentences(text)
        sentences.add(_sentence_hits(lines, predicted), _sentence_hits(lines, truth))
    return spans, sentences, len(files)


@dataclass
class BasilArticle:
    article: Article
    story: str
    sentences: list[Interval]
    lexical: list[Interval]
    informational: list[Interval]


def _basil_articles() -> list[BasilArticle]:
    result = []
    for path in sorted((BASIL / "articles").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        ann_path = BASIL / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        if not ann_path.exists():
            continue
        annotations = json.loads(ann_path.read_text(encoding="utf-8"))
        body, sentences = "", []
        for paragraph in data["body-paragraphs"]:
            if body:
                body += "\n\n"
            for i, sentence in enumerate(paragraph):
                if i:
                    body += " "
                sentences.append((len(body), len(body) + len(sentence)))
                body += sentence
        spans: dict[str, list[Interval]] = {"lex": [], "inf": []}
        for phrase in annotations["phrase-level-annotations"]:
            at = body.find(phrase["txt"])
            if at >= 0 and phrase["bias"] in spans:
                spans[phrase["bias"]].append((at, at + len(phrase["txt"])))
        article = Article(
            doc_id=data["uuid"], outlet=data["source"], title=data.get("title"), body=body
        )
        result.append(
            BasilArticle(article, data["triplet-uuid"], sentences, spans["lex"], spans["inf"])
        )
    return result


def bench_basil(
    annotator: Annotator, items: Sequence[BasilArticle]
) -> tuple[Counts, Counts, Counts, int, Clock]:
    annotations = dict(
        zip(
            (i.article.doc_id for i in items),
            annotator.annotate([i.article for i in items]),
            strict=True,
        )
    )
    lex_spans, lex_sentences, single = Counts(), Counts(), Counts()
    for item in items:
        predicted = [
            (h.start, h.end)
            for h in detect(item.article.body, annotations[item.article.doc_id].quotes)
        ]
        lex_spans.add(predicted, item.lexical)
        lex_sentences.add(
            _sentence_hits(item.sentences, predicted),
            _sentence_hits(item.sentences, item.lexical),
        )
    stories: dict[str, list[BasilArticle]] = {}
    for item in items:
        stories.setdefault(item.story, []).append(item)
    elapsed = Clock()
    for members in stories.values():
        documents = [(m.article, annotations[m.article.doc_id], None) for m in members]
        clear_cache()
        with elapsed:
            comparison = compare_story(documents, nlp=annotator.nlp)
        evidence: dict[str, list[Interval]] = {}
        for finding in comparison.findings:
            if finding.kind == "single-source":
                for e in finding.evidence:
                    evidence.setdefault(e.doc_id, []).append((e.sentence.start, e.sentence.end))
        for m in members:
            predicted = _sentence_hits(m.sentences, evidence.get(m.article.doc_id, []))
            single.add(predicted, _sentence_hits(m.sentences, m.informational))
    return lex_spans, lex_sentences, single, len(stories), elapsed


def bench_story_speed(
    annotator: Annotator, items: Sequence[BasilArticle]
) -> tuple[Clock, Clock, Clock]:
    """One story of ``STORY_SIZE`` articles: cold (nothing parsed before), cold with the
    parses annotate stored (as a stored story is compared), and warm (the same story
    shown again, its parses cached)."""
    chosen = sorted(items, key=lambda i: i.story)[:STORY_SIZE]
    annotated = annotator.annotate_parsed([i.article for i in chosen])
    story = [(i.article, n, None) for i, (n, _) in zip(chosen, annotated, strict=True)]
    stored = {p.doc_id: p for _, p in annotated}
    compare_story(story, nlp=annotator.nlp)
    cold, reused, warm = Clock(), Clock(), Clock()
    for _ in range(RUNS):
        clear_cache()
        with cold:
            compare_story(story, nlp=annotator.nlp)
        with warm:
            compare_story(story, nlp=annotator.nlp)
        clear_cache()
        with reused:
            compare_story(story, nlp=annotator.nlp, parsed=stored)
    return cold, reused, warm


def _fmt(row: tuple[float, float, float]) -> str:
    return " | ".join(f"{v:.3f}" for v in row)


def _speed_rows(cold: Clock, reused: Clock, warm: Clock) -> None:
    for label, clock in (
        ("cold: nothing parsed before", cold),
        ("cold, annotate's stored parses", reused),
        ("warm: shown again", warm),
    ):
        print(
            f"| compare stage | BASIL, one story of {STORY_SIZE} articles, {label} | | | | | "
            f"{clock.wall / clock.count:.2f} s wall, {clock.cpu / clock.count:.2f} s CPU "
            f"per story (target < 1 s) |"
        )


def main(argv: Sequence[str]) -> int:
    """``--speed`` times the 10-article story only (a minute instead of ten)."""
    missing = [p for p in (PTC, BASIL) if not p.is_dir()]
    if missing:
        print(f"benchmark data not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    annotator = Annotator()
    items = _basil_articles()
    if "--speed" in argv:
        print("| task | data | level | precision | recall | F1 | speed |")
        print("|---|---|---|---|---|---|---|")
        _speed_rows(*bench_story_speed(annotator, items))
        return 0
    ptc_spans, ptc_sentences, ptc_docs = bench_ptc()
    lex_spans, lex_sentences, single, n_stories, stories = bench_basil(annotator, items)
    cold, reused, warm = bench_story_speed(annotator, items)
    print("| task | data | level | precision | recall | F1 | speed |")
    print("|---|---|---|---|---|---|---|")
    ptc = f"PTC {ptc_docs} articles"
    print(f"| loaded language | {ptc} | span | {_fmt(ptc_spans.row())} | |")
    print(f"| loaded language | {ptc} | sentence | {_fmt(ptc_sentences.row())} | |")
    basil = f"BASIL {n_stories} stories (lexical)"
    print(f"| loaded language | {basil} | span | {_fmt(lex_spans.row())} | |")
    print(f"| loaded language | {basil} | sentence | {_fmt(lex_sentences.row())} | |")
    info = f"BASIL {n_stories} stories (informational)"
    print(
        f"| single-source | {info} | sentence | {_fmt(single.row())} | "
        f"{stories.count / stories.wall:.2f} stories/s wall, "
        f"{stories.count / stories.cpu:.2f} stories/s CPU (3 articles each, cold) |"
    )
    _speed_rows(cold, reused, warm)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
