"""Server-rendered pages: anchors that findings link to exist, and article text stays text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from lxml import html

from parallax.annotate import Annotator
from parallax.models import (
    Comparison,
    Evidence,
    Finding,
    LoadedTerm,
    OutletCoverage,
    Span,
    TimelineEntry,
    Voice,
)
from parallax.serve import story_view
from parallax.serve.app import create_app
from parallax.serve.comparisons import StoryData

ClientFactory = Callable[..., TestClient]
HOSTILE_STORY = "hostile-story"


def _ids(page: str) -> set[str]:
    return set(html.fromstring(page).xpath("//@id"))


def test_story_page_links_every_finding_to_a_sentence_on_it(
    news_db: Path, make_client: ClientFactory
) -> None:
    client = make_client(news_db)
    linked = 0
    for story in client.get("/api/stories").json()["stories"]:
        page = client.get(f"/stories/{story['id']}")
        assert page.status_code == 200
        tree = html.fromstring(page.text)
        ids = set(tree.xpath("//@id"))
        for anchor in tree.xpath("//main//a[@class='evidence']/@href"):
            assert anchor.startswith("#") and anchor[1:] in ids, anchor
            linked += 1
    assert linked > 0, "no finding was linked on any story page"


def test_list_document_entity_and_outlet_pages_render(
    news_db: Path, make_client: ClientFactory
) -> None:
    client = make_client(news_db)
    listing = client.get("/", params={"q": "librarian"})
    assert listing.status_code == 200
    assert "Old town library reopens" in listing.text
    assert "Ferry crews" not in listing.text
    doc_id = client.get("/api/stories", params={"q": "librarian"}).json()["stories"][0]["id"]
    story = client.get(f"/api/stories/{doc_id}").json()
    document = client.get(f"/documents/{story['documents'][0]['id']}")
    assert document.status_code == 200
    tree = html.fromstring(document.text)
    assert tree.xpath("//details[@class='removed']/summary")
    assert any(i.startswith("s-") for i in tree.xpath("//@id"))
    for url in ["/outlets", "/outlets/harbourpost.example", "/entities"]:
        assert client.get(url).status_code == 200, url
    entity = client.get("/api/entities").json()[0]["entity"]
    assert entity["name"] in client.get(f"/entities/{quote(entity['id'])}").text
    missing = client.get("/stories/none")
    assert missing.status_code == 404 and "no story" in missing.text


def _hostile_urls(client: TestClient) -> list[str]:
    story = client.get(f"/api/stories/{HOSTILE_STORY}").json()
    entity = client.get("/api/entities").json()[0]["entity"]["id"]
    outlets = [o["outlet"] for o in client.get("/api/outlets").json()]
    return [
        "/",
        "/?q=council",
        f"/stories/{HOSTILE_STORY}",
        *(f"/documents/{d['id']}" for d in story["documents"]),
        f"/entities/{quote(entity, safe='')}",
        "/entities",
        "/outlets",
        *(f"/outlets/{quote(o, safe='')}" for o in outlets),
    ]


def test_markup_in_articles_is_shown_as_text(
    hostile_db: Path, make_client: ClientFactory, payloads: tuple[str, str]
) -> None:
    client = make_client(hostile_db)
    for url in _hostile_urls(client):
        page = client.get(url)
        assert page.status_code == 200, url
        tree = html.fromstring(page.text)
        scripts = tree.xpath("//script")
        assert [s.get("src") for s in scripts] == ["/static/app.js"], url
        assert all(not (s.text or "").strip() for s in scripts), url
        handlers = [a for a in tree.xpath("//@*") if a.attrname.lower().startswith("on")]
        assert handlers == [], url
        assert not tree.xpath("//img"), url
        assert any(p in tree.text_content() for p in payloads), url


def _evidence(story: StoryData, doc_id: str, needle: str) -> Evidence:
    article = story.articles[doc_id]
    start = article.body.index(needle)
    end = article.body.index(".", start) + 1
    return Evidence(
        doc_id=doc_id,
        outlet=article.outlet,
        sentence=Span(start=start, end=end, text=article.body[start:end]),
    )


def _handmade(story: StoryData) -> Comparison:
    first, second = sorted(story.articles)
    evidence = _evidence(story, first, "Officials")
    other = _evidence(story, second, "Officials")
    return Comparison(
        story_id=story.summary.id,
        title="handmade",
        outlets=[
            OutletCoverage(outlet=a.outlet, doc_ids=[a.doc_id], titles=[a.title or ""])
            for a in story.articles.values()
        ],
        brief=["A brief <b>line</b>."],
        findings=[
            Finding(
                kind="conflict",
                statement="Which prank number",
                outlets=[evidence.outlet, other.outlet],
                evidence=[evidence, other],
                slot="number",
                values={evidence.outlet: "zero", other.outlet: "one <i>1</i>"},
            )
        ],
        voices=[
            Voice(
                outlet=evidence.outlet,
                speaker="Officials",
                speaker_id=None,
                quotes=1,
                words=4,
                only_here=True,
                evidence=[evidence],
            )
        ],
        naming=[],
        loaded=[
            LoadedTerm(
                outlet=evidence.outlet,
                text="prank",
                category="label",
                quoted=False,
                evidence=evidence,
            )
        ],
        timeline=[
            TimelineEntry(
                start=date(2026, 4, 1), end=date(2026, 4, 2), text="the minutes", evidence=evidence
            )
        ],
    )


def test_a_given_comparison_is_drawn_with_its_evidence(
    hostile_db: Path, annotator: Annotator
) -> None:
    with TestClient(create_app(hostile_db, annotator=annotator, comparer=_handmade)) as client:
        page = client.get(f"/stories/{HOSTILE_STORY}").text
    tree = html.fromstring(page)
    conflict = tree.xpath("//tr[contains(@class, 'conflict')]")[0]
    assert "one <i>1</i>" in conflict.text_content()
    assert not tree.xpath("//i") and not tree.xpath("//b")
    targets = conflict.xpath(".//a[@class='evidence']/@href")
    assert len(targets) == 2
    ids = set(tree.xpath("//@id"))
    for target in targets:
        sentence = tree.get_element_by_id(target[1:])
        assert target[1:] in ids
        assert "finding conflict" in sentence.get("class")
        assert sentence.text_content().startswith("Officials called it a prank")
    marks = tree.xpath("//article//mark[contains(@class, 'loaded')]")
    assert [m.text_content() for m in marks] == ["prank"]
    assert "own" in marks[0].get("class")
    assert tree.xpath("//rect[@class='event']")
    assert "only this outlet" in page


def test_articles_beyond_the_columns_are_linked_to_their_pages(
    hostile_db: Path, annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(story_view, "MAX_COLUMNS", 1)
    with TestClient(create_app(hostile_db, annotator=annotator, comparer=_handmade)) as client:
        tree = html.fromstring(client.get(f"/stories/{HOSTILE_STORY}").text)
    assert len(tree.xpath("//article[contains(@class, 'column')]")) == 1
    [listed] = tree.xpath("//ul[@class='more-articles']/li/a/@href")
    links = tree.xpath("//tr[contains(@class, 'conflict')]//a[@class='evidence']/@href")
    assert links[0].startswith("#") and links[1].startswith(listed + "#s-")


@pytest.mark.parametrize("url", ["/?since=not-a-day", "/api/stories?until=2026-13-45"])
def test_bad_dates_are_refused_with_a_reason(
    hostile_db: Path, make_client: ClientFactory, url: str
) -> None:
    response = make_client(hostile_db).get(url)
    assert response.status_code == 422


def test_a_page_given_a_bad_parameter_answers_with_a_page(
    hostile_db: Path, make_client: ClientFactory
) -> None:
    client = make_client(hostile_db)
    page = client.get("/", params={"page": "two"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "page" in html.fromstring(page.text).xpath("string(//p[@class='error'])")
    api = client.get("/api/stories", params={"limit": "many"})
    assert api.status_code == 422 and api.headers["content-type"] == "application/json"


def test_a_story_opens_by_a_prefix_of_its_id(hostile_db: Path, make_client: ClientFactory) -> None:
    client = make_client(hostile_db)
    page = client.get(f"/stories/{HOSTILE_STORY[:5]}", follow_redirects=False)
    assert page.status_code == 307
    assert page.headers["location"] == f"/stories/{HOSTILE_STORY}"
    assert client.get(f"/api/stories/{HOSTILE_STORY[:5]}").json()["story"]["id"] == HOSTILE_STORY
    assert client.get("/stories/zzz").status_code == 404


def test_an_outlet_named_with_a_slash_opens(
    news_db: Path, tmp_path: Path, annotator: Annotator
) -> None:
    from parallax.store import Store

    db = tmp_path / "slash.db"
    with Store(news_db) as source, Store(db) as target:
        raw = source.documents(limit=1)[0]
        article = source.article(raw.id)
        assert article is not None
        renamed = "news.example/world"
        target.save(
            raw.model_copy(update={"outlet": renamed}),
            article.model_copy(update={"outlet": renamed}),
            source.annotations(raw.id),
            source.assignment(raw.id),
        )
    with TestClient(create_app(db, annotator=annotator)) as client:
        page = client.get("/outlets/" + quote(renamed, safe=""))
        assert page.status_code == 200 and renamed in page.text
        assert client.get("/api/outlets/" + quote(renamed)).json()["outlet"]["outlet"] == renamed


def test_the_api_is_described_on_a_page(hostile_db: Path, make_client: ClientFactory) -> None:
    page = make_client(hostile_db).get("/api")
    assert page.headers["content-type"].startswith("text/html")
    requests = html.fromstring(page.text).xpath("//table//code/text()")
    assert "GET /api/stories/{story_id}" in requests and "POST /api/documents" in requests


def test_entities_are_found_by_a_typed_name(news_db: Path, make_client: ClientFactory) -> None:
    client = make_client(news_db)
    entity = client.get("/api/entities").json()[0]["entity"]
    part = entity["name"].split()[-1][:4].lower()
    found = html.fromstring(client.get("/entities", params={"q": part}).text)
    assert entity["name"] in found.xpath("//table//a/text()")
    assert found.xpath(f"//datalist[@id='entity-names']/option[@value='{entity['name']}']")
    by_name = client.get("/api/stories", params={"entity": entity["id"]}).json()["stories"]
    listing = html.fromstring(client.get("/", params={"entity": entity["name"]}).text)
    assert listing.xpath("//a[@class='story-link']/@href") == [
        f"/stories/{s['id']}" for s in by_name
    ]


def test_a_wide_story_reads_in_a_minute(
    wide_db: Path, wide_comparer: Callable[[StoryData], Comparison], annotator: Annotator
) -> None:
    with TestClient(create_app(wide_db, annotator=annotator, comparer=wide_comparer)) as client:
        [story] = client.get("/api/stories").json()["stories"]
        tree = html.fromstring(client.get(f"/stories/{story['id']}").text)
    assert tree.xpath("string(//h1)") == story["title"]
    brief = [li.text_content() for li in tree.xpath("//section[@class='brief']//li")]
    assert brief[0].startswith("All 20 outlets report: The Merovka Dam")
    assert any(line.startswith("They differ on a number:") for line in brief)
    assert brief[-1].startswith("Statements only one outlet reports:")
    assert len(brief) <= 6
    rows = tree.xpath("//table[contains(@class, 'matrix')]/tbody/tr")
    states = [[td.get("class").split()[-1] for td in row.xpath("td")] for row in rows]
    assert states[0] == ["reports"] * 20  # the agreed fact first
    assert states[1][:2] == ["differs", "differs"] and set(states[1][2:]) == {"reports"}
    counts = tree.xpath("//table[contains(@class, 'matrix')]/tfoot//td")
    assert [c.text_content() for c in counts[:3]] == ["none", "none", "1 statement"]
    groups = tree.xpath("//details[@class='single-group']/summary")
    assert len(groups) == 18 and all("1 statement" in g.text_content() for g in groups)
    assert "1 outlets" not in tree.text_content() and "1 documents" not in tree.text_content()
    originals = tree.xpath("//a[@class='original']/@href")
    assert len(originals) == 20 and all(h.startswith("https://") for h in originals)
