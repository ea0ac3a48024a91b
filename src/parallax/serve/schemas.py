"""Typed answers of the JSON API; the OpenAPI schema is generated from these."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from parallax.models import (
    Annotations,
    Article,
    Comparison,
    Entity,
    IngestError,
    RawDocument,
    StorySummary,
)


class DocumentSummary(BaseModel):
    id: str
    outlet: str
    outlet_name: str | None = None
    """The publisher's name for the outlet, when known."""
    title: str | None
    published: datetime | None
    story_id: str | None
    duplicate_of: str | None


class StoryList(BaseModel):
    stories: list[StorySummary]
    offset: int
    limit: int
    more: bool


class StoryDetail(BaseModel):
    story: StorySummary
    documents: list[DocumentSummary]
    comparison: Comparison
    comparison_note: str | None = None
    outlet_names: dict[str, str] = {}
    """What a reader sees for each outlet label of the comparison."""


class DocumentDetail(BaseModel):
    document: DocumentSummary
    article: Article | None
    annotations: Annotations | None
    raw: RawDocument


class SurfaceForm(BaseModel):
    outlet: str
    document: str | None = None
    """For an unknown outlet, the document: each such document speaks for itself."""
    surface: str
    mentions: int


class EntitySummary(BaseModel):
    entity: Entity
    documents: int


class EntityDetail(BaseModel):
    entity: Entity
    forms: list[SurfaceForm]
    stories: list[StorySummary]


class OutletSummary(BaseModel):
    outlet: str
    name: str | None = None
    """The publisher's name when known ("no known outlet" for ``unknown``); ``outlet``
    is its domain."""
    documents: int
    stories: int


class SpeakerCount(BaseModel):
    speaker: str
    speaker_id: str | None
    quotes: int
    words: int


class OutletDetail(BaseModel):
    outlet: OutletSummary
    stories: list[StorySummary]
    voices: list[SpeakerCount]


class IngestResult(BaseModel):
    added: list[str]
    unchanged: list[str]
    errors: list[IngestError]
