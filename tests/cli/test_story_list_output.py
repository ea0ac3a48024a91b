"""``parallax stories`` and ``story`` print outlets' names and titles from outside as
text: square brackets in them are never Rich markup (a link, a style)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from parallax.cli import app
from parallax.models import Article, Assignment, RawDocument
from parallax.store import Store

NAME = "[link=https://evil.example]Harbour Post[/link]"
TITLE = "[bold red]Ferry strike[/]"


def test_names_and_titles_print_as_given(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    with Store(db) as store:
        store.save(
            RawDocument(
                id="a" * 16,
                source="a.html",
                format="text",
                content="x",
                outlet="harbourpost.example",
                outlet_name=NAME,
            ),
            Article(
                doc_id="a" * 16,
                outlet="harbourpost.example",
                title=TITLE,
                body="Ferry crews struck on Monday.",
                published=datetime(2026, 3, 2, tzinfo=UTC),
            ),
            assignment=Assignment(doc_id="a" * 16, story_id="ferry"),
        )
    listed = CliRunner().invoke(app, ["stories", "--db", str(db)], env={"COLUMNS": "300"})
    assert listed.exit_code == 0, listed.output
    assert NAME in listed.stdout and TITLE in listed.stdout
