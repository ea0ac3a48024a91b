"""The ``parallax`` command: one module per group of subcommands, all on one Typer app."""

from parallax.cli import compare, documents, ingest, serve, stories  # noqa: F401 - registers the commands
from parallax.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
