"""Ingest by upload: off without a token, size- and count-limited, names made safe."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from parallax.serve.uploads import safe_name
from parallax.store import Store
from parallax.story_comparisons import comparison_key

ClientFactory = Callable[..., TestClient]
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "text/plain")) for name, data in items]


def test_uploads_are_off_without_a_token(
    database: str, make_client: ClientFactory, article_text: str
) -> None:
    article = article_text.encode()
    client = make_client(database)
    response = client.post("/api/documents", files=_files(("a.txt", article)), headers=AUTH)
    assert response.status_code == 403
    assert "token" in response.json()["detail"]


def test_uploads_need_the_right_token(
    database: str, make_client: ClientFactory, article_text: str
) -> None:
    article = article_text.encode()
    client = make_client(database, token=TOKEN)
    for headers in [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}]:
        response = client.post("/api/documents", files=_files(("a.txt", article)), headers=headers)
        assert response.status_code == 401


def test_upload_ingests_once_and_reports_bad_files(
    tmp_path: Path, database: str, make_client: ClientFactory, article_text: str
) -> None:
    article = article_text.encode()
    db = database
    client = make_client(db, token=TOKEN)
    files = _files(
        ("../../harbourpost.example__ferry-strike.txt", article),
        ("empty.txt", b""),
        ("page.exe", b"MZ"),
    )
    assert client.get("/api/stories").json()["stories"] == []  # cached until a write
    first = client.post("/api/documents", files=files, headers=AUTH)
    assert first.status_code == 200, first.text
    result = first.json()
    assert len(result["added"]) == 1
    reasons = {e["source"]: e["reason"] for e in result["errors"]}
    assert set(reasons) == {"upload:empty.txt", "upload:page.exe"}
    assert "empty" in reasons["upload:empty.txt"]
    assert not (tmp_path / "harbourpost.example__ferry-strike.txt").exists()
    with Store(db) as store:
        raw = store.document(result["added"][0])
        story_id = store.story_ids()[0]
        fingerprint = comparison_key(store.story_fingerprint(story_id))
        assert store.comparison(story_id, fingerprint) is not None  # its page is ready
    assert raw.source == "upload:harbourpost.example__ferry-strike.txt"
    assert raw.outlet == "harbourpost.example"
    listed = client.get("/api/stories").json()["stories"]
    assert [s["outlets"] for s in listed] == [["harbourpost.example"]]
    again = client.post(
        "/api/documents", files=_files(("harbourpost.example__copy.txt", article)), headers=AUTH
    ).json()
    assert again["added"] == [] and again["unchanged"] == result["added"]


def test_upload_limits(database: str, make_client: ClientFactory) -> None:
    client = make_client(database, token=TOKEN, max_upload_bytes=1000, max_upload_files=2)
    big = client.post("/api/documents", files=_files(("big.txt", b"x" * 1001)), headers=AUTH)
    assert big.status_code == 413
    many = _files(*[(f"{i}.txt", b"text") for i in range(3)])
    assert client.post("/api/documents", files=many, headers=AUTH).status_code in {400, 413}
    huge = client.post("/api/documents", files=_files(("huge.txt", b"x" * 200_000)), headers=AUTH)
    assert huge.status_code == 413
    none = client.post("/api/documents", data={"other": "1"}, headers=AUTH)
    assert none.status_code == 422


def test_safe_names_cannot_leave_the_upload_folder() -> None:
    assert safe_name("../../etc/passwd", 0) == "passwd"
    assert safe_name("..\\..\\win.ini", 0) == "win.ini"
    assert safe_name(".hidden", 1) == "hidden"
    assert safe_name("", 2) == "upload-2.txt"
    assert safe_name("a b/c d.txt", 3) == "c_d.txt"
