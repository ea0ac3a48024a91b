"""``parallax ingest``: files and folders into the database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from parallax.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    app,
    errors,
    open_store,
    print_json,
)
from parallax.ingest.readers import MAX_DOCUMENT_BYTES, input_files, read_path
from parallax.pipeline import IngestReport, Outcome, ingest

PROGRESS_AFTER = 5
ERRORS_SHOWN = 20
"""Error lines printed one by one; the rest are counted in the summary by reason."""
REASONS_SHOWN = 10


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders, read recursively.")],
    db: DbOption = DEFAULT_DB_PATH,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    as_json: JsonOption = False,
    max_mb: Annotated[float, typer.Option(help="Largest document accepted, in MB.")] = (
        MAX_DOCUMENT_BYTES / (1024 * 1024)
    ),
    compare: Annotated[
        bool,
        typer.Option(
            "--compare/--no-compare",
            help="Compare each story the run added to and store it, so its page opens at once "
            "(--no-compare for a bulk load; `parallax compare --stories` catches up later).",
        ),
    ] = True,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Processes that annotate (the language model); default: one per core. "
            "The result is the same for any number.",
        ),
    ] = os.cpu_count() or 1,
) -> None:
    """Read articles (.txt, .html, .json/.jsonl, WARC, RSS/Atom) and run the pipeline on them.

    Documents already stored are left as they are; a bad file is reported and the rest go on.
    """
    store = open_store(db)
    files = list(input_files(paths))
    max_bytes = int(max_mb * 1024 * 1024)
    show_bar = not quiet and not as_json and len(files) > PROGRESS_AFTER
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=errors,
        disable=not show_bar,
        transient=True,
    ) as bar:
        task = bar.add_task("files", total=len(files))

        def outcomes() -> Iterator[Outcome]:
            """Documents streamed file by file, so a large archive is never all in memory."""
            for path in files:
                bar.update(task, description=path.name[-40:])
                yield from read_path(path, max_bytes)
                bar.advance(task)

        failures = 0

        def advance(outcome: Outcome, status: str) -> None:
            nonlocal failures
            if status != "error" or as_json:
                return
            failures += 1
            if failures <= ERRORS_SHOWN:
                errors.print(Text.assemble(("error ", "red"), str(outcome)), soft_wrap=True)
            elif failures == ERRORS_SHOWN + 1:
                errors.print("... more errors are counted below, not shown one by one")

        report = ingest(outcomes(), store, progress=advance, compare=compare, workers=workers)
    store.close()
    if as_json:
        print_json(
            {
                "added": report.added,
                "unchanged": report.unchanged,
                "compared": report.compared,
                "errors": [e.model_dump() for e in report.errors],
            }
        )
    else:
        if len(report.errors) > ERRORS_SHOWN:
            print_reasons(report)
        if not quiet:
            errors.print(
                f"{len(report.added)} added, {len(report.unchanged)} already stored, "
                f"{len(report.errors)} failed"
                + (f", {len(report.compared)} stories compared" if report.compared else "")
            )
    if report.failed:
        raise typer.Exit(1)


def print_reasons(report: IngestReport) -> None:
    """The errors counted by reason, most frequent first."""
    reasons = report.errors_by_reason().most_common()
    errors.print("errors by reason:", highlight=False)
    for reason, count in reasons[:REASONS_SHOWN]:
        errors.print(f"  {count:>8,}  {reason}", highlight=False, markup=False)
    if len(reasons) > REASONS_SHOWN:
        rest = sum(count for _, count in reasons[REASONS_SHOWN:])
        errors.print(f"  {rest:>8,}  ({len(reasons) - REASONS_SHOWN} other reasons)")
