"""The Typer app and what every subcommand shares: the database option and output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from parallax.store import DEFAULT_DB, Store, StoreError

app = typer.Typer(
    name="parallax",
    help="One news story, seen from every outlet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)

DbOption = Annotated[
    Path, typer.Option("--db", envvar="PARALLAX_DB", help="SQLite file (or database URL).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
DEFAULT_DB_PATH = DEFAULT_DB


def open_store(db: Path) -> Store:
    try:
        return Store(db)
    except StoreError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


def fail(message: str, code: int = 1) -> None:
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))
