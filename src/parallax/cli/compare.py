"""``parallax compare FILE FILE...``: files straight to one story's comparison, no database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from parallax.annotate import Annotator
from parallax.clean import clean
from parallax.cli.app import app, console, errors, fail
from parallax.compare import compare_story
from parallax.ingest import read_paths
from parallax.models import Article, Comparison, IngestError, RawDocument
from parallax.render import FORMATS, Format, render
from parallax.render.terminal import renderables
from parallax.stories import Clusterer

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


def emit(comparison: Comparison, fmt: Format, output: Path | None) -> None:
    """Print or write the rendered comparison; the terminal gets Rich's own rendering."""
    if output is not None:
        output.write_text(render(comparison, fmt), encoding="utf-8")
        errors.print(f"wrote {escape(str(output))}", highlight=False)
    elif fmt == "text":
        for part in renderables(comparison):
            console.print(part)
    else:
        typer.echo(render(comparison, fmt), nl=False)


def source_label(raw: RawDocument) -> str:
    """A short name for a document of unknown outlet: its file name without suffixes."""
    name = Path(raw.source.split("#", 1)[0]).name
    return name.split(".", 1)[0][:24] or raw.id[:8]


@app.command("compare")
def compare_command(
    files: Annotated[list[Path], typer.Argument(help="Article files (or folders) of one story.")],
    fmt: FormatOption = "text",
    output: OutputOption = None,
) -> None:
    """Compare the given articles as one story: agreed, single-source, conflicts, voices,
    naming, loaded language."""
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
    annotations = annotator.annotate(articles)
    pairs = list(zip(articles, annotations, strict=True))
    # Only the near-duplicate links are used: the files are one story by the user's word.
    assignments = Clusterer().add_many(pairs)
    comparison = compare_story(
        [(a, n, s) for (a, n), s in zip(pairs, assignments, strict=True)], nlp=annotator.nlp
    )
    emit(comparison, chosen, output)
    if failed:
        raise typer.Exit(1)
