"""Server-rendered pages; each works without JavaScript."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from parallax.outlets import shown_domain
from parallax.render.sections import plural, slot_words
from parallax.serve import words
from parallax.serve.api import FiltersDep, SiteDep
from parallax.serve.marked import SentenceIndex, mark_body, quote_marks
from parallax.serve.story_findings import FINDING_KINDS, MAX_CONFLICT_CARDS

templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
)
templates.env.filters.update(
    entity_label=words.entity_label,
    slot=slot_words,
    plural=plural,
    short_id=words.short_id,
    web_link=words.web_link,
    outlet_href=words.outlet_href,
    domain_after=lambda name, label: shown_domain(label, name or label),
)
templates.env.globals.update(
    KINDS=words.KINDS, KIND_MARKS=words.KIND_MARKS, SLOT_NOTES=words.SLOT_NOTES, LOADED=words.LOADED
)
SUGGESTIONS = 500
"""Entity names offered as one types (the most mentioned)."""
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def compile_templates() -> None:
    """Compiled at start-up, so no visitor's first page waits for it."""
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)


def invalid_parameters(exc: RequestValidationError) -> str:
    """A page's bad query parameters, said in a sentence."""
    problems = [f"{error['loc'][-1]}: {error['msg']}" for error in exc.errors() if error.get("loc")]
    return "The address has a value this page cannot use — " + "; ".join(problems) + "."


def render(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=code)


@router.get("/")
def story_list(request: Request, site: SiteDep, filters: FiltersDep, page: int = 1) -> HTMLResponse:
    size = site.settings.page_size
    page = max(1, page)
    found = site.stories(filters, offset=(page - 1) * size, limit=size + 1)
    return render(
        request,
        "stories.html",
        stories=found[:size],
        more=len(found) > size,
        page=page,
        filters=filters,
        outlets=site.outlets(),
        suggestions=site.entities(SUGGESTIONS),
    )


@router.get("/stories/{story_id:path}")
def story_page(request: Request, site: SiteDep, story_id: str) -> Response:
    """A shortened id answers with the story's own address."""
    full = site.store.resolve_story_id(story_id)
    if full != story_id:
        return RedirectResponse(f"/stories/{quote(full, safe='')}", status_code=307)
    page = templates.get_template("story.html")
    return HTMLResponse(
        site.story_html(
            full,
            lambda view: page.render(view=view, kinds=FINDING_KINDS, cards=MAX_CONFLICT_CARDS),
        )
    )


@router.get("/documents/{doc_id}")
def document_page(request: Request, site: SiteDep, doc_id: str) -> HTMLResponse:
    detail = site.document(doc_id)
    original = (
        site.store.document(detail.document.duplicate_of) if detail.document.duplicate_of else None
    )
    paragraphs = []
    if detail.article:
        sentences = detail.annotations.sentences if detail.annotations else []
        paragraphs = mark_body(
            detail.article.body,
            SentenceIndex(detail.article.body, sentences),
            quote_marks(detail.annotations),
        )
    return render(request, "document.html", detail=detail, paragraphs=paragraphs, original=original)


@router.get("/entities")
def entity_list(request: Request, site: SiteDep, q: str = "") -> HTMLResponse:
    found = site.find_entities(q, SUGGESTIONS) if q.strip() else site.entities(SUGGESTIONS)
    return render(
        request, "entities.html", entities=found, query=q, suggestions=site.entities(SUGGESTIONS)
    )


@router.get("/entities/{entity_id:path}")
def entity_page(request: Request, site: SiteDep, entity_id: str) -> HTMLResponse:
    detail = site.entity(entity_id)
    by_source: dict[tuple[str, str | None], list[tuple[str, int]]] = {}
    for form in detail.forms:
        by_source.setdefault((form.outlet, form.document), []).append((form.surface, form.mentions))
    spellings = Counter[str]()
    for form in detail.forms:
        spellings[form.surface] += form.mentions
    return render(
        request,
        "entity.html",
        detail=detail,
        names=site.store.outlet_names({form.outlet for form in detail.forms}),
        by_source=by_source,
        spellings=[surface for surface, _ in spellings.most_common()],
    )


@router.get("/outlets")
def outlet_list(request: Request, site: SiteDep) -> HTMLResponse:
    return render(request, "outlets.html", outlets=site.outlets())


@router.get("/outlets/{outlet:path}")
def outlet_page(request: Request, site: SiteDep, outlet: str) -> HTMLResponse:
    return render(request, "outlet.html", detail=site.outlet(outlet))


@router.get("/api")
def api_page(request: Request) -> HTMLResponse:
    """The JSON API described for a person; the machine-readable form is /api/openapi.json."""
    schema = request.app.openapi()
    endpoints = [
        (
            method.upper(),
            path,
            operation.get("summary", ""),
            operation.get("description", ""),
            [p["name"] for p in operation.get("parameters", [])],
        )
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "api.html", endpoints=endpoints)
