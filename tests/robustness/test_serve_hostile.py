"""Issue 15 on the server: a Host allow-list, security headers on every error, filters
out of range refused, bounded uploads, and a token that need not be on the command line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parallax.annotate import Annotator
from parallax.cli import app as cli_app
from parallax.serve.app import create_app
from parallax.serve.security import SECURITY_HEADERS
from parallax.serve.settings import TOKEN_ENV, Settings
from parallax.serve.site import Site

TOKEN = "hostile-test-token"
ARTICLE = "The river authority said on Tuesday that the dam at Lake Morven held overnight."


def has_security_headers(response: Any) -> bool:
    return all(response.headers.get(name) == value for name, value in SECURITY_HEADERS.items())


@pytest.mark.parametrize(
    ("host", "status"),
    [("localhost:8000", 200), ("127.0.0.1", 200), ("[::1]:8000", 200), ("news.example", 200),
     ("attacker.example", 400), ("attacker.example:8000", 400), ("", 400)],
)  # fmt: skip
def test_only_allowed_host_names_are_answered(tmp_path: Path, host: str, status: int) -> None:
    hosts = ("127.0.0.1", "localhost", "::1", "news.example")
    web = create_app(tmp_path / "h.db", Settings(allowed_hosts=hosts))
    with TestClient(web) as client:
        response = client.get("/api/stats", headers={"host": host})
    assert response.status_code == status
    assert has_security_headers(response)


def test_a_day_out_of_range_is_400_with_the_headers(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "d.db")) as client:
        for path in ("/api/stories", "/"):
            response = client.get(path, params={"until": "9999-12-31"})
            assert response.status_code == 400, response.text
            assert has_security_headers(response)
        assert client.get("/api/stories", params={"until": "9999-12-30"}).status_code == 200


@pytest.mark.parametrize("path", ["/api/stories", "/"])
def test_an_internal_error_answers_500_with_the_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Site, "stories", broken)
    web = create_app(tmp_path / "e.db")
    with TestClient(web, raise_server_exceptions=False) as client:
        response = client.get(path)
    assert response.status_code == 500 and "a bug" not in response.text
    assert has_security_headers(response)


def test_an_upload_stops_at_its_record_cap(tmp_path: Path, annotator: Annotator) -> None:
    settings = Settings(token=TOKEN, max_upload_records=50)
    web = create_app(tmp_path / "u.db", settings, annotator=annotator)
    empties = gzip.compress(b"[" + b"{}," * 100_000 + b"{}]")
    good = json.dumps([{"text": ARTICLE}]).encode()
    with TestClient(web) as client:
        response = client.post(
            "/api/documents",
            files=[("files", ("good.json", good)), ("files", ("empties.json.gz", empties))],
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert response.status_code == 200, response.text
    result = response.json()
    assert len(result["added"]) == 1
    assert len(result["errors"]) == 50
    assert "over 50 records in the upload" in result["errors"][-1]["reason"]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What ``parallax serve`` would run, without running it."""
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda web, **options: seen.update(web=web, **options))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    return seen


def test_serve_reads_the_token_from_a_file_or_the_environment(
    tmp_path: Path, served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    token_file = tmp_path / "token"
    token_file.write_text(f"{TOKEN}\n")
    db = str(tmp_path / "s.db")
    result = runner.invoke(cli_app, ["serve", "--db", db, "--token-file", str(token_file)])
    assert result.exit_code == 0, result.output
    assert served["web"].state.settings.token == TOKEN
    monkeypatch.setenv(TOKEN_ENV, "from-the-environment")
    assert runner.invoke(cli_app, ["serve", "--db", db]).exit_code == 0
    assert served["web"].state.settings.token == "from-the-environment"
    token_file.write_text("\n")
    result = runner.invoke(cli_app, ["serve", "--db", db, "--token-file", str(token_file)])
    assert result.exit_code == 1 and "empty" in result.stderr


def test_serve_allows_its_address_loopback_and_the_names_given(
    tmp_path: Path, served: dict[str, Any]
) -> None:
    args = ["serve", "--db", str(tmp_path / "s.db"), "--host", "192.0.2.7"]
    result = CliRunner().invoke(cli_app, [*args, "--allowed-host", "news.example"])
    assert result.exit_code == 0, result.output
    hosts = served["web"].state.settings.allowed_hosts
    assert set(hosts) == {"192.0.2.7", "127.0.0.1", "localhost", "::1", "news.example"}


def test_an_upload_with_lone_surrogates_is_stored_not_a_500(
    tmp_path: Path, annotator: Annotator
) -> None:
    web = create_app(tmp_path / "s.db", Settings(token=TOKEN), annotator=annotator)
    record = json.dumps({"text": ARTICLE, "outlet": "x\udcff", "url": "https://x.example/\udcff"})
    with TestClient(web) as client:
        response = client.post(
            "/api/documents",
            files={"files": ("records.jsonl", record.encode())},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 200, response.text
        (doc_id,) = response.json()["added"]
        assert client.get(f"/api/documents/{doc_id}").status_code == 200
