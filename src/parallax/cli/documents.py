"""``parallax documents``, ``document`` and ``stats``: what the database holds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from parallax.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    app,
    console,
    fail,
    open_store,
    print_json,
)
from parallax.cli.show import show_document
from parallax.store import StoreError


@app.command("documents")
def documents_command(
    db: DbOption = DEFAULT_DB_PATH,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored documents, newest first."""
    with open_store(db) as store:
        docs = store.documents(limit=limit, offset=offset, outlet=outlet)
        # What the cleaner found beats what the file declared, when there is one.
        rows = []
        for d in docs:
            best = store.article(d.id) or d
            rows.append(
                d.model_dump(exclude={"content"})
                | {"title": best.title, "published": best.published}
            )
    if as_json:
        print_json(rows)
        return
    table = Table("id", "outlet", "published", "title", "source")
    for row in rows:
        table.add_row(
            row["id"][:12],
            row["outlet"],
            f"{row['published']:%Y-%m-%d %H:%M}" if row["published"] else "",
            row["title"] or "",
            row["source"],
        )
    console.print(table)


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
