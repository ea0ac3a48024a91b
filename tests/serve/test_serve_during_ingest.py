"""Two ingests and the web app at once, on every backend: nothing is lost or stored
twice, the stories are those one ingest makes, and every page the app answered
meanwhile was a whole answer."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi.testclient import TestClient

from conftest import Databases
from parallax.annotate import Annotator
from parallax.pipeline import ingest
from parallax.serve.app import create_app
from parallax.store import Store
from robustness.test_concurrent_ingest import at_once, corpus, stories


def test_two_ingests_and_the_server_at_once_lose_and_duplicate_nothing(
    databases: Databases, database: str, tmp_path: Path, annotator: Annotator
) -> None:
    documents = corpus()
    ids = sorted({d.id for d in documents})
    with databases.new(tmp_path) as alone, Store(alone) as store:
        ingest(documents, store, annotator=annotator)
        expected = stories(store)
    answered: list[int] = []
    failed: list[str] = []
    done = threading.Event()
    with TestClient(create_app(database, annotator=annotator)) as web:

        def browse() -> None:
            while not done.is_set():
                for url in ("/api/stories", "/api/stories?q=dam", "/api/stats"):
                    response = web.get(url)
                    if response.status_code != 200:
                        failed.append(f"{url}: {response.status_code} {response.text[:200]}")
                listed = web.get("/api/stories").json()["stories"]
                answered.append(sum(story["size"] for story in listed))

        reader = threading.Thread(target=browse)
        reader.start()
        overlapping = [documents[0::2] + documents[1::4], documents[1::2] + documents[0::3]]
        reports = at_once(database, overlapping, annotator)
        done.set()
        reader.join()
        final = web.get("/api/stories").json()["stories"]
    assert failed == []
    assert answered == sorted(answered)  # stories grew, never shrank or flickered
    assert sorted(reports[0].added + reports[1].added) == ids  # each stored by one ingest
    with Store(database) as store:
        assert store.stats()["documents"] == len(ids)
        assert stories(store) == expected
    assert sum(story["size"] for story in final) == len(ids)
