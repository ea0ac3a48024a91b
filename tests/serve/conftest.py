"""Fixtures for the web app: a database filled by the real pipeline from texts written
here, a database of hostile records saved directly, and clients for both; each on
SQLite and on PostgreSQL (see tests/conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import SEEDS, Databases
from parallax.annotate import Annotator
from parallax.ingest import read_paths
from parallax.models import (
    Annotations,
    Article,
    Assignment,
    Comparison,
    Entity,
    Evidence,
    Finding,
    Mention,
    OutletCoverage,
    Quote,
    RawDocument,
    Span,
)
from parallax.pipeline import ingest
from parallax.serve.app import create_app
from parallax.serve.comparisons import StoryData
from parallax.serve.settings import Settings
from parallax.store import Store

NEWS = [
    {
        "outlet": "harbourpost.example",
        "url": "https://harbourpost.example/2026/03/ferry-strike",
        "title": "Ferry crews in Velmora strike over pay",
        "date": "2026-03-12T08:10:00Z",
        "text": "Ferry crews in the port city of Velmora walked off the job on Wednesday, "
        "stranding thousands of commuters, the Velmora Seafarers Union said.\n\n"
        'Union leader Anika Rasmussen said the strike would last "until the company treats '
        'us like people, not like cargo." The ferry operator, Bluewake Lines, said it had '
        "offered a raise of 4 percent.\n\n"
        "Mayor Tomas Ekdahl urged both sides to return to talks on Friday.",
    },
    {
        "outlet": "eastlight.example",
        "url": "https://eastlight.example/news/velmora-ferries-halted",
        "title": "Velmora ferries halted as crews strike",
        "date": "2026-03-12T10:45:00Z",
        "text": "Ferry crews in Velmora went on strike on Wednesday, halting every crossing in "
        "the harbour, the Velmora Seafarers Union said.\n\n"
        "Bluewake Lines spokesman Oskar Lind said the company had offered a raise of 3 percent "
        'and called the walkout "reckless and irresponsible." Union leader Anika Rasmussen '
        "said members voted for the strike by a wide margin.\n\n"
        "Commuters queued for buses along the harbour road for most of the morning.",
    },
    {
        "outlet": "harbourpost.example",
        "url": "https://harbourpost.example/2026/03/library-reopens",
        "title": "Old town library reopens after flood repairs",
        "date": "2026-03-20T12:00:00Z",
        "text": "The old town library in Velmora reopened on Thursday after two years of "
        "repairs following the 2024 flood, the city council said. Librarian Marta Holm said "
        "the children's room had been rebuilt from scratch.",
    },
]
ARTICLE_TEXT = """Harbour Post
12 March, 2026 08:10

Ferry crews in Velmora strike over pay

Ferry crews in the port city of Velmora walked off the job on Wednesday, stranding
thousands of commuters, the Velmora Seafarers Union said.

