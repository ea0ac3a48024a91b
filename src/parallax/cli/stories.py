"""``parallax stories`` and ``story``: the story list and one story's documents."""

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
    errors,
    fail,
    open_store,
    print_json,
)
from parallax.cli.compare import FormatOption, OutputOption, check_format, emit
from parallax.compare import compare_story
from parallax.store import StoreError


@app.command("stories")
def stories_command(
    db: DbOption = DEFAULT_DB_PATH,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Stories, largest and most recent first, with the outlets that cover them and how
    many of their documents are near-duplicate copies of another."""
    with open_store(db) as store:
        stories = store.stories(limit=limit)
        copies = store.copies_per_story()
    if as_json:
        print_json([{**s.model_dump(), "copies": copies.get(s.id, 0)} for s in stories])
        return
    table = Table("story", "docs", "copies", "outlets", "first", "last", "title")
    for s in stories:
        table.add_row(
            s.id[:12],
            str(s.size),
            str(copies.get(s.id, 0)),
            ", ".join(s.outlets),
            f"{s.first:%Y-%m-%d}" if s.first else "",
            f"{s.last:%Y-%m-%d}" if s.last else "",
            s.title or "",
        )
    console.print(table)


@app.command("story")
def story_command(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
    fmt: FormatOption = "text",
    output: OutputOption = None,
) -> None:
    """One story: its documents, then the comparison of its outlets."""
    chosen = check_format(fmt)
    with open_store(db) as store:
        matches = [s for s in store.stories() if s.id.startswith(story_id)]
        if len(matches) != 1:
            fail(
                f"no story with id {story_id!r}"
                if not matches
                else f"story id {story_id!r} is ambiguous"
            )
        try:
            doc_ids = store.story_documents(matches[0].id)
        except StoreError as exc:
            fail(str(exc))
        articles = [store.article(doc_id) for doc_id in doc_ids]
        documents = []
        for doc_id, article in zip(doc_ids, articles, strict=True):
            annotations = store.annotations(doc_id)
            if article is None or annotations is None:
                errors.print(f"document {doc_id[:12]} is not cleaned and annotated; left out")
                continue
            documents.append((article, annotations, store.assignment(doc_id)))
    if as_json:
        print_json(
            {"story": matches[0].model_dump(), "documents": [a.model_dump() for a in articles if a]}
        )
        return
    comparison = compare_story(documents, story_id=matches[0].id)
    if chosen == "text" and output is None:
        table = Table("id", "outlet", "published", "title", title=matches[0].title)
        for a in articles:
            if a:
                table.add_row(
                    a.doc_id[:12],
                    a.outlet,
                    f"{a.published:%Y-%m-%d %H:%M}" if a.published else "",
                    a.title or "",
                )
        console.print(table)
    emit(comparison, chosen, output)
