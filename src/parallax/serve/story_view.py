"""The story page's view: articles side by side with anchored sentences, and every
finding, voice, loaded term and date linked to the sentence it rests on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from urllib.parse import quote

from parallax.models import (
    Article,
    Comparison,
    Evidence,
    Finding,
    LoadedTerm,
    Naming,
    OutletCoverage,
    Voice,
)
from parallax.render.sections import slot_words
from parallax.serve import words
from parallax.serve.charts import BarChart, Timeline, speaker_chart, timeline_chart
from parallax.serve.comparisons import StoryData
from parallax.serve.headline import neutral_title
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
MAX_MATRIX_ROWS = 25
"""Statements in the matrix, most agreed first; a story of 20 outlets may have 150, which
no one reads at a glance (and the page grew to 1.6 MB). The rest are in the JSON."""
MAX_CONFLICT_CARDS = 10
"""Conflicts shown as cards; the others are listed in one line each."""
MAX_OTHERS = 6
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
    name: str
    copy_of: str | None
    paragraphs: list[Paragraph]


@dataclass(frozen=True)
class Source:
    """One article in the story's header: where to read it here and at its outlet."""

    article: Article
    here: str
    web: str | None
    copy_of: str | None
    """The outlet name of the article this one repeats (syndicated or near-duplicate)."""


@dataclass(frozen=True)
class OutletEntry:
    name: str
    href: str
    """The outlet's page, or for an unnamed source its article's page."""
    sources: list[Source]


@dataclass(frozen=True)
class Cell:
    outlet: str
    state: str
    """"reports", "silent" or "differs"."""
    link: EvidenceLink | None = None
    value: str | None = None


@dataclass(frozen=True)
class MatrixRow:
    row: FindingRow
    cells: list[Cell]
    reporting: int


@dataclass(frozen=True)
class Side:
    outlet: str
    value: str
    link: EvidenceLink | None


@dataclass(frozen=True)
class ConflictRow:
    row: FindingRow
    sides: list[Side]
    others: list[EvidenceLink]
    more: int


@dataclass(frozen=True)
class SingleGroup:
    outlet: str
    anchor: str
    rows: list[FindingRow]


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
    more_articles: list[Article]
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


