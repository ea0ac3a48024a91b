"""``parallax stories`` lists each story with its size, copies and outlets."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from parallax.cli import app
from parallax.models import Annotations, Article, RawDocument
from parallax.store import Store
from parallax.stories import Clusterer

BODY = (
    "The harbour bridge in Velmora reopened on Friday after two years of repairs, the city "
    "engineer Ada Kostel said, and the first trams crossed it at noon.\n\nRepairs cost 41 "
    "million crowns, more than twice the first estimate, and traffic on the coast road fell "
    "by a third while the bridge was closed."
)


def _ingest(store: Store, clusterer: Clusterer, doc_id: str, outlet: str, body: str) -> None:
    article = Article(
        doc_id=doc_id,
        outlet=outlet,
        title="Velmora harbour bridge reopens",
        body=body,
        published=datetime(2026, 2, 6, tzinfo=UTC),
    )
    raw = RawDocument(id=doc_id, source=f"{doc_id}.txt", format="text", content=body, outlet=outlet)
    assignment, features = clusterer.add_with_features(article, Annotations(doc_id=doc_id))
    store.save(raw, article, Annotations(doc_id=doc_id), assignment, story_features=features)


def test_the_story_list_counts_copies(tmp_path: Path) -> None:
    db = tmp_path / "stories.db"
    clusterer = Clusterer()
    with Store(db) as store:
        _ingest(store, clusterer, "b1", "coast.example", BODY)
        _ingest(
            store, clusterer, "b2", "harbour.example", BODY + "\n\nFirst published by Coast Wire."
        )
    result = CliRunner().invoke(app, ["stories", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    (story,) = json.loads(result.output)
    assert (story["id"], story["size"], story["copies"]) == ("b1", 2, 1)
    assert story["outlets"] == ["coast.example"]  # the copy brings no outlet of its own
    table = CliRunner().invoke(app, ["stories", "--db", str(db)])
    header, row = table.output.splitlines()[1], table.output.splitlines()[3]
    assert [c.strip() for c in header.split("┃")[1:4]] == ["story", "docs", "copies"]
    assert [c.strip() for c in row.split("│")[1:4]] == ["b1", "2", "1"]
