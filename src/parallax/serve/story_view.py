"""The story page's view: articles side by side with anchored sentences, and every
finding, voice, loaded term and date linked to the sentence it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from parallax.models import (
    Article,
    Evidence,
    LoadedTerm,
    Naming,
    Voice,
)
from parallax.render.brief import brief
from parallax.render.headline import story_title
from parallax.serve.charts import BarChart, Timeline, speaker_chart, timeline_chart
from parallax.serve.comparisons import StoryData
from parallax.serve.marked import (
    Paragraph,
    SentenceIndex,
    evidence_anchor,
    loaded_marks,
    mark_body,
    quote_marks,
)
from parallax.serve.schemas import StoryDetail
from parallax.serve.story_findings import (
    FINDING_KINDS,
    ConflictRow,
    EvidenceLink,
    FindingRow,
    MatrixRow,
    SingleGroup,
    conflict_row,
    coverage_matrix,
    first_per_outlet,
    single_groups,
)
from parallax.serve.story_header import (
    OutletEntry,
    Source,
    outlet_entries,
)

MAX_VOICE_LINKS = 5
"""Sentences linked per speaker; the rest are counted (each link carries its quote)."""
MAX_COLUMNS = 30
"""Articles shown side by side; a larger story lists the rest, linked to their pages."""


def story_prefix(doc_id: str) -> str:
    """Sentence anchors on the story page name their document: ids stay unique."""
    return f"d{doc_id}-"


@dataclass(frozen=True)
class VoiceRow:
    voice: Voice
    links: list[EvidenceLink]
    more: int


@dataclass(frozen=True)
class LoadedRow:
    term: LoadedTerm
    link: EvidenceLink


@dataclass(frozen=True)
class ArticleColumn:
    article: Article
    name: str
    copy_of: str | None
    paragraphs: list[Paragraph]


@dataclass(frozen=True)
class StoryPage:
    detail: StoryDetail
    title: str
    brief: list[str]
    articles: int
    copies: int
    outlets: list[OutletEntry]
    matrix_outlets: list[str]
    matrix: list[MatrixRow]
    matrix_more: int
    conflicts: list[ConflictRow]
    singles: list[SingleGroup]
    columns: list[ArticleColumn]
    more_articles: list[tuple[Article, str]]
    """Articles past the columns, each with its outlet's name."""
    findings: dict[str, list[FindingRow]]
    voices: dict[str, list[VoiceRow]]
    naming: list[Naming]
    loaded: dict[str, list[LoadedRow]]
    timeline: Timeline
    speakers: BarChart

    @property
    def sources(self) -> list[tuple[OutletEntry, Source]]:
        """Every article of the story with its outlet, in the header's order."""
        return [(o, source) for o in self.outlets for source in o.sources]


def _spans_by_document(detail: StoryDetail) -> dict[str, set[tuple[int, int]]]:
    """Every distinct sentence the comparison cites, per document."""
    comparison = detail.comparison
    cited: dict[str, set[tuple[int, int]]] = {}
    for item in chain(
        (e for f in comparison.findings for e in f.evidence),
        (e for v in comparison.voices for e in v.evidence),
        (t.evidence for t in comparison.loaded),
        (t.evidence for t in comparison.timeline),
    ):
        cited.setdefault(item.doc_id, set()).add((item.sentence.start, item.sentence.end))
    return cited


