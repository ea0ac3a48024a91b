"""``parallax serve``: options reach the app and the server; the token comes from env too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from parallax.cli import app
from parallax.store import Store


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def run(web: Any, **options: Any) -> None:
        seen.update(options, settings=web.state.settings)

    monkeypatch.setattr(uvicorn, "run", run)
    return seen


def test_serve_passes_host_port_and_token(database: str, started: dict[str, Any]) -> None:
    result = CliRunner().invoke(
        app,
        ["serve", "--db", database, "--port", "8123", "--token", "t0k"],
        env={"PARALLAX_TOKEN": ""},
    )
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"]) == ("127.0.0.1", 8123)
    assert started["settings"].token == "t0k"
    with Store(database) as store:
        assert store.stats()["documents"] == 0  # created and migrated


def test_token_from_environment_and_off_by_default(database: str, started: dict[str, Any]) -> None:
    runner = CliRunner()
    db = database
    assert runner.invoke(app, ["serve", "--db", db], env={"PARALLAX_TOKEN": "env"}).exit_code == 0
    assert started["settings"].token == "env"
    assert runner.invoke(app, ["serve", "--db", db], env={"PARALLAX_TOKEN": ""}).exit_code == 0
    assert started["settings"].writable is False


def test_unopenable_database_is_a_clear_error(tmp_path: Path, started: dict[str, Any]) -> None:
    (tmp_path / "dir.db").mkdir()
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "dir.db")])
    assert result.exit_code == 1
    assert "cannot open database" in result.output
    assert started == {}
