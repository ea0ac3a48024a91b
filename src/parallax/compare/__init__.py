"""Compare: one story's outlets side by side — agreed, partial, single-source, conflict,
voices, naming, loaded language, brief and timeline, each finding with its sentences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import spacy
from spacy.tokens import Doc

from parallax.annotate.entities import story_entities
from parallax.compare.align import Similarity, align, similarity
from parallax.compare.brief import brief
from parallax.compare.claims import PLACE_LABELS, Statement, extract
from parallax.compare.conflicts import Conflict, find_conflicts
from parallax.compare.loaded import detect
from parallax.compare.naming import naming
from parallax.compare.parses import parse
from parallax.compare.story import StoryDocument, outlet_label, story_documents
from parallax.compare.timeline import timeline
from parallax.compare.voices import voices
from parallax.models import (
    Annotations,
    Article,
    Assignment,
    Comparison,
    Evidence,
    Finding,
    LoadedTerm,
    OutletCoverage,
    Parse,
)

MIN_CONTENT_WORDS = 3
"""A clause with fewer content words ("he added") is not a statement on its own, unless
it carries a number or a date ("12 people were killed")."""
KIND_ORDER = {"agreed": 0, "partial": 1, "conflict": 2, "single-source": 3}

__all__ = ["compare_story", "default_nlp", "outlet_label"]


@cache
def default_nlp() -> spacy.Language:
    """The Annotator's pipeline, for callers that have no Annotator at hand."""
    from parallax.annotate import Annotator

    return Annotator().nlp


def compare_story(
    documents: Sequence[tuple[Article, Annotations, Assignment | None]],
    story_id: str | None = None,
    *,
    nlp: spacy.Language | None = None,
    parsed: Mapping[str, Doc | Parse] | None = None,
) -> Comparison:
    """The comparison of one story's documents; copies (``duplicate_of``) are listed
    but never counted as a further outlet. Pass the Annotator's ``nlp`` to reuse it,
    and annotate's parses by document id (``parsed``) so bodies are not parsed again."""
    docs = story_documents(documents)
    independent = [d for d in docs if d.copy_of is None]
    parses = parse(nlp or default_nlp(), [d.article for d in independent], parsed)
    statements = [
        s
        for d, parsed in zip(independent, parses, strict=True)
        for s in extract(d.article, d.annotations, parsed, d.outlet, d.sentences)
        if s.words >= MIN_CONTENT_WORDS or (s.words > 1 and (s.numbers or s.dates))
    ]
    outlets = list(dict.fromkeys(d.outlet for d in independent))
    sim = similarity(statements)
    groups = align(statements, sim)
    places_of = {
        d.doc_id: {m.entity_id for m in d.annotations.mentions if m.label in PLACE_LABELS}
        for d in independent
    }
    conflicts = find_conflicts(statements, sim, places_of)
    by_id = {d.doc_id: d for d in independent}
    findings = _findings(statements, sim, groups, conflicts, outlets, by_id)
    entities = story_entities(d.annotations.entities for d in independent)
    heard = voices(independent, statements, parses, entities)
    return Comparison(
        story_id=story_id,
        title=next((d.article.title for d in independent if d.article.title), None),
        outlets=_coverage(docs),
        brief=brief(findings, heard, outlets),
        findings=findings,
        voices=heard,
        naming=naming(independent, entities),
        loaded=_loaded(independent),
        timeline=timeline(independent),
    )


def _findings(
    statements: Sequence[Statement],
    sim: Similarity,
    groups: list[list[int]],
    conflicts: list[Conflict],
    outlets: list[str],
    by_id: dict[str, StoryDocument],
) -> list[Finding]:
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    in_conflict = {i for c in conflicts for i in (c.first, c.second)}
    conflict_sentences = {
        (statements[i].doc_id, statements[i].sentence.start)
        for c in conflicts
        for i in (c.first, c.second)
    }
    conflict_groups = {
        group_of[c.first] for c in conflicts if group_of[c.first] == group_of[c.second]
    } | {
        n
        for n, group in enumerate(groups)
        if all(
            (statements[i].doc_id, statements[i].sentence.start) in conflict_sentences
            for i in group
        )
    }
    findings: list[tuple[tuple[int, int], Finding]] = []

    def evidence(indexes: Sequence[int]) -> list[Evidence]:
        seen: dict[tuple[str, int], Evidence] = {}
        for i in indexes:
            s = statements[i]
            seen.setdefault((s.doc_id, s.sentence.start), by_id[s.doc_id].evidence(s.sentence))
        return list(seen.values())

    for n, group in enumerate(groups):
        group_outlets = [o for o in outlets if any(statements[i].outlet == o for i in group)]
        if n in conflict_groups or (len(group_outlets) == 1 and group[0] in in_conflict):
            continue
        kind = _kind(len(group_outlets), len(outlets))
        representative = max(group, key=lambda i: (sum(float(sim.score[i, j]) for j in group), -i))
        findings.append(
            (
                (KIND_ORDER[kind], min(group)),
                Finding(
                    kind=kind,
                    statement=statements[representative].text,
                    outlets=group_outlets,
                    evidence=evidence(group),
                ),
            )
        )
    for conflict in conflicts:
        first, second = statements[conflict.first], statements[conflict.second]
        pair = [conflict.first, conflict.second]
        members = (
            groups[group_of[conflict.first]]
            if group_of[conflict.first] == group_of[conflict.second]
            else pair
        )
        findings.append(
            (
                (KIND_ORDER["conflict"], conflict.first),
                Finding(
                    kind="conflict",
                    statement=first.text,
                    outlets=[first.outlet, second.outlet],
                    evidence=evidence(pair + _one_per_outlet(statements, members, pair)),
                    slot=conflict.slot,
                    values={first.outlet: conflict.values[0], second.outlet: conflict.values[1]},
                ),
            )
        )
    return [f for _, f in sorted(findings, key=lambda pair: pair[0])]


def _one_per_outlet(
    statements: Sequence[Statement], members: Sequence[int], pair: Sequence[int]
) -> list[int]:
    """How each other outlet words a contested statement: one sentence each. A story whose
    statements align into one large group has many conflicts in it, and each would
    otherwise repeat the whole group."""
    shown = {statements[i].outlet for i in pair}
    chosen = []
    for i in members:
        if statements[i].outlet not in shown:
            shown.add(statements[i].outlet)
            chosen.append(i)
    return chosen


def _kind(reporting: int, total: int) -> str:
    if reporting <= 1:
        return "single-source"
    if reporting == total or (total >= 4 and reporting >= 0.75 * total):
        return "agreed"
    return "partial"


def _loaded(documents: Sequence[StoryDocument]) -> list[LoadedTerm]:
    return [
        LoadedTerm(
            outlet=d.outlet,
            text=hit.text,
            category=hit.category,
            quoted=hit.quoted,
            evidence=d.evidence(d.sentence_at(hit.start)),
        )
        for d in documents
        for hit in detect(d.article.body, d.annotations.quotes)
    ]


def _coverage(documents: Sequence[StoryDocument]) -> list[OutletCoverage]:
    coverage: dict[str, OutletCoverage] = {}
    for d in documents:
        entry = coverage.get(d.outlet) or OutletCoverage(outlet=d.outlet, doc_ids=[], titles=[])
        if d.copy_of is None:
            entry.doc_ids.append(d.doc_id)
            if d.article.title:
                entry.titles.append(d.article.title)
        else:
            entry.copies.append(d.doc_id)
        coverage[d.outlet] = entry
    return list(coverage.values())