def build_story_page(story: StoryData, detail: StoryDetail) -> StoryPage:
    comparison = detail.comparison
    cited = _spans_by_document(detail)
    indexes = {
        doc_id: SentenceIndex(
            article.body,
            story.annotations[doc_id].sentences if doc_id in story.annotations else [],
            cited.get(doc_id, ()),
        )
        for doc_id, article in story.articles.items()
    }
    label_of = {d: c.outlet for c in comparison.outlets for d in (*c.doc_ids, *c.copies)}
    names = detail.outlet_names

    def name(label: str) -> str:
        return names.get(label, label)

    ordered = story.ordered_articles()
    in_columns = {a.doc_id for a in ordered[:MAX_COLUMNS]}

    def here(doc_id: str) -> str:
        """An article's place: its column on this page, else its own page."""
        return f"#{story_prefix(doc_id)}top" if doc_id in in_columns else f"/documents/{doc_id}"

    links: dict[tuple[str, str, int, int], EvidenceLink] = {}

    def link(item: Evidence) -> EvidenceLink:
        """Made once per sentence: a story's findings cite the same sentences often."""
        sentence = item.sentence
        key = (item.doc_id, item.outlet, sentence.start, sentence.end)
        if key not in links:
            index = indexes.get(item.doc_id) or SentenceIndex("", [])
            document = f"/documents/{item.doc_id}#" + evidence_anchor(index, item, "")
            links[key] = EvidenceLink(
                outlet=name(item.outlet),
                text=sentence.text,
                here="#" + evidence_anchor(index, item, story_prefix(item.doc_id))
                if item.doc_id in in_columns
                else document,
            )
        return links[key]

    sentence_css: dict[str, dict[tuple[int, int], str]] = {}
    for finding in comparison.findings:
        for doc_id, start in {(e.doc_id, e.sentence.start) for e in finding.evidence}:
            found = indexes[doc_id].containing(start) if doc_id in indexes else None
            if found:
                sentence_css.setdefault(doc_id, {})[found] = f"finding {finding.kind}"

    copies = {a.doc_id: a.duplicate_of for a in story.assignments}
    columns = [
        ArticleColumn(
            article=article,
            name=name(label_of.get(article.doc_id, article.outlet)),
            copy_of=copies.get(article.doc_id),
            paragraphs=mark_body(
                article.body,
                indexes[article.doc_id],
                quote_marks(story.annotations.get(article.doc_id))
                + loaded_marks(
                    article.body,
                    (t for t in comparison.loaded if t.evidence.doc_id == article.doc_id),
                ),
                story_prefix(article.doc_id),
                sentence_css.get(article.doc_id),
            ),
        )
        for article in ordered[:MAX_COLUMNS]
    ]
    findings: dict[str, list[FindingRow]] = {kind: [] for kind in FINDING_KINDS}
    for finding in comparison.findings:
        shown = first_per_outlet(finding.evidence)
        cited_outlets = {e.outlet for e in shown}
        findings[finding.kind].append(
            FindingRow(
                finding,
                [link(e) for e in shown],
                len(finding.evidence) - len(shown),
                [name(o) for o in finding.outlets if o not in cited_outlets],
            )
        )
    independent = [c.outlet for c in comparison.outlets if c.doc_ids]
    voices: dict[str, list[VoiceRow]] = {}
    for voice in sorted(comparison.voices, key=lambda v: (v.outlet, -v.quotes, v.speaker)):
        shown = voice.evidence[:MAX_VOICE_LINKS]
        voices.setdefault(name(voice.outlet), []).append(
            VoiceRow(voice, [link(e) for e in shown], len(voice.evidence) - len(shown))
        )
    loaded: dict[str, list[LoadedRow]] = {}
    for term in comparison.loaded:
        loaded.setdefault(name(term.outlet), []).append(LoadedRow(term, link(term.evidence)))
    publications = [
        (
            a.published,
            name(label_of.get(a.doc_id, a.outlet)),
            here(a.doc_id),
        )
        for a in ordered
        if a.published
    ]
    rows = [row for kind in FINDING_KINDS for row in findings[kind]]
    matrix, matrix_more = coverage_matrix(rows, independent, name, link)
    return StoryPage(
        detail=detail,
        title=story_title(comparison)
        if comparison.outlets
        else detail.story.title or detail.story.id,
        brief=brief(comparison, independent, name),
        articles=sum(len(c.doc_ids) for c in comparison.outlets),
        copies=sum(len(c.copies) for c in comparison.outlets),
        outlets=outlet_entries(story, comparison.outlets, name, here),
        matrix_outlets=[name(o) for o in independent],
        matrix=matrix,
        matrix_more=matrix_more,
        conflicts=[conflict_row(row, name, link) for row in findings["conflict"]],
        singles=single_groups(findings["single-source"], independent, name),
        columns=columns,
        more_articles=[(a, name(label_of.get(a.doc_id, a.outlet))) for a in ordered[MAX_COLUMNS:]],
        findings=findings,
        voices=voices,
        naming=[
            n.model_copy(update={"forms": {name(o): f for o, f in n.forms.items()}})
            for n in comparison.naming
        ],
        loaded=loaded,
        timeline=timeline_chart(
            comparison.timeline, publications, [link(e.evidence).here for e in comparison.timeline]
        ),
        speakers=speaker_chart(
            [v.model_copy(update={"outlet": name(v.outlet)}) for v in comparison.voices]
        ),
    )
