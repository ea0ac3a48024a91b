"""What reaches the terminal: no control character from the input, errors summarised."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from parallax.cli import app
from parallax.cli.app import TerminalConsole
from parallax.cli.ingest import ERRORS_SHOWN

runner = CliRunner()
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


def test_the_console_prints_no_control_character_it_was_given() -> None:
    console = TerminalConsole(force_terminal=True, color_system="standard", record=True)
    with console.capture() as captured:
        console.print(f"[red]error[/] file{ESCAPES}.txt", highlight=False)
    printed = captured.get()
    assert "pwned" in printed and "\x07" not in printed and "\x9b" not in printed
    assert "\x1b]" not in printed and "\x1b[2J" not in printed
    assert "\x1b[31m" in printed  # Rich's own colour still works
    plain = Console(force_terminal=True, color_system="standard")
    with plain.capture() as raw:
        plain.print(f"file{ESCAPES}", highlight=False)
    assert "\x1b]0;" in raw.get()  # what a plain console would have let through


def test_ingest_names_hostile_files_without_their_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"x{ESCAPES}.txt").write_bytes(b"")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 1
    assert "pwned" in result.stderr and "caf\ufffd.txt" in result.stderr
    for char in "\x1b\x07\x9b":
        assert char not in result.stderr


def test_many_errors_are_summarised_by_reason(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    lines = ["{}"] * 40 + ["{broken"] * 5 + [json.dumps({"text": 7})] * 3
    path.write_text("\n".join(lines))
    result = runner.invoke(app, ["ingest", str(path), "--db", str(tmp_path / "b.db")])
    assert result.exit_code == 1
    assert result.stderr.count("error ") == ERRORS_SHOWN
    assert "errors by reason:" in result.stderr
    summary = result.stderr.split("errors by reason:")[1]
    assert "40  no 'text' or 'html' field" in summary
    assert "5  malformed JSON" in summary
    assert "3  field 'text' should be a string, not int" in summary
    assert "0 added, 0 already stored, 48 failed" in summary
