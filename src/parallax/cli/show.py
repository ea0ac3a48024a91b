"""Terminal views of stored records, shared by the commands that print them."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from parallax.models import Annotations, Article, Assignment, RawDocument


def show_document(
    console: Console,
    document: RawDocument,
    article: Article | None,
    annotations: Annotations | None,
    assignment: Assignment | None,
    *,
    raw: bool = False,
) -> None:
    meta = Table.grid(padding=(0, 2))
    for name, value in [
        ("id", document.id),
        ("source", document.source),
        ("outlet", document.outlet),
        ("outlet name", document.outlet_name),
        ("url", document.url),
        ("language", document.language),
        ("published", article.published if article else document.published),
        ("byline", article.byline if article else None),
        ("story", assignment.story_id if assignment else None),
        ("copy of", assignment.duplicate_of if assignment else None),
    ]:
        if value:
            meta.add_row(f"[bold]{name}", escape(str(value)))
    console.print(meta)
    if raw:
        console.print(Panel(escape(document.content), title="raw input"))
    if article is None:
        console.print("[yellow]not cleaned yet")
        return
    heading = "\n".join(f"[bold]{escape(t)}" for t in (article.title, article.dek) if t)
    console.print(Panel(f"{heading}\n\n{escape(article.body)}".strip(), title="article"))
    if article.removed:
        removed = Table("removed", "why", title="removed lines")
        for line in article.removed:
            first, *more = line.text.split("\n")  # a run of lines dropped by one rule
            extra = f" [dim](+{len(more)} more lines)" if more else ""
            removed.add_row(escape(first[:100]) + extra, line.reason)
        console.print(removed)
    if annotations:
        show_annotations(console, annotations)


def show_annotations(console: Console, annotations: Annotations) -> None:
    entities = {e.id: e for e in annotations.entities}
    forms: dict[str, set[str]] = {}
    for mention in annotations.mentions:
        forms.setdefault(mention.entity_id, set()).add(mention.text)
    table = Table("entity", "type", "as written", title="entities")
    for entity_id, surfaces in forms.items():
        entity = entities.get(entity_id)
        table.add_row(
            escape(entity.name if entity else entity_id),
            entity.label if entity else "",
            escape(" | ".join(sorted(surfaces))),
        )
    console.print(table)
    if annotations.quotes:
        quotes = Table("speaker", "kind", "quote", title="quotes")
        for quote in annotations.quotes:
            speaker = entities.get(quote.speaker_id or "")
            name = speaker.name if speaker else (quote.speaker.text if quote.speaker else "?")
            quotes.add_row(escape(name), quote.kind, escape(quote.text))
        console.print(quotes)
    if annotations.dates:
        dates = Table("as written", "resolved", title="dates")
        for mention in annotations.dates:
            span = (
                f"{mention.value_start}"
                if mention.value_start == mention.value_end
                else f"{mention.value_start} .. {mention.value_end}"
            )
            dates.add_row(escape(mention.text), span)
        console.print(dates)