def outlet_names(labels: list[str]) -> dict[str, str]:
    """What a reader sees for each outlet label: the label itself, except for a document
    of unknown outlet, which compare labels by its id and the page numbers in order
    (its title is beside it in the story's header)."""
    unnamed = [label for label in labels if label.startswith(words.UNNAMED_PREFIX)]
    names = {label: label for label in labels}
    for n, label in enumerate(unnamed, 1):
        names[label] = f"unnamed source {n}" if len(unnamed) > 1 else "unnamed source"
    return names


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
    names = outlet_names([c.outlet for c in comparison.outlets])

    def name(label: str) -> str:
        return names.get(label, label)

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
            f"#{story_prefix(a.doc_id)}top" if a.doc_id in in_columns else f"/documents/{a.doc_id}",
        )
        for a in ordered
        if a.published
    ]
    rows = [row for kind in FINDING_KINDS for row in findings[kind]]
    matrix = _matrix(rows, independent, name, link)
    return StoryPage(
        detail=detail,
        title=neutral_title(
            [t for c in comparison.outlets for t in c.titles], _core(comparison.findings)
        )
        or detail.story.title
        or detail.story.id,
        brief=brief(comparison, independent, name),
        articles=sum(len(c.doc_ids) for c in comparison.outlets),
        copies=sum(len(c.copies) for c in comparison.outlets),
        outlets=_outlet_entries(story, comparison.outlets, name, in_columns),
        matrix_outlets=[name(o) for o in independent],
        matrix=matrix[:MAX_MATRIX_ROWS],
        matrix_more=max(0, len(matrix) - MAX_MATRIX_ROWS),
        conflicts=[_conflict(row, name, link) for row in findings["conflict"]],
        singles=_singles(findings["single-source"], independent, name),
        columns=columns,
        more_articles=ordered[MAX_COLUMNS:],
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


def _shared(findings: list[Finding]) -> list[Finding]:
    """What several outlets report, the story's core fact first: the statement most
    outlets report, in compare's order among equals."""
    shared = [f for f in findings if f.kind in ("agreed", "partial")]
    return sorted(shared, key=lambda f: -len(f.outlets))


def _core(findings: list[Finding]) -> str | None:
    shared = _shared(findings)
    return shared[0].statement if shared else None


MAX_BRIEF_CONFLICTS = 2
MAX_BRIEF_NAMES = 4


def brief(comparison: Comparison, outlets: list[str], name: Callable[[str], str]) -> list[str]:
    """A few lines a reader takes in at once: the core fact, then the main differences
    (conflicts, voices only one outlet lets speak, what only one outlet reports)."""
    lines = []
    findings = comparison.findings
    shared = _shared(findings)
    if shared:
        core = shared[0]
        if len(core.outlets) < len(outlets):
            who = f"{len(core.outlets)} of {len(outlets)} outlets report"
        else:
            who = (
                "Both outlets report" if len(outlets) == 2 else f"All {len(outlets)} outlets report"
            )
        lines.append(f"{who}: {core.statement}")
        if len(shared) > 1:
            lines.append(f"They share {words.plural(len(shared) - 1, 'more statement')}.")
    elif len(outlets) > 1:
        lines.append(f"The {len(outlets)} outlets report no statement in common.")
    conflicts = [f for f in findings if f.kind == "conflict"]
    for finding in conflicts[:MAX_BRIEF_CONFLICTS]:
        values = "; ".join(f"{name(o)} says {v}" for o, v in finding.values.items())
        lines.append(f"They differ on {slot_words(finding.slot)}: {values}.")
    if len(conflicts) > MAX_BRIEF_CONFLICTS:
        more = len(conflicts) - MAX_BRIEF_CONFLICTS
        lines.append(f"And {words.plural(more, 'more difference')}.")
    if len(outlets) > 1:
        only = sorted(
            (v for v in comparison.voices if v.only_here),
            key=lambda v: (v.speaker_id is None, -v.quotes),
        )  # named people and bodies first, the most quoted among them
        if only:
            named = [f"{v.speaker} ({name(v.outlet)})" for v in only[:MAX_BRIEF_NAMES]]
            rest = len(only) - len(named)
            tail = f" and {rest} more" if rest > 0 else ""
            lines.append(f"Quoted by one outlet only: {', '.join(named)}{tail}.")
        singles = Counter(f.outlets[0] for f in findings if f.kind == "single-source" and f.outlets)
        if singles:
            parts = [f"{name(o)} {n}" for o, n in singles.most_common()]
            lines.append(f"Statements only one outlet reports: {', '.join(parts)}.")
    return lines


def _outlet_entries(
    story: StoryData,
    coverage: list[OutletCoverage],
    name: Callable[[str], str],
    in_columns: set[str],
) -> list[OutletEntry]:
    copies = {a.doc_id: a.duplicate_of for a in story.assignments if a.duplicate_of}
    label_of = {d: c.outlet for c in coverage for d in (*c.doc_ids, *c.copies)}
    entries = []
    for entry in coverage:
        sources = [
            Source(
                article=story.articles[doc_id],
                here=f"#{story_prefix(doc_id)}top"
                if doc_id in in_columns
                else f"/documents/{doc_id}",
                web=words.web_link(story.articles[doc_id].url),
                copy_of=name(label_of.get(copies[doc_id], "")) if doc_id in copies else None,
            )
            for doc_id in (*entry.doc_ids, *entry.copies)
            if doc_id in story.articles
        ]
        href = (
            f"/documents/{sources[0].article.doc_id}"
            if entry.outlet.startswith(words.UNNAMED_PREFIX) and sources
            else f"/outlets/{quote(entry.outlet, safe='')}"
        )
        entries.append(OutletEntry(name=name(entry.outlet), href=href, sources=sources))
    earliest = datetime.max.replace(tzinfo=UTC)

    def first_published(entry: OutletEntry) -> tuple[bool, datetime]:
        """Outlets of their own first, earliest first; an outlet with only copies last."""
        own = [s for s in entry.sources if not s.copy_of]
        return (not own, min((s.article.published or earliest for s in own), default=earliest))

    return sorted(entries, key=first_published)


def _matrix(
    rows: list[FindingRow],
    outlets: list[str],
    name: Callable[[str], str],
    link: Callable[[Evidence], EvidenceLink],
) -> list[MatrixRow]:
    """Statements several outlets report, or dispute, by outlet: most agreed first."""
    matrix = []
    for row in rows:
        finding = row.finding
        if finding.kind == "single-source":
            continue
        first = {e.outlet: e for e in reversed(finding.evidence)}
        cells = []
        for outlet in outlets:
            evidence = first.get(outlet)
            if outlet in finding.values:
                state = "differs"
            elif outlet in finding.outlets or evidence:
                state = "reports"
            else:
                state = "silent"
            cells.append(
                Cell(
                    outlet=name(outlet),
                    state=state,
                    link=link(evidence) if evidence else None,
                    value=finding.values.get(outlet),
                )
            )
        reporting = sum(c.state != "silent" for c in cells)
        matrix.append(MatrixRow(row, cells, reporting))
    order = {kind: n for n, kind in enumerate(FINDING_KINDS)}
    return sorted(matrix, key=lambda m: (-m.reporting, order[m.row.finding.kind]))


def _conflict(
    row: FindingRow, name: Callable[[str], str], link: Callable[[Evidence], EvidenceLink]
) -> ConflictRow:
    """Both values side by side, each with its sentence; how the others word it below."""
    finding = row.finding
    first = {e.outlet: e for e in reversed(finding.evidence)}
    sides = [
        Side(name(o), value, link(first[o]) if o in first else None)
        for o, value in finding.values.items()
    ]
    others = [e for o, e in first.items() if o not in finding.values]
    return ConflictRow(
        row, sides, [link(e) for e in others[:MAX_OTHERS]], max(0, len(others) - MAX_OTHERS)
    )


def _singles(
    rows: list[FindingRow], outlets: list[str], name: Callable[[str], str]
) -> list[SingleGroup]:
    """What only one outlet reports, folded per outlet, the outlet with most first."""
    groups: dict[str, list[FindingRow]] = {}
    for row in rows:
        outlet = row.finding.outlets[0] if row.finding.outlets else ""
        groups.setdefault(outlet, []).append(row)
    ordered = sorted(
        groups.items(), key=lambda g: (-len(g[1]), outlets.index(g[0]) if g[0] in outlets else 0)
    )
    return [
        SingleGroup(outlet=name(o), anchor=f"only-{n}", rows=found)
        for n, (o, found) in enumerate(ordered)
    ]