Mayor Tomas Ekdahl urged both sides to return to talks on Friday.
"""

PAYLOAD_SCRIPT = '<script>window.__pwned = 1; alert("pwned")</script>'
PAYLOAD_IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'
HOSTILE_STORY = "hostile-story"


@pytest.fixture(scope="session")
def news() -> list[dict[str, str]]:
    return NEWS


@pytest.fixture(scope="session")
def article_text() -> str:
    """A plain-text dump as scraped, for uploads."""
    return ARTICLE_TEXT


@pytest.fixture(scope="session")
def payloads() -> tuple[str, str]:
    return PAYLOAD_SCRIPT, PAYLOAD_IMG


@pytest.fixture(scope="session")
def news_db(
    tmp_path_factory: pytest.TempPathFactory, annotator: Annotator, databases: Databases
) -> Iterator[str]:
    """A database the real pipeline filled; built once, opened read-mostly by tests."""
    folder = tmp_path_factory.mktemp("news")
    lines = [json.dumps(record, ensure_ascii=False) for record in NEWS]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with databases.new(folder) as db:
        with Store(db) as store:
            report = ingest(read_paths([folder]), store, annotator=annotator, compare=True)
        assert not report.errors, report.errors
        yield db


BODY = (
    "Ferry crews in the port city of Velmora walked off the job on Wednesday, stranding "
    "thousands of commuters, the Velmora Seafarers Union said.\n\n"
    "Mayor Tomas Ekdahl urged both sides to return to talks on Friday."
)
NAMED = [
    {
        "url": "https://harbourpost.example/ferry",
        "publisher": {"name": "Harbour Post"},
        "title": "Ferry crews strike in Velmora",
        "date": "2026-03-12T08:00:00Z",
        "text": BODY,
    },
    {
        "url": "https://coastwire.example/ferry",
        "title": "Velmora ferry crews walk out",
        "date": "2026-03-12T09:00:00Z",
        "text": BODY.replace("Wednesday", "Wednesday morning"),
    },
]


@pytest.fixture(scope="session")
def named_db(
    tmp_path_factory: pytest.TempPathFactory, annotator: Annotator, databases: Databases
) -> Iterator[str]:
    """Outlets named by their publishers (or not), and the seeds: two unattributed texts."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds not present")
    folder = tmp_path_factory.mktemp("named")
    lines = "\n".join(json.dumps(record) for record in NAMED) + "\n"
    (folder / "named.jsonl").write_text(lines, encoding="utf-8")
    with databases.new(folder) as db:
        with Store(db) as store:
            report = ingest(read_paths([folder, SEEDS]), store, annotator=annotator, compare=True)
        assert not report.errors, report.errors
        yield db


@pytest.fixture
def news_copy(news_db: str, databases: Databases, tmp_path: Path) -> Iterator[str]:
    """A copy of ``news_db`` for a test that writes."""
    with databases.new(tmp_path, template=databases.name(news_db)) as db:
        yield db


def _hostile_records(index: int, outlet: str) -> tuple[RawDocument, Article, Annotations]:
    body = (
        f"The council minutes quoted {PAYLOAD_SCRIPT} in full.\n\n"
        f"A second note read {PAYLOAD_IMG} before it was removed. "
        f"Officials called it a prank number {index}."
    )
    doc_id = f"{index:016x}"
    published = datetime(2026, 4, 1 + index, 9, 0, tzinfo=UTC)
    title = f"Title {PAYLOAD_SCRIPT} {index}"
    raw = RawDocument(
        id=doc_id,
        source=f"hostile-{index}.txt",
        format="text",
        content=body,
        outlet=outlet,
        title=title,
        published=published,
    )
    article = Article(doc_id=doc_id, outlet=outlet, title=title, published=published, body=body)
    sentences = [Span(start=0, end=body.index(".") + 1, text=body[: body.index(".") + 1])]
    entity = Entity(id=f"PERSON:{PAYLOAD_IMG}", name=PAYLOAD_IMG, label="PERSON")
    at = body.index(PAYLOAD_SCRIPT)
    annotations = Annotations(
        doc_id=doc_id,
        sentences=sentences,
        entities=[entity],
        mentions=[
            Mention(
                start=at,
                end=at + len(PAYLOAD_SCRIPT),
                text=PAYLOAD_SCRIPT,
                entity_id=entity.id,
                label="PERSON",
            )
        ],
        quotes=[
            Quote(
                start=at,
                end=at + len(PAYLOAD_SCRIPT),
                text=PAYLOAD_SCRIPT,
                kind="direct",
                speaker=Span(start=at, end=at + 5, text=PAYLOAD_IMG),
                speaker_id=entity.id,
            )
        ],
    )
    return raw, article, annotations


@pytest.fixture
def hostile_db(database: str) -> str:
    """Records whose every text field carries markup, saved without the pipeline."""
    with Store(database) as store:
        for index, outlet in enumerate(["evil.example", f"outlet{PAYLOAD_IMG}"]):
            raw, article, annotations = _hostile_records(index, outlet)
            store.save(raw, article, annotations, Assignment(doc_id=raw.id, story_id=HOSTILE_STORY))
    return database


