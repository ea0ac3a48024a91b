"""The Typer app and what every subcommand shares: the database option and output."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.segment import Segment

from parallax.ingest.normalize import strip_controls
from parallax.store import DEFAULT_DB, Store, StoreError

app = typer.Typer(
    name="parallax",
    help="One news story, seen from every outlet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class TerminalConsole(Console):
    """A console that prints no control character it was given: a WARC URL, feed id,
    file name or article holding ESC sequences would otherwise set the window title,
    clear the screen or fake a line of output. Rich's own codes (colours, the progress
    bar's cursor moves) are made after this, so they still work."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            Segment(text if control else strip_controls(text), style, control)
            for text, style, control in buffer
        )


console = TerminalConsole()
errors = TerminalConsole(stderr=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db", envvar="PARALLAX_DB", help="SQLite file, or a postgresql://user@host/db URL."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
LimitOption = Annotated[int, typer.Option(min=1, help="How many to list.")]
OffsetOption = Annotated[int, typer.Option(min=0, help="Skip this many (the next page).")]
DEFAULT_DB_PATH = str(DEFAULT_DB)


def open_store(db: str) -> Store:
    try:
        return Store(db)
    except StoreError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


def fail(message: str, code: int = 1) -> NoReturn:
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def echo(text: str, newline: bool = True) -> None:
    """Plain output (JSON, Markdown, HTML) to stdout, without control characters."""
    typer.echo(strip_controls(text), nl=newline)


def print_json(value: Any) -> None:
    echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def page_note(what: str, shown: int, offset: int, total: int) -> str:
    """'50 of 61 stories; next page: --offset 50', so a listing never hides that it is cut."""
    if shown == total:
        return f"{total} {what}"
    first, last = (offset + 1, offset + shown) if shown else (offset, offset)
    note = f"{first}-{last} of {total} {what}" if offset else f"{shown} of {total} {what}"
    if offset + shown < total:
        note += f"; next page: --offset {offset + shown}"
    return note


def print_page(what: str, rows: list[Any], offset: int, limit: int, total: int) -> None:
    """A listing as JSON: the page and where it sits in the whole."""
    print_json({"total": total, "offset": offset, "limit": limit, what: rows})
