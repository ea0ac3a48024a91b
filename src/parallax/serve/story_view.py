"""The story page's view: articles side by side with anchored sentences, and every
finding, voice, loaded term and date linked to the sentence it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from parallax.models import Article, Evidence, Finding, LoadedTerm, Naming, Voice
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

FINDING_KINDS = ("agreed", "partial", "conflict", "single-source")
MAX_VOICE_LINKS = 10
MAX_COLUMNS = 30
"""Articles shown side by side; a larger story lists the rest, linked to their pages."""


def first_per_outlet(evidence: list[Evidence]) -> list[Evidence]:
    """One sentence per outlet keeps a row readable (and the page small) when a finding
    rests on many sentences; the rest are counted, and all are in the JSON."""
    return list({e.outlet: e for e in reversed(evidence)}.values())[::-1]


def story_prefix(doc_id: str) -> str:
    """Sentence anchors on the story page name their document: ids stay unique."""
    return f"d{doc_id}-"


@dataclass(frozen=True)
class EvidenceLink:
    outlet: str
    text: str
    here: str
    document: str


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    links: list[EvidenceLink]
    more: int
    unlinked: list[str]


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
    copy_of: str | None
    paragraphs: list[Paragraph]


@dataclass(frozen=True)
class StoryPage:
    detail: StoryDetail
    columns: list[ArticleColumn]
    more_articles: list[Article]
    findings: dict[str, list[FindingRow]]
    voices: dict[str, list[VoiceRow]]
    naming: list[Naming]
    loaded: dict[str, list[LoadedRow]]
    timeline: Timeline
    speakers: BarChart


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

    ordered = story.ordered_articles()
    in_columns = {a.doc_id for a in ordered[:MAX_COLUMNS]}

    links: dict[tuple[str, str, int, int], EvidenceLink] = {}

    def link(item: Evidence) -> EvidenceLink:
        """Made once per sentence: a story's findings cite the same sentences often."""
        sentence = item.sentence
        key = (item.doc_id, item.outlet, sentence.start, sentence.end)
        if key not in links:
            index = indexes.get(item.doc_id) or SentenceIndex("", [])
            document = f"/documents/{item.doc_id}#" + evidence_anchor(index, item, "")
            links[key] = EvidenceLink(
                outlet=item.outlet,
                text=sentence.text,
                here="#" + evidence_anchor(index, item, story_prefix(item.doc_id))
                if item.doc_id in in_columns
                else document,
                document=document,
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
                [o for o in finding.outlets if o not in cited_outlets],
            )
        )
    voices: dict[str, list[VoiceRow]] = {}
    for voice in sorted(comparison.voices, key=lambda v: (v.outlet, -v.quotes, v.speaker)):
        shown = voice.evidence[:MAX_VOICE_LINKS]
        voices.setdefault(voice.outlet, []).append(
            VoiceRow(voice, [link(e) for e in shown], len(voice.evidence) - len(shown))
        )
    loaded: dict[str, list[LoadedRow]] = {}
    for term in comparison.loaded:
        loaded.setdefault(term.outlet, []).append(LoadedRow(term, link(term.evidence)))
    publications = [
        (
            a.published,
            a.outlet,
            f"#{story_prefix(a.doc_id)}top" if a.doc_id in in_columns else f"/documents/{a.doc_id}",
        )
        for a in ordered
        if a.published
    ]
    return StoryPage(
        detail=detail,
        columns=columns,
        more_articles=ordered[MAX_COLUMNS:],
        findings=findings,
        voices=voices,
        naming=comparison.naming,
        loaded=loaded,
        timeline=timeline_chart(
            comparison.timeline, publications, [link(e.evidence).here for e in comparison.timeline]
        ),
        speakers=speaker_chart(comparison.voices),
    )
