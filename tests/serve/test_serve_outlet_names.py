"""Outlets under their publishers' names on every page, and one count of a story's
outlets wherever it is shown (list, page, API, CLI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import quote

from fastapi.testclient import TestClient
from lxml import html
from typer.testing import CliRunner

from parallax.cli import app

ClientFactory = Callable[..., TestClient]


def _story(client: TestClient, outlet: str) -> dict[str, object]:
    return next(s for s in client.get("/api/stories").json()["stories"] if outlet in s["outlets"])


def test_every_page_shows_the_publishers_name(named_db: str, make_client: ClientFactory) -> None:
    client = make_client(named_db)
    story = _story(client, "harbourpost.example")
    names = dict(zip(story["outlets"], story["outlet_names"], strict=True))
    assert names == {
        "coastwire.example": "coastwire.example",
        "harbourpost.example": "Harbour Post",
    }
    listing = html.fromstring(client.get("/").text)
    assert "Harbour Post" in listing.xpath("//a[@class='outlet']/text()")
    page = html.fromstring(client.get(f"/stories/{story['id']}").text)
    head = page.xpath("//section[@class='sources']")[0].text_content()
    assert "Harbour Post" in head and "harbourpost.example" in head  # the domain beside it
    assert "Harbour Post" in page.xpath("//table[contains(@class, 'matrix')]//th/text()")
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert detail["outlet_names"]["harbourpost.example"] == "Harbour Post"
    doc = next(d for d in detail["documents"] if d["outlet"] == "harbourpost.example")
    assert doc["outlet_name"] == "Harbour Post"
    assert "Harbour Post" in client.get(f"/documents/{doc['id']}").text
    entity = client.get(f"/api/documents/{doc['id']}").json()["annotations"]["entities"][0]
    forms = html.fromstring(client.get(f"/entities/{quote(entity['id'], safe='')}").text)
    assert "Harbour Post" in forms.xpath("//table[contains(@class, 'forms')]//a/text()")
    assert "Harbour Post" in client.get("/outlets").text
    outlet = html.fromstring(client.get("/outlets/harbourpost.example").text)
    assert outlet.xpath("string(//h1)") == "Harbour Post"


def test_unattributed_documents_count_alike_in_list_page_and_cli(
    named_db: str, make_client: ClientFactory
) -> None:
    client = make_client(named_db)
    seeds = next(
        s
        for s in client.get("/api/stories").json()["stories"]
        if s["outlets"][0].startswith("doc:")
    )
    assert seeds["outlet_names"] == ["unnamed source 1", "unnamed source 2"]
    page = html.fromstring(client.get(f"/stories/{seeds['id']}").text)
    assert "from 2 outlets" in page.xpath("string(//p[@class='meta'])")
    header = [a.text for a in page.xpath("//section[@class='sources']//a[@class='outlet']")]
    assert sorted(header) == seeds["outlet_names"]
    outlets = html.fromstring(client.get("/outlets").text)
    assert "no known outlet" in outlets.xpath("//td//a/text()")
    listing = html.fromstring(client.get("/").text)
    row = listing.xpath(f"//tr[.//a[@href='/stories/{seeds['id']}']]")[0]
    assert row.xpath(".//a[@class='outlet']/text()") == seeds["outlet_names"]
    shown = CliRunner().invoke(app, ["stories", "--db", named_db, "--json"])
    rows = json.loads(shown.stdout)["stories"]
    assert next(r for r in rows if r["id"] == seeds["id"])["outlet_names"] == seeds["outlet_names"]
    report = CliRunner().invoke(app, ["story", seeds["id"][:8], "--db", named_db, "-f", "html"])
    assert report.exit_code == 0, report.output
    assert "unnamed source 1" in report.stdout and "doc:" not in report.stdout
    assert seeds["id"] not in report.stdout  # shortened, as everywhere
