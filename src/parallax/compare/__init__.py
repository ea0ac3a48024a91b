"""Compare: one story's outlets side by side — agreed, partial, single-source, conflict,
voices, naming, loaded language, brief and timeline, each finding with its sentences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.tokens import Doc

from parallax.annotate.entities import StoryEntities, story_entities
from parallax.compare.align import align
from parallax.compare.brief import brief
from parallax.compare.claims import Statement, extract
from parallax.compare.conflicts import find_conflicts
from parallax.compare.findings import findings_of
from parallax.compare.loaded import detect
from parallax.compare.naming import naming
from parallax.compare.parses import parse
from parallax.compare.settings import CompareSettings
from parallax.compare.similarity import Similarity, similarity
from parallax.compare.story import StoryDocument, outlet_label, story_documents
from parallax.compare.timeline import timeline
from parallax.compare.voices import voices
from parallax.lexicon.entities import PLACE_LABELS
from parallax.models import (
    Annotations,
    Article,
    Assignment,
    Comparison,
    LoadedTerm,
    OutletCoverage,
    Parse,
)

DEFAULT_SETTINGS = CompareSettings()

__all__ = [
    "CompareSettings",
    "StoryContext",
    "compare_story",
    "default_nlp",
    "outlet_label",
    "story_context",
]


@cache
def default_nlp() -> spacy.Language:
    """The Annotator's pipeline, for callers that have no Annotator at hand."""
    from parallax.annotate import Annotator

    return Annotator().nlp


@dataclass
class StoryContext:
    """What every analysis of one story reads, built once: the documents (copies set
    apart), their parses, the statements and their pairwise similarity."""

    documents: list[StoryDocument]
    independent: list[StoryDocument]
    outlets: list[str]
    parses: list[Doc]
    entities: StoryEntities
    statements: list[Statement]
    similarity: Similarity
    settings: CompareSettings


def story_context(
    documents: Sequence[tuple[Article, Annotations, Assignment | None]],
    *,
    nlp: spacy.Language | None = None,
    parsed: Mapping[str, Doc | Parse] | None = None,
    settings: CompareSettings = DEFAULT_SETTINGS,
) -> StoryContext:
    docs = story_documents(documents)
    independent = [d for d in docs if d.copy_of is None]
    parses = parse(nlp or default_nlp(), [d.article for d in independent], parsed)
    entities = story_entities(d.annotations.entities for d in independent)
    statements = [
        s
        for d, parsed in zip(independent, parses, strict=True)
        for s in extract(d.article, d.annotations, parsed, d.outlet, d.sentences, entities)
        if s.words >= settings.min_content_words or (s.words > 1 and (s.numbers or s.dates))
    ]
    return StoryContext(
        documents=docs,
        independent=independent,
        outlets=list(dict.fromkeys(d.outlet for d in independent)),
        parses=parses,
        entities=entities,
        statements=statements,
        similarity=similarity(statements, settings),
        settings=settings,
    )


def compare_story(
    documents: Sequence[tuple[Article, Annotations, Assignment | None]],
    story_id: str | None = None,
    *,
    nlp: spacy.Language | None = None,
    parsed: Mapping[str, Doc | Parse] | None = None,
    settings: CompareSettings = DEFAULT_SETTINGS,
) -> Comparison:
    """The comparison of one story's documents; copies (``duplicate_of``) are listed
    but never counted as a further outlet. Pass the Annotator's ``nlp`` to reuse it,
    and annotate's parses by document id (``parsed``) so bodies are not parsed again."""
    ctx = story_context(documents, nlp=nlp, parsed=parsed, settings=settings)
    independent, statements, sim = ctx.independent, ctx.statements, ctx.similarity
    groups = align(statements, sim, settings)
    entities = ctx.entities
    places_of = {
        d.doc_id: {
            entities.canonical(m.entity_id)
            for m in d.annotations.mentions
            if m.label in PLACE_LABELS
        }
        for d in independent
    }
    conflicts = find_conflicts(statements, sim, places_of)
    by_id = {d.doc_id: d for d in independent}
    findings = findings_of(
        statements, sim, groups, conflicts, ctx.outlets, by_id, settings.link_floor
    )
    heard = voices(independent, statements, ctx.parses, entities)
    return Comparison(
        story_id=story_id,
        title=next((d.article.title for d in independent if d.article.title), None),
        outlets=_coverage(ctx.documents),
        brief=brief(findings, heard, ctx.outlets),
        findings=findings,
        voices=heard,
        naming=naming(independent, entities),
        loaded=_loaded(independent),
        timeline=timeline(independent),
    )


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
