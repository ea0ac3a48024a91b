"""``parallax stories`` and ``story``: the story list and one story's documents."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from parallax.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    LimitOption,
    OffsetOption,
    app,
    console,
    errors,
    open_store,
    page_note,
    print_json,
    print_page,
)
from parallax.cli.compare import (
    FormatOption,
    OutputOption,
    check_format,
    emit,
    story_id_matching,
)
from parallax.outlets import name_stories, shown_domain
from parallax.render.headline import titled
from parallax.story_comparisons import stored_or_compared


@app.command("stories")
def stories_command(
    db: DbOption = DEFAULT_DB_PATH,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Stories, largest and most recent first, with the outlets that cover them and how
    many of their documents are copies of another outlet's text (syndicated)."""
    with open_store(db) as store:
        found = store.stories(limit=limit, offset=offset)
        stories = name_stories(
            titled(found), store.outlet_names({o for s in found for o in s.outlets})
        )
        total = store.count_stories()
        copies = store.copies_per_story()
    if as_json:
        rows = [{**s.model_dump(), "copies": copies.get(s.id, 0)} for s in stories]
        print_page("stories", rows, offset, limit, total)
        return
    table = Table("story", "articles", "copies", "outlets", "first", "last", "title")
    for s in stories:
        table.add_row(
            s.id[:8],
            str(s.size),
            str(copies.get(s.id, 0)),
            Text(", ".join(s.outlet_names)),  # names and titles are data, never markup
            f"{s.first:%Y-%m-%d}" if s.first else "",
            f"{s.last:%Y-%m-%d}" if s.last else "",
            Text(s.title or ""),
        )
    console.print(table)
    errors.print(page_note("stories", len(stories), offset, total), highlight=False)


@app.command("story")
def story_command(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
    fmt: FormatOption = "text",
    output: OutputOption = None,
) -> None:
    """One story: its documents, then the comparison of its outlets (the stored one
    when still fresh; otherwise compared now and stored)."""
    chosen = check_format(fmt)
    with open_store(db) as store:
        found = story_id_matching(story_id, store.story_ids())
        names = store.outlet_names(story_id=found)
        [summary] = name_stories(titled([store.story(found)]), names)
        articles = [store.article(doc_id) for doc_id in store.story_documents(found)]
        if as_json:
            print_json(
                {
                    "story": summary.model_dump(),
                    "documents": [
                        {**a.model_dump(), "outlet_name": names.get(a.outlet)}
                        for a in articles
                        if a
                    ],
                }
            )
            return
        comparison = stored_or_compared(store, found)
    if chosen == "text" and output is None:
        table = Table("article", "outlet", "published", "title", title=Text(summary.title or ""))
        for a in articles:
            if a:
                name = names.get(a.outlet, a.outlet)
                domain = shown_domain(a.outlet, name)
                table.add_row(
                    a.doc_id[:8],
                    Text(name + (f" ({domain})" if domain else "")),
                    f"{a.published:%Y-%m-%d %H:%M}" if a.published else "",
                    Text(a.title or ""),
                )
        console.print(table)
    emit(comparison, chosen, output, names)
