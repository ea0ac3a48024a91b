"""The ``parallax`` command: one module per group of subcommands, all on one Typer app."""

from rich.text import Text

from parallax.cli import compare, documents, ingest, serve, spark, stories, watch  # noqa: F401 - registers the commands
from parallax.cli.app import app, errors
from parallax.store import StoreError


def main() -> None:
    try:
        app()
    except StoreError as exc:  # locked or full database mid-command: the user's to fix
        errors.print(Text.assemble(("error: ", "bold red"), str(exc)), soft_wrap=True)
        raise SystemExit(1) from None


__all__ = ["app", "main"]
