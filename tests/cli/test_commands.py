"""The ``parallax`` command as a user runs it: exit codes, JSON output, errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import EXAMPLES
from parallax.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_every_command() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("ingest", "documents", "document", "stats", "stories", "story"):
        assert command in out


def test_bad_file_is_reported_and_the_batch_goes_on(tmp_path: Path, database: str) -> None:
    db = database
    bad = tmp_path / "bad.json"
    bad.write_text("{broken")
    good = EXAMPLES / "feed.jsonl"
    code, out, err = run("ingest", str(bad), str(good), "--db", db, "--json")
    assert code == 1
    report = json.loads(out)
    assert len(report["added"]) == 2
    assert report["errors"][0]["source"] == str(bad)
    assert "malformed JSON" in report["errors"][0]["reason"]

    code, out, err = run("ingest", str(good), "--db", db)
    assert code == 0
    assert "0 added, 2 already stored, 0 failed" in err


def test_quiet_prints_only_errors(tmp_path: Path, database: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, err = run("ingest", str(empty), "--db", database, "--quiet")
    assert code == 1
    assert out == ""
    assert err.strip().startswith("error") and "empty" in err and "added" not in err


def test_documents_document_and_stats(database: str) -> None:
    db = database
    assert run("ingest", str(EXAMPLES / "feed.jsonl"), "--db", db, "--quiet")[0] == 0
    code, out, _ = run("documents", "--db", db, "--json")
    listing = json.loads(out)
    docs = listing["documents"]
    assert code == 0 and len(docs) == listing["total"] == 2
    assert all(d["story_id"] and d["copy_of"] is None for d in docs)
    assert {d["outlet"] for d in docs} == {"thelantern.example", "dailymeridian.example"}

    code, out, _ = run("document", docs[0]["id"][:8], "--db", db, "--json")
    shown = json.loads(out)
    assert shown["document"]["id"] == docs[0]["id"]
    assert shown["article"]["body"] and shown["annotations"]["sentences"]

    code, out, _ = run("document", docs[0]["id"][:8], "--db", db)
    assert code == 0 and "article" in out and "entities" in out

    code, _, err = run("document", "ffffffff", "--db", db)
    assert code == 1 and "no document" in err

    code, out, _ = run("stats", "--db", db, "--json")
    assert json.loads(out)["documents"] == 2
