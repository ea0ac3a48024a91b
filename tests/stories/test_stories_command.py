"""``parallax stories`` lists each story with its size, copies and outlets."""

from __future__ import annotations

import json
from datetime import UTC, datetime

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


def _ingest(
    store: Store,
    clusterer: Clusterer,
    doc_id: str,
    outlet: str,
    body: str,
    title: str = "Velmora harbour bridge reopens",
) -> None:
    article = Article(
        doc_id=doc_id,
        outlet=outlet,
        title=title,
        body=body,
        published=datetime(2026, 2, 6, tzinfo=UTC),
    )
    raw = RawDocument(id=doc_id, source=f"{doc_id}.txt", format="text", content=body, outlet=outlet)
    assignment, features = clusterer.add_with_features(article, Annotations(doc_id=doc_id))
    store.save(raw, article, Annotations(doc_id=doc_id), assignment, story_features=features)


def test_the_story_list_counts_copies(database: str) -> None:
    db = database
    clusterer = Clusterer()
    with Store(db) as store:
        _ingest(store, clusterer, "b1", "coast.example", BODY)
        _ingest(
            store, clusterer, "b2", "harbour.example", BODY + "\n\nFirst published by Coast Wire."
        )
    result = CliRunner().invoke(app, ["stories", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    listing = json.loads(result.output)
    assert (listing["total"], listing["offset"]) == (1, 0)
    (story,) = listing["stories"]
    assert (story["id"], story["size"], story["copies"]) == ("b1", 2, 1)
    assert story["outlets"] == ["coast.example"]  # the copy brings no outlet of its own
    table = CliRunner().invoke(app, ["stories", "--db", db])
    header, row = table.output.splitlines()[1], table.output.splitlines()[3]
    assert [c.strip() for c in header.split("┃")[1:4]] == ["story", "articles", "copies"]
    assert [c.strip() for c in row.split("│")[1:4]] == ["b1", "2", "1"]


OTHERS = [
    "Farmers in the northern valley harvested a record crop of barley this autumn, the "
    "agriculture board reported, after a wet spring and a mild summer.",
    "The national orchestra named a new conductor, Lena Orvik, who will lead its winter "
    "season of twelve concerts in the capital's old opera house.",
]


def test_listings_say_how_many_of_how_many_and_page(database: str) -> None:
    db = database
    clusterer = Clusterer()
    with Store(db) as store:
        _ingest(store, clusterer, "d0", "o0.example", BODY)
        for n, other in enumerate(OTHERS, start=1):
            _ingest(store, clusterer, f"d{n}", f"o{n}.example", other, other[:30])
        _ingest(store, clusterer, "d3", "copy.example", BODY + "\n\nFirst published by Wire.")
    runner = CliRunner()
    first = runner.invoke(app, ["documents", "--db", db, "--limit", "2"])
    assert "2 of 4 documents; next page: --offset 2" in first.output
    second = json.loads(
        runner.invoke(
            app, ["documents", "--db", db, "--limit", "2", "--offset", "2", "--json"]
        ).output
    )
    assert (second["total"], second["offset"], len(second["documents"])) == (4, 2, 2)
    every = json.loads(runner.invoke(app, ["documents", "--db", db, "--json"]).output)
    by_id = {d["id"]: d for d in every["documents"]}
    assert by_id["d3"]["copy_of"] == "d0"  # syndicated: the copy names its original
    assert by_id["d3"]["story_id"] == by_id["d0"]["story_id"]
    assert by_id["d0"]["copy_of"] is None
    stories = runner.invoke(app, ["stories", "--db", db, "--limit", "1"])
    total = len({d["story_id"] for d in every["documents"]})
    assert f"1 of {total} stories; next page: --offset 1" in stories.output
