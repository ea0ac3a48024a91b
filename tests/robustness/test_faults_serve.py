"""The server under faults: an ingest writing while it answers, and kill -9 in the middle
of an upload. Readers never see an error, and the database keeps only whole documents."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from conftest import EXAMPLES
from parallax.annotate import Annotator
from parallax.ingest import read_paths
from parallax.models import RawDocument
from parallax.pipeline import ingest
from parallax.serve.app import create_app
from parallax.store import Store

pytestmark = pytest.mark.timeout(300)
Consistency = Callable[[Path], set[str]]  # the `consistent` fixture
TOKEN = "kill-test-token"
READS = ["/", "/api/stories", "/api/stats", "/api/outlets", "/api/entities", "/outlets"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def reports(folder: Path, count: int, topic: str) -> Path:
    """Short fictional reports, each distinct, that the cleaner keeps as articles."""
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"outlet{number % 4}.example__{topic}-{number:03d}.txt").write_text(
            f"Crews in Ostrel worked through the night on the {topic}, officials said on "
            f"Tuesday, as residents of the old town waited for news of their homes.\n\n"
            f"The regional authority counted {number + 3} damaged buildings and said that "
            f"engineers would inspect the bridges over the river before they reopen.\n\n"
            f"Report {number} was filed by a correspondent who spoke to families at a school "
            f"that has served as a shelter since the {topic} began on Sunday evening."
        )
    return folder


@pytest.fixture
def served(tmp_path: Path, annotator: Annotator) -> Iterator[tuple[str, Path]]:
    """The demo database served by uvicorn in a thread of this process."""
    db = tmp_path / "served.db"
    with Store(db) as store:
        ingest(read_paths([EXAMPLES]), store, annotator=annotator)
    config = uvicorn.Config(
        create_app(db, annotator=annotator), host="127.0.0.1", port=free_port(), log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{config.port}", db
    server.should_exit = True
    thread.join(timeout=30)


def test_ingest_while_serving_never_fails_a_reader(
    served: tuple[str, Path], tmp_path: Path, annotator: Annotator, consistent: Consistency
) -> None:
    base, db = served
    corpus = reports(tmp_path / "more", 40, "flood")
    before = httpx.get(f"{base}/api/stats").json()["documents"]
    done = threading.Event()
    outcome: dict[str, object] = {}

    def writer() -> None:
        try:
            with Store(db) as store:
                outcome["report"] = ingest(
                    read_paths([corpus]), store, annotator=annotator, batch_size=4
                )
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    statuses: list[int] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        while not done.is_set() or len(statuses) < len(READS):
            statuses.append(client.get(READS[len(statuses) % len(READS)]).status_code)
        thread.join()
        after = client.get("/api/stats").json()["documents"]
    report = outcome["report"]
    assert not report.errors  # type: ignore[attr-defined]
    assert set(statuses) == {200}, f"{len(statuses)} reads: {sorted(set(statuses))}"
    assert after == before + 40
    assert len(consistent(db)) == after


def test_server_killed_mid_upload_keeps_whole_documents(
    tmp_path: Path,
    annotator: Annotator,
    consistent: Consistency,
    cli: Callable[..., list[str]],
    count_stored: Callable[[Path], int],
) -> None:
    # One JSONL file of 40 records: the server stores a first batch of 32, then cleans
    # and annotates the rest, so a kill after the first document always lands mid-upload.
    corpus = tmp_path / "upload.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"text": path.read_text(), "url": f"https://{path.stem.replace('__', '/')}"})
            for path in sorted(reports(tmp_path / "upload", 40, "fire").iterdir())
        )
    )
    db = tmp_path / "upload.db"
    Store(db).close()
    port = free_port()
    server = subprocess.Popen(
        cli("serve", "--db", str(db), "--port", str(port)),
        env={**os.environ, "PARALLAX_TOKEN": TOKEN},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            assert server.poll() is None, "parallax serve exited"
            try:
                httpx.get(f"{base}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        files = [("files", (corpus.name, corpus.read_bytes()))]
        headers = {"Authorization": f"Bearer {TOKEN}"}

        def upload() -> None:
            with contextlib.suppress(httpx.TransportError):  # the server dies under it
                httpx.post(f"{base}/api/documents", files=files, headers=headers, timeout=300)

        uploader = threading.Thread(target=upload)
        uploader.start()
        while count_stored(db) == 0:
            assert uploader.is_alive(), "the upload finished before the server could be killed"
            time.sleep(0.002)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        uploader.join()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    survivors = consistent(db)
    assert 0 < len(survivors) < 40
    expected = {o.id for o in read_paths([corpus]) if isinstance(o, RawDocument)}
    with Store(db) as store:
        report = ingest(read_paths([corpus]), store, annotator=annotator)
    assert set(report.unchanged) == survivors
    assert consistent(db) == expected
