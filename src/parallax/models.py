"""The records that flow between stages.

Every stage takes records from here and returns records from here, so this file is
the contract of the pipeline: ingest -> clean -> annotate -> stories -> compare.
Character spans (``start``/``end``) always index into ``Article.body``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RawFormat = Literal["text", "html"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RawDocument(Record):
    """One input article as read, before any cleaning; kept so later stages can re-run."""

    id: str = Field(
        description="Hash of the outlet (else URL) and the normalised content: the same"
        " article twice has one id; the same text from two outlets, two."
    )
    source: str = Field(description="Where it was read: a path, with '#n' for a record inside it.")
    format: RawFormat
    content: str
    url: str | None = None
    outlet: str = "unknown"
    outlet_name: str | None = Field(
        default=None,
        description="What the publisher calls itself (og:site_name, JSON-LD publisher, a"
        " feed's title), when the input says; ``outlet`` stays its domain.",
    )
    title: str | None = None
    published: datetime | None = None
    language: str | None = None


class RemovedLine(Record):
    """A piece of the input the cleaner dropped, and the rule that dropped it."""

    text: str
    reason: str


class Article(Record):
    """The article pulled out of a raw document."""

    doc_id: str
    outlet: str
    title: str | None = None
    dek: str | None = None
    byline: str | None = None
    published: datetime | None = None
    url: str | None = None
    language: str | None = None
    body: str = Field(description="Paragraphs joined by blank lines; all spans index into it.")
    removed: list[RemovedLine] = Field(default_factory=list)
    short: bool = Field(
        default=False,
        description="A title-only or one-paragraph item: news all the same, kept and marked.",
    )

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]


class Span(Record):
    start: int
    end: int
    text: str


class Entity(Record):
    """A canonical identity shared across documents: the id is derived, not assigned."""

    id: str = Field(description="Stable key such as 'PERSON:volodymyr-zelensky'.")
    name: str = Field(description="Display name: the fullest form seen.")
    label: str


class Mention(Span):
    entity_id: str
    label: str


class Quote(Span):
    """A quotation or reported statement; the span is its content."""

    kind: Literal["direct", "reported"]
    speaker: Span | None = None
    speaker_id: str | None = Field(
        default=None, description="Entity id of the speaker if resolved."
    )
    cue: Span | None = None


class DateMention(Span):
    """A date expression resolved against the publication date."""

    value_start: date
    value_end: date


class Annotations(Record):
    doc_id: str
    sentences: list[Span] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)


class Parse(Record):
    """The dependency parse annotate made of a body, kept so compare need not parse it
    again: spaCy's DocBin bytes, and the pipeline that made them (``model``)."""

    doc_id: str
    model: str
    data: bytes


class Assignment(Record):
    """Where the stories stage put one document."""

    doc_id: str
    story_id: str
    duplicate_of: str | None = Field(default=None, description="Original this copy repeats.")
    score: float = 0.0


class DocumentListing(Record):
    """One stored document as the listings show it: the cleaned title and date where the
    cleaner found them, its story, and the document it copies (syndicated, not agreeing)."""

    id: str
    source: str
    outlet: str
    url: str | None = None
    title: str | None = None
    published: datetime | None = None
    story_id: str | None = None
    copy_of: str | None = None


class StorySummary(Record):
    id: str
    title: str | None
    size: int
    outlets: list[str] = Field(
        description="Its outlets (domains), a copy's outlet left out; each document of"
        " unknown outlet counts as a source of its own ('doc:' and its id's start)."
    )
    outlet_names: list[str] = Field(
        default_factory=list,
        description="What a reader sees for each of ``outlets``, in the same order: the"
        " publisher's name, else its domain, else 'unnamed source n'.",
    )
    first: datetime | None
    last: datetime | None
    headlines: list[str] = Field(
        default_factory=list,
        description="Each independent document's title, most common first (copies left out).",
    )


class IngestError(Record):
    """A document that could not be read; the batch goes on without it."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


# -- compare: the cross-outlet analysis of one story ------------------------------

FindingKind = Literal["agreed", "partial", "single-source", "conflict"]


class Evidence(Record):
    """The sentence a finding rests on: a document and a span of its article body."""

    doc_id: str
    outlet: str
    sentence: Span


class Finding(Record):
    kind: FindingKind
    statement: str = Field(
        description="The statement in neutral words (a representative sentence)."
    )
    outlets: list[str]
    evidence: list[Evidence]
    slot: str | None = Field(
        default=None,
        description="For a conflict: what differs (number, date, place, actor, speaker, negation).",
    )
    values: dict[str, str] = Field(
        default_factory=dict, description="For a conflict: each outlet's value, side by side."
    )


class Voice(Record):
    """Someone an outlet lets speak, and how much."""

    outlet: str
    speaker: str
    speaker_id: str | None
    quotes: int
    words: int
    only_here: bool = Field(description="No other outlet in the story quotes this speaker.")
    evidence: list[Evidence]


class Naming(Record):
    """How each outlet writes one canonical entity."""

    entity_id: str
    name: str
    label: str
    forms: dict[str, list[str]] = Field(description="Outlet to the surface forms it uses.")
    differs: bool = Field(description="Outlets write it differently.")


class LoadedTerm(Record):
    outlet: str
    text: str
    category: str = Field(description="loaded, name-calling, label, scare-quote, ...")
    quoted: bool = Field(
        description="Inside a quotation (the outlet reports it) or the outlet's own words."
    )
    evidence: Evidence


TimelineReference = Literal["article", "story", "unknown"]


class TimelineEntry(Record):
    start: date | None = Field(description="None when the date is unknown (see reference).")
    end: date | None = None
    text: str
    evidence: Evidence
    reference: TimelineReference = Field(
        default="article",
        description="What the date was resolved against: the article itself (its"
        " publication date or a full date), the story's day (the article is undated), or"
        " nothing (unknown).",
    )


class OutletCoverage(Record):
    outlet: str
    doc_ids: list[str]
    titles: list[str]
    copies: list[str] = Field(
        default_factory=list, description="Near-duplicate copies, not counted."
    )


class Comparison(Record):
    """Everything Parallax says about one story; every finding carries its evidence."""

    story_id: str | None
    title: str | None
    outlets: list[OutletCoverage]
    brief: list[str]
    findings: list[Finding]
    voices: list[Voice]
    naming: list[Naming]
    loaded: list[LoadedTerm]
    timeline: list[TimelineEntry]
