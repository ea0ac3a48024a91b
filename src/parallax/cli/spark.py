"""``parallax spark`` (the pipeline as a Spark job) and ``parallax load`` (its output into the DB).

Spark is imported only when these commands run, so the rest of the CLI works
without the ``spark`` extra installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parallax.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    app,
    errors,
    fail,
    open_store,
    print_json,
)
from parallax.ingest.readers import MAX_DOCUMENT_BYTES

ERRORS_SHOWN = 20


@app.command("spark")
def spark_command(
    inputs: Annotated[
        list[str],
        typer.Option(
            "--input", help="File, folder or Hadoop URI (hdfs://, s3a://, globs); repeatable."
        ),
    ],
    output: Annotated[
        str, typer.Option(help="New folder or URI for the Parquet tables (must not exist).")
    ],
    master: Annotated[
        str | None,
        typer.Option(help="Spark master; default local[*], or what spark-submit set."),
    ] = None,
    partitions: Annotated[
        int | None, typer.Option(help="Partitions for clean+annotate; default 4 per core.")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per spaCy batch.")] = 32,
    max_mb: Annotated[float, typer.Option(help="Largest document accepted, in MB.")] = (
        MAX_DOCUMENT_BYTES / (1024 * 1024)
    ),
    as_json: JsonOption = False,
) -> None:
    """Run ingest, clean, annotate and stories as a Spark job; write Parquet tables.

    The result equals what `parallax ingest` would store; `parallax load` stores it.
    """
    try:
        from parallax.spark.job import JobError, run_job
        from parallax.spark.session import spark_session
    except ImportError as exc:
        fail(f"Spark is not installed ({exc}); install the 'spark' extra")
    spark = spark_session(master)
    try:
        report = run_job(
            spark,
            inputs,
            output,
            partitions=partitions,
            batch_size=batch_size,
            max_bytes=int(max_mb * 1024 * 1024),
        )
    except JobError as exc:
        fail(str(exc))
    finally:
        spark.stop()
    if as_json:
        print_json(
            {
                "output": report.output,
                "documents": report.documents,
                "stories": report.stories,
                "errors": [e.model_dump() for e in report.errors],
            }
        )
    else:
        for error in report.errors[:ERRORS_SHOWN]:
            errors.print(f"[red]error[/] {error}", highlight=False, markup=False)
        if len(report.errors) > ERRORS_SHOWN:
            errors.print(f"... and {len(report.errors) - ERRORS_SHOWN} more in {output}/errors")
        errors.print(
            f"{report.documents} documents in {report.stories} stories written to {output}, "
            f"{len(report.errors)} failed"
        )
    if report.errors:
        raise typer.Exit(1)


@app.command("load")
def load_command(
    directory: Annotated[Path, typer.Argument(help="Output folder of `parallax spark`.")],
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Store a Spark job's output in the database; documents already there are left alone."""
    try:
        from parallax.spark.load import LoadError, load_output
    except ImportError as exc:
        fail(f"loading Parquet needs the 'spark' extra ({exc})")
    with open_store(db) as store:
        try:
            report = load_output(directory, store)
        except LoadError as exc:
            fail(str(exc))
    if as_json:
        print_json({"added": report.added, "unchanged": report.unchanged})
    else:
        errors.print(f"{len(report.added)} added, {len(report.unchanged)} already stored")
        if report.added:
            errors.print("`parallax compare --stories` prepares their story pages now.")