WIDE_STORY = "wide-story"
WIDE_OUTLETS = [f"outlet{n:02d}.example" for n in range(19)] + ["news.example/world"]


@pytest.fixture(scope="session")
def wide_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One story told by 20 outlets (one named with a '/'), saved without the pipeline:
    the page that once grew 3,700 px wide."""
    db = tmp_path_factory.mktemp("wide") / "wide.db"
    with Store(db) as store:
        for n, outlet in enumerate(WIDE_OUTLETS):
            first = "The Merovka Dam in Ostrel province gave way on Monday night, officials said."
            second = f"Rescuers evacuated {100 + n} people from the town of Tesna on Tuesday."
            body = f"{first}\n\n{second}"
            doc_id = f"{n + 1:016x}"
            published = datetime(2026, 3, 10, 6 + n % 12, tzinfo=UTC)
            title = f"Dam fails in Ostrel, {100 + n} evacuated"
            raw = RawDocument(
                id=doc_id,
                source=f"wide-{n}.txt",
                format="text",
                content=body,
                outlet=outlet,
                title=title,
                published=published,
                url=f"https://{outlet}/dam-{n}",
            )
            article = Article(
                doc_id=doc_id,
                outlet=outlet,
                title=title,
                published=published,
                body=body,
                url=raw.url,
            )
            sentences = [
                Span(start=0, end=len(first), text=first),
                Span(start=len(first) + 2, end=len(body), text=second),
            ]
            store.save(
                raw,
                article,
                Annotations(doc_id=doc_id, sentences=sentences),
                Assignment(doc_id=doc_id, story_id=WIDE_STORY),
            )
    return db


@pytest.fixture(scope="session")
def wide_comparer() -> Callable[[StoryData], Comparison]:
    return _wide_comparison


def _wide_comparison(story: StoryData) -> Comparison:
    """What compare would say of the wide story: all report the dam, they differ on how
    many were evacuated, each alone reports its own number."""
    articles = sorted(story.articles.values(), key=lambda a: a.doc_id)

    def evidence(article: Article, which: int) -> Evidence:
        first, _, second = article.body.partition("\n\n")
        start, text = (0, first) if which == 0 else (len(first) + 2, second)
        return Evidence(
            doc_id=article.doc_id,
            outlet=article.outlet,
            sentence=Span(start=start, end=start + len(text), text=text),
        )

    outlets = [a.outlet for a in articles]
    findings = [
        Finding(
            kind="agreed",
            statement=articles[0].body.partition("\n\n")[0],
            outlets=outlets,
            evidence=[evidence(a, 0) for a in articles],
        ),
        Finding(
            kind="conflict",
            statement=articles[0].body.partition("\n\n")[2],
            outlets=outlets[:2],
            evidence=[evidence(a, 1) for a in articles],
            slot="number",
            values={articles[0].outlet: "100", articles[1].outlet: "101"},
        ),
        *(
            Finding(
                kind="single-source",
                statement=a.body.partition("\n\n")[2],
                outlets=[a.outlet],
                evidence=[evidence(a, 1)],
            )
            for a in articles[2:]
        ),
    ]
    return Comparison(
        story_id=story.summary.id,
        title=None,
        outlets=[
            OutletCoverage(outlet=a.outlet, doc_ids=[a.doc_id], titles=[a.title or ""])
            for a in articles
        ],
        brief=[],
        findings=findings,
        voices=[],
        naming=[],
        loaded=[],
        timeline=[],
    )


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(annotator: Annotator) -> Iterator[ClientFactory]:
    clients: list[TestClient] = []

    def make(db: str, **settings: object) -> TestClient:
        client = TestClient(create_app(db, Settings(**settings), annotator=annotator))  # type: ignore[arg-type]
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
