"""The JSON API under /api: everything the pages show, as typed records."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from parallax.serve.schemas import (
    DocumentDetail,
    EntityDetail,
    EntitySummary,
    IngestResult,
    OutletDetail,
    OutletSummary,
    StoryDetail,
    StoryList,
)
from parallax.serve.security import require_token
from parallax.serve.site import Site, StoryFilters
from parallax.serve.uploads import Upload, UploadIngester
from parallax.store import StoreError

router = APIRouter(prefix="/api", tags=["api"])
MULTIPART_OVERHEAD = 64 * 1024
MAX_FORM_FIELDS = 8


def site(request: Request) -> Site:
    return request.app.state.site


SiteDep = Annotated[Site, Depends(site)]


def not_found(exc: StoreError) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, str(exc))


DAY = r"^(\d{4}-\d{2}-\d{2})?$"
LAST_DAY = date.max - timedelta(days=1)


def _day(value: str | None, name: str) -> date | None:
    """An ISO day; the empty string an HTML form sends for a blank field means none."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name}: not a day (YYYY-MM-DD)"
        ) from exc
    if day > LAST_DAY:  # 'until' is searched up to the day after, which must exist
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"{name}: out of range (after {LAST_DAY})")
    return day


def story_filters(
    q: Annotated[
        str | None,
        Query(description="Full-text search: documents with every word, accents ignored."),
    ] = None,
    outlet: str | None = None,
    since: Annotated[
        str | None, Query(pattern=DAY, description="First publication day, inclusive.")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=DAY, description="Last publication day, inclusive.")
    ] = None,
    entity: Annotated[str | None, Query(description="Canonical entity id.")] = None,
) -> StoryFilters:
    return StoryFilters(
        query=q or None,
        outlet=outlet or None,
        since=_day(since, "since"),
        until=_day(until, "until"),
        entity=entity or None,
    )


FiltersDep = Annotated[StoryFilters, Depends(story_filters)]


@router.get("/stories", response_model=StoryList)
def list_stories(
    site: SiteDep,
    filters: FiltersDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> StoryList:
    """Stories, largest and newest first, each under its neutral title; filters combine."""
    found = site.stories(filters, offset=offset, limit=limit + 1)
    return StoryList(stories=found[:limit], offset=offset, limit=limit, more=len(found) > limit)


@router.get("/stories/{story_id:path}", response_model=StoryDetail)
def get_story(site: SiteDep, story_id: str) -> StoryDetail:
    """One story and its comparison; the id may be shortened to a unique prefix."""
    try:
        return site.story_page(site.store.resolve_story_id(story_id)).detail
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/documents/{doc_id}", response_model=DocumentDetail)
def get_document(site: SiteDep, doc_id: str) -> DocumentDetail:
    """One document: its cleaned article, annotations and raw input (id or prefix)."""
    try:
        return site.document(doc_id)
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/entities", response_model=list[EntitySummary])
def list_entities(
    site: SiteDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[EntitySummary]:
    return site.entities(limit)


@router.get("/entities/{entity_id:path}", response_model=EntityDetail)
def get_entity(site: SiteDep, entity_id: str) -> EntityDetail:
    """One entity: every form each outlet writes, and its stories."""
    try:
        return site.entity(entity_id)
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/outlets", response_model=list[OutletSummary])
def list_outlets(site: SiteDep) -> list[OutletSummary]:
    return site.outlets()


@router.get("/outlets/{outlet:path}", response_model=OutletDetail)
def get_outlet(site: SiteDep, outlet: str) -> OutletDetail:
    """One outlet: its stories and the voices it quotes most."""
    try:
        return site.outlet(outlet)
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/stats", response_model=dict[str, int])
def get_stats(site: SiteDep) -> dict[str, int]:
    return site.store.stats()


UPLOAD_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Article files: .txt, .html, .json/.jsonl, WARC, RSS/Atom.",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/documents",
    response_model=IngestResult,
    dependencies=[Depends(require_token)],
    openapi_extra=UPLOAD_SCHEMA,
    responses={401: {}, 403: {}, 411: {}, 413: {}, 422: {}},
)
async def upload_documents(request: Request, site: SiteDep) -> IngestResult:
    """Ingest uploaded files (needs the server's bearer token); limits refuse oversize input."""
    settings = site.settings
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise HTTPException(status.HTTP_411_LENGTH_REQUIRED, "Content-Length required")
    if int(declared) > settings.max_upload_files * settings.max_upload_bytes + MULTIPART_OVERHEAD:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "upload too large")
    async with request.form(
        max_files=settings.max_upload_files, max_fields=MAX_FORM_FIELDS
    ) as form:
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        if not files:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "no files in field 'files'")
        for upload in files:
            if upload.size is None or upload.size > settings.max_upload_bytes:
                raise HTTPException(
                    status.HTTP_413_CONTENT_TOO_LARGE,
                    f"{upload.filename}: over {settings.max_upload_bytes} bytes",
                )
        uploads = [Upload(name=upload.filename or "", stream=upload.file) for upload in files]
        ingester: UploadIngester = request.app.state.uploads
        # inside the form's context: its files (spooled to disk) close when it ends
        return await run_in_threadpool(ingester.ingest, uploads)
