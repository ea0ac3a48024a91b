"""``parallax compare --stories``: the stored comparisons of a database made, or caught
up after an ingest with --no-compare, and used by ``parallax story``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import parallax.compare as compare_stage
from conftest import EXAMPLES
from parallax.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, Any, str]:
    result = runner.invoke(app, list(args))
    out = json.loads(result.stdout) if "--json" in args and result.exit_code == 0 else result.stdout
    return result.exit_code, out, result.stderr


def test_stories_are_compared_once_stored_and_then_read(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = database
    code, report, _ = run(
        "ingest", str(EXAMPLES / "feed.jsonl"), "--db", db, "--no-compare", "--json"
    )
    assert code == 0 and report["added"] and report["compared"] == []
    code, stories, _ = run("stories", "--db", db, "--json")
    ids = sorted(s["id"] for s in stories["stories"])

    code, report, _ = run("compare", "--stories", "--db", db, "--json")
    assert code == 0 and sorted(report["compared"]) == ids and report["fresh"] == []
    code, report, _ = run("compare", "--stories", "--db", db, "--json")
    assert report["compared"] == [] and sorted(report["fresh"]) == ids
    code, report, _ = run("compare", "--stories", ids[0][:6], "--force", "--db", db, "--json")
    assert report["compared"] == [ids[0]]

    def broken(*_args: Any, **_options: Any) -> Any:
        raise RuntimeError("the stage must not run for a fresh comparison")

    monkeypatch.setattr(compare_stage, "compare_story", broken)
    code, shown, _ = run("story", ids[0][:6], "--db", db, "--format", "json")
    assert code == 0 and json.loads(shown)["story_id"] == ids[0]
    code, _, err = run("compare", "--stories", "--force", "--db", db)
    assert (
        code == 1
        and "must not run" in err
        and f"0 compared, 0 already fresh, {len(ids)} failed" in err
    )


def test_bad_story_ids_and_missing_files_are_clear_errors(database: str) -> None:
    db = database
    code, _, err = run("compare", "--stories", "nosuch", "--db", db)
    assert code == 1 and "no story with id 'nosuch'" in err
    code, _, err = run("compare")
    assert code == 1 and "--stories" in err
