"""Letting nobody in: writes need a configured token, uploads are bounded, no path
leads out of the server's own files, and hostile query input never crashes a request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from parallax.annotate import Annotator
from parallax.ingest import read_paths
from parallax.pipeline import ingest
from parallax.serve.app import create_app
from parallax.serve.settings import Settings
from parallax.store import Store

TOKEN = "s3cret-token-for-tests"
ARTICLE = b"The river authority said on Tuesday that the dam at Lake Morven held overnight."
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, annotator: Annotator) -> Path:
    db = tmp_path_factory.mktemp("serve") / "demo.db"
    with Store(db) as store:
        ingest(read_paths([EXAMPLES]), store, annotator=annotator)
    return db


def client_for(db: Path, annotator: Annotator, **options: int | str | None) -> TestClient:
    return TestClient(create_app(db, Settings(**options), annotator=annotator))  # type: ignore[arg-type]


@pytest.fixture
def reader(demo_db: Path, annotator: Annotator) -> Iterator[TestClient]:
    with client_for(demo_db, annotator) as client:
        yield client


@pytest.fixture
def writer(tmp_path: Path, annotator: Annotator) -> Iterator[TestClient]:
    with client_for(tmp_path / "up.db", annotator, token=TOKEN, max_upload_bytes=4096,
                    max_upload_files=3) as client:  # fmt: skip
        client.headers["Authorization"] = f"Bearer {TOKEN}"
        yield client


def stored(client: TestClient) -> int:
    return int(client.get("/api/stats").json()["documents"])


def test_writes_are_off_without_a_token(reader: TestClient) -> None:
    before = stored(reader)
    response = reader.post("/api/documents", files={"files": ("a.txt", ARTICLE)})
    assert response.status_code == 403
    assert stored(reader) == before


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer"])
def test_writes_need_the_right_token(writer: TestClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    if authorization is None:
        del writer.headers["Authorization"]
    response = writer.post("/api/documents", files={"files": ("a.txt", ARTICLE)}, headers=headers)
    assert response.status_code == 401
    assert stored(writer) == 0


def test_upload_with_the_token_is_ingested(writer: TestClient) -> None:
    response = writer.post("/api/documents", files={"files": ("a.txt", ARTICLE)})
    assert response.status_code == 200, response.text
    assert len(response.json()["added"]) == 1 and stored(writer) == 1


def test_oversize_file_is_refused_whole(writer: TestClient) -> None:
    files = [("files", ("small.txt", ARTICLE)), ("files", ("big.txt", b"word " * 2000))]
    response = writer.post("/api/documents", files=files)
    assert response.status_code == 413
    assert stored(writer) == 0


def test_too_many_files_are_refused_whole(writer: TestClient) -> None:
    files = [("files", (f"{n}.txt", ARTICLE + str(n).encode())) for n in range(4)]
    response = writer.post("/api/documents", files=files)
    assert 400 <= response.status_code < 500
    assert stored(writer) == 0


def test_declared_length_over_the_limit_is_refused_unread(writer: TestClient) -> None:
    response = writer.post(
        "/api/documents",
        content=b"x" * 10,
        headers={"Content-Length": str(10**9), "Content-Type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 413


TRAVERSING_NAMES = [
    "../../../../../../{root}/escaped.txt",
    "..\\..\\..\\..\\..\\..\\{root}\\escaped.txt",
    "{root}/escaped.txt",
    "....//....//{root}/escaped.txt",
    "%2e%2e%2f%2e%2e%2f{root}/escaped.txt",
    ".hidden.txt",
]


@pytest.mark.parametrize("template", TRAVERSING_NAMES)
def test_upload_names_cannot_leave_the_upload_folder(
    writer: TestClient, tmp_path: Path, template: str
) -> None:
    name = template.format(root=str(tmp_path).lstrip("/"))
    response = writer.post("/api/documents", files={"files": (name, ARTICLE)})
    assert response.status_code == 200, response.text
    assert not any(tmp_path.rglob("escaped.txt")), "an upload was written outside its folder"
    assert stored(writer) == 1
    sources = [e["source"] for e in response.json()["errors"]]
    assert not any(".." in s or "/" in s.removeprefix("upload:") for s in sources)


SECRET_MARKERS = ("root:x:0:0", "[project]", "PRIVATE KEY")
PROBES = [
    "/static/../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static//etc/passwd",
    "/api/documents/..%2f..%2f..%2fetc%2fpasswd",
    "/api/entities/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/api/entities/../../../../etc/passwd",
    "/entities/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/api/outlets/..%2f..%2fpyproject.toml",
    "/documents/....//....//etc/passwd",
    "/api/stories/%00",
]


@pytest.mark.parametrize("path", PROBES)
def test_no_path_reaches_files_outside_the_app(reader: TestClient, path: str) -> None:
    response = reader.get(path)
    assert response.status_code < 500
    assert not any(marker in response.text for marker in SECRET_MARKERS)


QUERY_TEXT = st.text(max_size=40)


@FUZZ
@given(
    q=QUERY_TEXT,
    outlet=QUERY_TEXT,
    since=QUERY_TEXT,
    entity=QUERY_TEXT,
    page=st.integers(min_value=-(2**40), max_value=2**40).map(str) | QUERY_TEXT,
)
def test_hostile_filters_never_crash_a_request(
    reader: TestClient, q: str, outlet: str, since: str, entity: str, page: str
) -> None:
    params = {"q": q, "outlet": outlet, "since": since, "entity": entity, "page": page}
    for path in ("/", "/api/stories"):
        response = reader.get(path, params=params)
        assert response.status_code < 500, (path, params, response.text[:300])


@FUZZ
@given(segment=st.text(min_size=1, max_size=60))
def test_hostile_ids_never_crash_a_request(reader: TestClient, segment: str) -> None:
    for prefix in ("/api/stories/", "/api/documents/", "/api/entities/", "/api/outlets/",
                   "/stories/", "/documents/", "/entities/", "/outlets/"):  # fmt: skip
        response = reader.get(prefix + quote(segment, safe=""))
        assert response.status_code < 500, (prefix, segment, response.text[:300])


@settings(FUZZ, max_examples=10)
@given(
    name=st.text(max_size=80),
    data=st.binary(max_size=2048) | st.text(max_size=400).map(str.encode),
)
def test_any_upload_is_answered_without_a_crash(writer: TestClient, name: str, data: bytes) -> None:
    before = stored(writer)
    response = writer.post("/api/documents", files={"files": (name, data)})
    assert response.status_code < 500, response.text[:300]
    if response.status_code == 200:
        result = response.json()
        assert stored(writer) == before + len(result["added"])
        assert all(e["source"].startswith("upload:") for e in result["errors"])
