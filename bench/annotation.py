"""Quote attribution and speed of the annotate stage, on PolNeAR and BASIL.

Run as ``make bench-annotation``; reads ../shared/bench (never copied into the repo).

PolNeAR (BRAT standoff: Source / Cue / Content spans joined by an Attribution event;
one annotator's file per article, the first by name when several annotated it):

- Our quotes are grouped into attributions by their cue span (a direct quote and the
  reported clause of the same "said" are one attribution); the content of a group is
  the union of its quotes' characters. A quote without a cue is its own group.
- Overlap is counted in characters, with discontinuous spans as sets of characters.
  A gold attribution is *found* when some predicted group covers at least half of
  its content: |P ∩ G| / |G| >= 0.5 (recall = found / gold). A predicted group is
  *correct* when some gold content covers at least half of it: |P ∩ G| / |P| >= 0.5
  (precision = correct / predicted). F1 is their harmonic mean.
- Speaker accuracy is over found gold attributions that have a Source span: the
  best-covering group's speaker is right when its span shares a character with the
  gold Source, or its entity id is the id of one of our mentions inside the Source.

BASIL: every phrase annotated ``quote: yes`` whose speaker label names one person
(``other_*`` and group labels such as ``Democratic_lawmakers``, which annotators also
give to quotes of a named member of the group, are left out), located by its text in
the article body (first occurrence). It is found when a
predicted quote covers half of it; the speaker is right when a word of the gold
speaker name (e.g. Trump of Donald_Trump) occurs in our speaker span or in the name
of the entity it resolves to.

Voices (PolNeAR): who the comparison lets speak, judged against the gold Source spans
of the same article. Each article's quotes go through ``compare.voices.heard_quotes``
(the judge the comparison uses) and are grouped per voice (its story-level entity, or
its phrase when it names none). A voice is a *gold source* when one of its quotes'
speaker spans shares a character with a gold Source, or its entity is the entity of a
mention inside one; *named* when it resolves to an entity; *junk* when it is neither.
Precision = gold-source voices / voices, also weighted by the quoted words each voice is
credited with. The row "every quote speaker" groups all quotes by their speaker id or
phrase (less personal pronouns) without the judge, the rule before it.

Arguments choose parts (``dev``, ``train``, ``basil``); none means all three.

Speed: articles per CPU-second (process time of this one-threaded process, so other
load on the machine does not count) for the whole annotate stage over every article
read, and the wall-clock rate beside it. Two more rows split that CPU time into the
spaCy model's pipe (tok2vec, tagger, parser, ner: the issue fixes this model) and our
part (entities, speakers, quotes, dates, and the parse kept for compare), so the
ceiling the model sets is seen; the last row says how far the stage is from it.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from metrics import f1 as f1_of

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from spacy.tokens import Doc
from unidecode import unidecode

from parallax.annotate import Annotator
from parallax.annotate.entities import story_entities
from parallax.compare.text import normalise
from parallax.compare.voices import heard_quotes
from parallax.lexicon.voices import PERSONAL_PRONOUNS
from parallax.models import Annotations, Article, Quote

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
POLNEAR = SHARED / "polnear" / "data"
BASIL = SHARED / "basil"
HALF = 0.5
GROUP_WORDS = {
    "lawmakers",
    "democrats",
    "republicans",
    "members",
    "campaign",
    "officials",
    "party",
    "committee",
    "senators",
    "leaders",
    "administration",
    "supporters",
    "critics",
    "catholics",
    "companies",
    "voters",
    "gop",
    "house",
    "senate",
    "tea",
    "naacp",
}


@dataclass(frozen=True)
class Gold:
    content: frozenset[int]
    source: frozenset[int]


@dataclass(frozen=True)
class Predicted:
    content: frozenset[int]
    speaker: frozenset[int]
    speaker_id: str | None


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    found: int = 0
    correct: int = 0
    with_source: int = 0
    speaker_right: int = 0

    def row(self) -> tuple[str, ...]:
        precision = self.correct / self.predicted if self.predicted else 0.0
        recall = self.found / self.gold if self.gold else 0.0
        f1 = f1_of(precision, recall)
        accuracy = self.speaker_right / self.with_source if self.with_source else 0.0
        return (
            str(self.gold),
            str(self.predicted),
            f"{precision:.3f}",
            f"{recall:.3f}",
            f"{f1:.3f}",
            f"{accuracy:.3f} ({self.speaker_right}/{self.with_source})",
        )


def chars(spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for start, end in spans for i in range(start, end))


def read_ann(path: Path) -> list[Gold]:
    """Attribution events of one BRAT file, as character sets."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            offsets = fields[1].split(" ", 1)[1]
            spans[fields[0]] = [
                (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
            ]
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(part.split(":", 1) for part in fields[1].split())
            events.append({role.rstrip("0123456789"): ref for role, ref in roles.items()})
    gold = []
    for event in events:
        if "Content" not in event:
            continue
        source = spans.get(event.get("Source", ""), [])
        gold.append(Gold(chars(spans[event["Content"]]), chars(source)))
    return gold


def group_quotes(quotes: Sequence[Quote]) -> list[Predicted]:
    """One attribution per cue: a direct quote and its reported clause count once."""
    groups: dict[tuple[int, int] | int, list[Quote]] = {}
    for n, quote in enumerate(quotes):
        key: tuple[int, int] | int = (quote.cue.start, quote.cue.end) if quote.cue else n
        groups.setdefault(key, []).append(quote)
    return [
        Predicted(
            chars((q.start, q.end) for q in members),
            chars([(members[0].speaker.start, members[0].speaker.end)])
            if members[0].speaker
            else frozenset(),
            members[0].speaker_id,
        )
        for members in groups.values()
    ]


def score_polnear(gold: list[Gold], annotations: Annotations, score: Score) -> None:
    predicted = group_quotes(annotations.quotes)
    score.gold += len(gold)
    score.predicted += len(predicted)
    score.correct += sum(
        any(len(p.content & g.content) >= HALF * len(p.content) for g in gold)
        for p in predicted
        if p.content
    )
    for g in gold:
        covering = max(predicted, key=lambda p: len(p.content & g.content), default=None)
        if covering is None or len(covering.content & g.content) < HALF * len(g.content):
            continue
        score.found += 1
        if not g.source:
            continue
        score.with_source += 1
        source_ids = {
            m.entity_id for m in annotations.mentions if set(range(m.start, m.end)) & g.source
        }
        if covering.speaker & g.source or covering.speaker_id in source_ids:
            score.speaker_right += 1


@dataclass
class VoiceScore:
    """Voices of the articles read, and how many of them (and of their words) are gold
    sources, named entities, or neither (junk)."""

    voices: int = 0
    sources: int = 0
    named: int = 0
    junk: int = 0
    words: int = 0
    source_words: int = 0
    examples: Counter[str] = field(default_factory=Counter)

    def add(self, quotes: list[tuple[Quote, str]], gold: list[Gold], notes: Annotations) -> None:
        sources = frozenset().union(*(g.source for g in gold))
        source_ids = {m.entity_id for m in notes.mentions if set(range(m.start, m.end)) & sources}
        grouped: dict[str, list[Quote]] = {}
        for quote, key in quotes:
            grouped.setdefault(key, []).append(quote)
        for key, members in grouped.items():
            words = sum(len(q.text.split()) for q in members)
            spoken = chars((q.speaker.start, q.speaker.end) for q in members if q.speaker)
            is_source = key in source_ids or bool(spoken & sources)
            named = not key.startswith("text:")
            self.voices += 1
            self.words += words
            self.sources += is_source
            self.source_words += words * is_source
            self.named += named
            if not (is_source or named):
                self.junk += 1
                self.examples[key.removeprefix("text:")] += 1

    def row(self, name: str, articles: int) -> tuple[str, ...]:
        def share(part: int, whole: int) -> str:
            return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"

        return (
            name,
            str(articles),
            str(self.voices),
            share(self.sources, self.voices),
            share(self.source_words, self.words),
            share(self.named, self.voices),
            share(self.junk, self.voices),
            ", ".join(f"{k} ({n})" for k, n in self.examples.most_common(4)),
        )


def voice_rows(
    split: str,
    items: list[tuple[Article, list[Gold]]],
    results: Sequence[Annotations],
    docs: list[Doc],
) -> list[tuple[str, ...]]:
    """The comparison's voices and every quote speaker, scored against gold sources."""
    judged, every = VoiceScore(), VoiceScore()
    for (_, gold), notes, doc in zip(items, results, docs, strict=True):
        entities = story_entities([notes.entities])
        heard = heard_quotes(notes.quotes, doc, entities)
        judged.add([(quote, key) for quote, key, _ in heard], gold, notes)
        every.add(
            [
                (q, q.speaker_id or "text:" + normalise(q.speaker.text))
                for q in notes.quotes
                if q.speaker and (q.speaker_id or q.speaker.text.lower() not in PERSONAL_PRONOUNS)
            ],
            gold,
            notes,
        )
    return [
        judged.row(f"PolNeAR {split}: voices", len(items)),
        every.row(f"PolNeAR {split}: every quote speaker", len(items)),
    ]


def polnear_articles(split: str) -> list[tuple[Article, list[Gold]]]:
    meta = {}
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            meta[row["filename"]] = row
    items = []
    for text_path in sorted((POLNEAR / split / "text").glob("*.txt")):
        name = text_path.stem
        anns = sorted((POLNEAR / split / "attributions").glob(f"{name}_*.ann"))
        if not anns:
            continue
        row = meta.get(name, {})
        published = row.get("publication_date")
        article = Article(
            doc_id=name,
            outlet=row.get("publisher", "unknown"),
            body=text_path.read_text(encoding="utf-8"),
            published=datetime.fromisoformat(published) if published else None,
        )
        items.append((article, read_ann(anns[0])))
    return items


def names_a_person(speaker: str) -> bool:
    """A BASIL speaker label that names one person (not other_*, not a group)."""
    words = [w for w in speaker.split("_") if w]
    return (
        bool(words)
        and not speaker.startswith("other")
        and not ({w.lower() for w in words} & GROUP_WORDS or any(w[0].islower() for w in words))
    )


def basil_articles() -> list[tuple[Article, list[tuple[int, int, str]]]]:
    items = []
    for ann_path in sorted((BASIL / "annotations").glob("*/*_ann.json")):
        art_path = BASIL / "articles" / ann_path.parent.name / ann_path.name.replace("_ann", "")
        if not art_path.exists():
            continue
        data = json.loads(art_path.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in data["body-paragraphs"])
        spans = []
        for phrase in json.loads(ann_path.read_text(encoding="utf-8"))["phrase-level-annotations"]:
            speaker = phrase.get("speaker", "")
            if phrase.get("quote") != "yes" or not names_a_person(speaker):
                continue
            start = body.find(phrase["txt"])
            if start >= 0:
                spans.append((start, start + len(phrase["txt"]), speaker))
        article = Article(
            doc_id=data["uuid"],
            outlet=data.get("source", "unknown"),
            body=body,
            published=datetime.fromisoformat(data["date"]) if data.get("date") else None,
        )
        items.append((article, spans))
    return items


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", unidecode(text).lower()) if len(w) > 2}


def score_basil(spans: list[tuple[int, int, str]], annotations: Annotations, score: Score) -> None:
    names = {e.id: e.name for e in annotations.entities}
    for start, end, speaker in spans:
        gold = set(range(start, end))
        score.gold += 1
        best = max(
            annotations.quotes,
            key=lambda q: len(gold & set(range(q.start, q.end))),
            default=None,
        )
        if best is None or len(gold & set(range(best.start, best.end))) < HALF * len(gold):
            continue
        score.found += 1
        score.with_source += 1
        ours = (
            (best.speaker.text if best.speaker else "") + " " + names.get(best.speaker_id or "", "")
        )
        if _words(speaker.replace("_", " ")) & _words(ours):
            score.speaker_right += 1


@dataclass
class Timing:
    """CPU seconds of the whole stage and of spaCy's share of it, plus wall seconds."""

    articles: int = 0
    words: int = 0
    cpu: float = 0.0
    spacy_cpu: float = 0.0
    wall: float = 0.0

    def rate(self, cpu: float) -> str:
        return f"{self.articles / cpu:.1f} articles/CPU-s ({self.words / cpu:.0f} words/CPU-s)"


def run(
    articles: Sequence[Article], annotator: Annotator, timing: Timing, keep: list[Doc] | None = None
) -> list[Annotations]:
    """Annotator.annotate_parsed, with the time spent waiting on spaCy's pipe kept apart;
    the parses are appended to ``keep`` when given."""
    wall = time.perf_counter()
    docs = iter(annotator.nlp.pipe((a.body for a in articles), batch_size=annotator.batch_size))
    results = []
    for article in articles:
        start = time.process_time()
        doc = next(docs)
        parsed = time.process_time()
        results.append(annotator.finish(article, doc)[0])
        if keep is not None:
            keep.append(doc)
        timing.spacy_cpu += parsed - start
        timing.cpu += time.process_time() - start
    timing.wall += time.perf_counter() - wall
    timing.articles += len(articles)
    timing.words += sum(len(a.body.split()) for a in articles)
    return results


def main() -> int:
    if not POLNEAR.exists() or not BASIL.exists():
        print(f"skipped: benchmark data not found under {SHARED}", file=sys.stderr)
        return 1
    wanted = set(sys.argv[1:]) or {"dev", "train", "basil"}
    splits = [s for s in ("dev", "train") if s in wanted]
    annotator = Annotator()
    timing = Timing()
    rows = []
    voices = []
    for split in splits:
        items = polnear_articles(split)
        docs: list[Doc] = []
        results = run([a for a, _ in items], annotator, timing, docs)
        score = Score()
        for (_, gold), result in zip(items, results, strict=True):
            score_polnear(gold, result, score)
        rows.append((f"PolNeAR {split}", str(len(items)), *score.row()))
        voices += voice_rows(split, items, results, docs)
    basil = basil_articles() if "basil" in wanted else []
    results = run([a for a, _ in basil], annotator, timing)
    score = Score()
    for (_, spans), result in zip(basil, results, strict=True):
        score_basil(spans, result, score)
    gold_n, _, _, recall, _, accuracy = score.row()
    if basil:
        rows.append(
            ("BASIL named quotes", str(len(basil)), gold_n, "-", "-", recall, "-", accuracy)
        )
    header = ("benchmark", "articles", "gold", "predicted", "precision", "recall", "F1")
    print_table((*header, "speaker accuracy"), rows)
    dashes = "| - | - | - | - | - |"
    print(
        f"| annotate speed | {timing.articles} {dashes} {timing.rate(timing.cpu)}, "
        f"{timing.articles / timing.wall:.1f} articles/s wall |"
    )
    print(
        f"| of which the spaCy model | {timing.articles} {dashes} {timing.rate(timing.spacy_cpu)} |"
    )
    ours = timing.cpu - timing.spacy_cpu
    print(f"| of which our components | {timing.articles} {dashes} {timing.rate(ours)} |")
    print(
        f"| stage time over the model's alone | {timing.articles} {dashes} "
        f"+{timing.cpu / timing.spacy_cpu - 1:.1%} |"
    )
    if voices:
        print()
        header = ("voices", "articles", "voices", "gold sources", "by words", "named", "junk")
        print_table((*header, "commonest junk"), voices)
    return 0


def print_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
