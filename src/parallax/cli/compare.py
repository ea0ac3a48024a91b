"""``parallax compare FILE FILE...``: files straight to one story's comparison, no database."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from parallax.annotate import Annotator
from parallax.clean import clean
from parallax.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    app,
    console,
    echo,
    errors,
    fail,
    open_store,
    print_json,
)
from parallax.compare import compare_story
from parallax.ingest import read_paths
from parallax.models import Article, Comparison, IngestError, RawDocument
from parallax.render import FORMATS, Format, render
from parallax.render.terminal import renderables
from parallax.stories import Clusterer
from parallax.story_comparisons import compare_stories

FormatOption = Annotated[
    str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


def check_format(fmt: str) -> Format:
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt  # type: ignore[return-value]


def emit(
    comparison: Comparison,
    fmt: Format,
    output: Path | None,
    names: Mapping[str, str] | None = None,
) -> None:
    """Print or write the rendered comparison, outlets under their publishers' ``names``;
    the terminal gets Rich's own rendering."""
    if output is not None:
        output.write_text(render(comparison, fmt, names=names), encoding="utf-8")
        errors.print(f"wrote {escape(str(output))}", highlight=False)
    elif fmt == "text":
        for part in renderables(comparison, names):
            console.print(part)
    else:
        echo(render(comparison, fmt, names=names), newline=False)


def source_label(raw: RawDocument) -> str:
    """A short name for a document of unknown outlet: its file name without suffixes."""
    name = Path(raw.source.split("#", 1)[0]).name
    return name.split(".", 1)[0][:24] or raw.id[:8]


def story_id_matching(prefix: str, story_ids: list[str]) -> str:
    """The one story id starting with ``prefix`` (ids may be shortened, as documents' are)."""
    matches = [s for s in story_ids if s.startswith(prefix)]
    if len(matches) != 1:
        fail(f"no story with id {prefix!r}" if not matches else f"story id {prefix!r} is ambiguous")
    return matches[0]


@app.command("compare")
def compare_command(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files (or folders) of one story; with --stories, story ids "
            "(all stories if none).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = "text",
    output: OutputOption = None,
    stories: Annotated[
        bool,
        typer.Option(
            "--stories",
            help="Compare the database's stories and store the comparisons their pages show; "
            "those still fresh are skipped.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="With --stories, compare fresh ones again too.")
    ] = False,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Compare the given articles as one story: agreed, single-source, conflicts, voices,
    naming, loaded language. With --stories, (re)compute the stored comparisons of the
    database's stories instead."""
    if stories:
        store_comparisons(targets or [], db, force=force, as_json=as_json)
        return
    if not targets:
        fail("give the article files of one story (or --stories to compare stored stories)")
    files = [Path(target) for target in targets or []]
    chosen = check_format(fmt)
    raws: list[RawDocument] = []
    failed = False
    for result in read_paths(files):
        if isinstance(result, IngestError):
            errors.print(f"[red]skipped[/] {escape(str(result))}", highlight=False)
            failed = True
        else:
            raws.append(result)
    if not raws:
        fail("no readable article among the given files")
    articles: list[Article] = []
    for raw in raws:
        article = clean(raw)
        if article.outlet == "unknown":
            article = article.model_copy(update={"outlet": source_label(raw)})
        articles.append(article)
    annotator = Annotator()
    annotated = list(annotator.annotate_docs(articles))
    pairs = [(a, n) for a, (n, _) in zip(articles, annotated, strict=True)]
    # Only the near-duplicate links are used: the files are one story by the user's word.
    assignments = Clusterer().add_many(pairs)
    comparison = compare_story(
        [(a, n, s) for (a, n), s in zip(pairs, assignments, strict=True)],
        nlp=annotator.nlp,
        parsed={a.doc_id: doc for a, (_, doc) in zip(articles, annotated, strict=True)},
    )
    names = {
        a.outlet: raw.outlet_name for a, raw in zip(articles, raws, strict=True) if raw.outlet_name
    }
    emit(comparison, chosen, output, names)
    if failed:
        raise typer.Exit(1)


def store_comparisons(prefixes: list[str], db: str, *, force: bool, as_json: bool) -> None:
    """Backfill: compare the stories whose stored comparison is missing or stale."""
    with open_store(db) as store:
        known = store.story_ids()
        chosen = [story_id_matching(p, known) for p in prefixes] if prefixes else known
        with Progress(
            TextColumn("[bold]compare"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors,
            disable=as_json or len(chosen) < 2,
            transient=True,
        ) as bar:
            task = bar.add_task("stories", total=len(chosen))
            report = compare_stories(
                store,
                chosen,
                force=force,
                progress=lambda _story, _status: bar.advance(task),
            )
    if as_json:
        print_json({"compared": report.compared, "fresh": report.fresh, "failed": report.failed})
    else:
        for story_id, reason in report.failed.items():
            errors.print(f"[red]error[/] story {story_id}: {escape(reason)}", highlight=False)
        errors.print(
            f"{len(report.compared)} compared, {len(report.fresh)} already fresh, "
            f"{len(report.failed)} failed"
        )
    if report.failed:
        raise typer.Exit(1)
