"""The JSON API over a database the real pipeline filled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from parallax.serve.security import CONTENT_SECURITY_POLICY

ClientFactory = Callable[..., TestClient]


def _stories(client: TestClient, **params: str) -> list[dict]:
    response = client.get("/api/stories", params=params)
    assert response.status_code == 200, response.text
    return response.json()["stories"]


def test_story_list_holds_every_ingested_document(
    news_db: Path, make_client: ClientFactory, news: list[dict[str, str]]
) -> None:
    stories = _stories(make_client(news_db))
    assert sum(s["size"] for s in stories) == len(news)
    assert {o for s in stories for o in s["outlets"]} == {
        "harbourpost.example",
        "eastlight.example",
    }


def test_filters_narrow_the_story_list(news_db: Path, make_client: ClientFactory) -> None:
    client = make_client(news_db)
    library = _stories(client, q="librarian")
    assert len(library) == 1
    assert "library" in library[0]["title"].lower()
    assert _stories(client, q="zeppelin") == []
    east = _stories(client, outlet="eastlight.example")
    assert east and all("eastlight.example" in s["outlets"] for s in east)
    assert _stories(client, since="2026-03-19", until="2026-03-21") == library
    assert _stories(client, until="2026-03-01") == []
    assert _stories(client, since="", until="", q="") == _stories(client)
    assert client.get("/api/stories", params={"since": "yesterday"}).status_code == 422


def test_entity_filter_and_entity_page(
    news_db: Path, make_client: ClientFactory, news: list[dict[str, str]]
) -> None:
    client = make_client(news_db)
    entities = client.get("/api/entities", params={"limit": 500}).json()
    velmora = next(e["entity"] for e in entities if e["entity"]["name"] == "Velmora")
    stories = _stories(client, entity=velmora["id"])
    assert sum(s["size"] for s in stories) == len(news)  # every text names the city
    detail = client.get(f"/api/entities/{velmora['id']}").json()
    assert {f["outlet"] for f in detail["forms"]} == {"harbourpost.example", "eastlight.example"}
    assert all(f["surface"] == "Velmora" and f["mentions"] >= 1 for f in detail["forms"])
    assert client.get("/api/entities/PERSON:nobody").status_code == 404


def test_story_detail_evidence_points_at_sentences_of_its_own_documents(
    news_db: Path, make_client: ClientFactory
) -> None:
    client = make_client(news_db)
    for summary in _stories(client):
        detail = client.get(f"/api/stories/{summary['id']}").json()
        assert detail["story"] == summary
        doc_ids = {d["id"] for d in detail["documents"]}
        assert len(doc_ids) == summary["size"]
        bodies = {
            doc_id: client.get(f"/api/documents/{doc_id}").json()["article"]["body"]
            for doc_id in doc_ids
        }
        comparison = detail["comparison"]
        assert {o["outlet"] for o in comparison["outlets"]} == set(summary["outlets"])
        for finding in comparison["findings"]:
            for evidence in finding["evidence"]:
                span = evidence["sentence"]
                assert evidence["doc_id"] in doc_ids
                assert bodies[evidence["doc_id"]][span["start"] : span["end"]] == span["text"]


def test_document_detail_and_unknown_ids(
    news_db: Path, make_client: ClientFactory, news: list[dict[str, str]]
) -> None:
    client = make_client(news_db)
    story = _stories(client, q="librarian")[0]
    doc_id = client.get(f"/api/stories/{story['id']}").json()["documents"][0]["id"]
    detail = client.get(f"/api/documents/{doc_id[:8]}").json()  # a unique prefix will do
    assert detail["document"]["id"] == doc_id
    assert detail["document"]["story_id"] == story["id"]
    assert "children's room" in detail["article"]["body"]
    assert detail["annotations"]["sentences"]
    assert detail["raw"]["content"] == news[2]["text"]
    assert detail["raw"]["url"] == news[2]["url"]
    for url in ["/api/documents/ffffffffffff", "/api/stories/none", "/api/outlets/none"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["detail"]


def test_outlets_count_documents_and_stories(
    news_db: Path, make_client: ClientFactory, news: list[dict[str, str]]
) -> None:
    client = make_client(news_db)
    outlets = {o["outlet"]: o for o in client.get("/api/outlets").json()}
    assert outlets["harbourpost.example"]["documents"] == 2
    assert outlets["eastlight.example"]["documents"] == 1
    detail = client.get("/api/outlets/harbourpost.example").json()
    assert detail["outlet"] == outlets["harbourpost.example"]
    assert (
        sum(s["size"] > 0 for s in detail["stories"]) == outlets["harbourpost.example"]["stories"]
    )
    assert client.get("/api/stats").json()["documents"] == len(news)


def test_openapi_schema_types_every_answer(news_db: Path, make_client: ClientFactory) -> None:
    schema = make_client(news_db).get("/api/openapi.json").json()
    for path in [
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/documents/{doc_id}",
        "/api/entities/{entity_id}",
        "/api/outlets/{outlet}",
    ]:
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"], path
    assert "Comparison" in schema["components"]["schemas"]
    upload = schema["paths"]["/api/documents"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert upload["security"] == [{"HTTPBearer": []}]


def test_every_answer_carries_the_security_headers(
    news_db: Path, make_client: ClientFactory
) -> None:
    client = make_client(news_db)
    for url in ["/", "/api/stories", "/static/app.css", "/no/such/page"]:
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert client.get("/docs").status_code == 404  # Swagger UI would need inline script
