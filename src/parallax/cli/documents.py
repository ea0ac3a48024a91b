"""``parallax documents``, ``document`` and ``stats``: what the database holds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from parallax.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    LimitOption,
    OffsetOption,
    app,
    console,
    errors,
    fail,
    open_store,
    page_note,
    print_json,
    print_page,
)
from parallax.cli.show import show_document
from parallax.store import StoreError


@app.command("documents")
def documents_command(
    db: DbOption = DEFAULT_DB_PATH,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored documents, newest first, with each one's story and the document it
    copies (a copy is syndicated, not a second outlet agreeing)."""
    with open_store(db) as store:
        docs = store.document_listing(limit=limit, offset=offset, outlet=outlet)
        total = store.count_documents(outlet=outlet)
    if as_json:
        print_page("documents", [d.model_dump() for d in docs], offset, limit, total)
        return
    table = Table("id", "outlet", "published", "story", "copy of", "title", "source")
    for d in docs:
        table.add_row(
            d.id[:12],
            d.outlet,
            f"{d.published:%Y-%m-%d %H:%M}" if d.published else "",
            (d.story_id or "")[:12],
            (d.copy_of or "")[:12],
            d.title or "",
            d.source,
        )
    console.print(table)
    errors.print(page_note("documents", len(docs), offset, total), highlight=False)


@app.command("document")
def document_command(
    doc_id: Annotated[str, typer.Argument(help="Document id or a unique prefix of it.")],
    db: DbOption = DEFAULT_DB_PATH,
    raw: Annotated[bool, typer.Option("--raw", help="Also print the raw input.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one document: metadata, cleaned article, removed lines, annotations."""
    with open_store(db) as store:
        try:
            document = store.document(doc_id)
        except StoreError as exc:
            fail(str(exc))
        article = store.article(document.id)
        annotations = store.annotations(document.id)
        assignment = store.assignment(document.id)
    if as_json:
        print_json(
            {
                "document": document.model_dump(exclude=set() if raw else {"content"}),
                "article": article.model_dump() if article else None,
                "annotations": annotations.model_dump() if annotations else None,
                "story": assignment.model_dump() if assignment else None,
            }
        )
        return
    show_document(console, document, article, annotations, assignment, raw=raw)


@app.command("stats")
def stats_command(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Counts of documents, articles, stories, outlets and entities."""
    with open_store(db) as store:
        stats = store.stats()
    if as_json:
        print_json(stats)
        return
    table = Table("what", "count")
    for name, count in stats.items():
        table.add_row(name, str(count))
    console.print(table)
