"""The comparison in the terminal, with Rich."""

from __future__ import annotations

import io
from collections.abc import Mapping

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from parallax.models import Comparison
from parallax.outlets import shown_domain
from parallax.render.brief import brief
from parallax.render.headline import story_title
from parallax.render.sections import (
    conflict_values,
    date_range,
    findings_by_kind,
    independent,
    namer,
    one_line,
    slot_words,
)

KIND_STYLES = {"agreed": "green", "partial": "cyan", "conflict": "red", "single-source": "yellow"}


def _row(table: Table, *cells: str | Text) -> None:
    """Cells from articles are data, never Rich markup."""
    table.add_row(*(c if isinstance(c, Text) else Text(c) for c in cells))


def renderables(
    comparison: Comparison, names: Mapping[str, str] | None = None
) -> list[RenderableType]:
    name = namer(comparison, names)
    parts: list[RenderableType] = [Text(one_line(story_title(comparison)), style="bold underline")]
    outlets = Table("outlet", "articles", "title", "copies (not counted)", title="Outlets")
    for o in comparison.outlets:
        domain = shown_domain(o.outlet, name(o.outlet))
        _row(
            outlets,
            name(o.outlet) + (f" ({domain})" if domain else ""),
            str(len(o.doc_ids)),
            "; ".join(o.titles),
            ", ".join(copy[:8] for copy in o.copies),
        )
    parts.append(outlets)
    lines = brief(comparison, independent(comparison), name)
    if lines:
        parts.append(Text("Brief", style="bold"))
        parts += [Text(f"• {one_line(b)}") for b in lines]
    for kind, title, findings in findings_by_kind(comparison):
        table = Table(
            "statement",
            "outlets",
            "evidence",
            title=title,
            title_style=KIND_STYLES[kind],
            show_lines=True,
        )
        for f in findings:
            statement = Text(one_line(f.statement))
            if f.slot:
                statement.append(
                    f"\nThey differ on {slot_words(f.slot)}: {conflict_values(f, name)}",
                    style="bold red",
                )
            evidence = "\n".join(
                f"[{name(e.outlet)}] {one_line(e.sentence.text)}" for e in f.evidence
            )
            _row(table, statement, ", ".join(map(name, f.outlets)), evidence)
        parts.append(table)
    if comparison.voices:
        table = Table("outlet", "speaker", "statements", "words", "only here", title="Voices")
        for v in comparison.voices:
            _row(
                table,
                name(v.outlet),
                v.speaker,
                str(v.quotes),
                str(v.words),
                "yes" if v.only_here else "",
            )
        parts.append(table)
    if comparison.naming:
        table = Table("entity", "forms by outlet", "differs", title="Naming")
        for n in comparison.naming:
            forms = "\n".join(f"{name(o)}: {', '.join(f)}" for o, f in n.forms.items())
            _row(table, n.name, forms, "yes" if n.differs else "")
        parts.append(table)
    if comparison.loaded:
        table = Table("outlet", "term", "category", "voice", title="Loaded language")
        for t in comparison.loaded:
            _row(
                table, name(t.outlet), t.text, t.category, "quoted" if t.quoted else "outlet's own"
            )
        parts.append(table)
    if comparison.timeline:
        table = Table("date", "outlet", "what", title="Timeline")
        for t in comparison.timeline:
            _row(table, date_range(t), name(t.evidence.outlet), one_line(t.text))
        parts.append(table)
    return parts


def render_text(
    comparison: Comparison, width: int = 100, names: Mapping[str, str] | None = None
) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(Group(*renderables(comparison, names)))
    return console.file.getvalue()  # type: ignore[attr-defined]
