"""A Spark standalone cluster on loopback (one master, two workers of one core) and a
local-mode SparkSession, both skipped where Java is missing, and the small mixed corpus
the tests run on: JSONL and WARC, copies, junk and bad records."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from parallax.spark.standalone import Cluster


def needs_spark() -> None:
    pytest.importorskip("pyspark", reason="Spark tests need the 'spark' extra (pyspark)")
    from parallax.spark.standalone import java_missing

    if reason := java_missing():
        pytest.skip(reason)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Started once for the session and always stopped, whatever the tests do."""
    needs_spark()
    from parallax.spark.standalone import standalone_cluster

    with standalone_cluster(tmp_path_factory.mktemp("cluster"), workers=2, cores=1) as started:
        yield started


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """In-process runs, for what needs the job's Python objects rather than its output."""
    needs_spark()
    from parallax.spark.session import spark_session

    session = spark_session("local[2]", shuffle_partitions=2, app_name="parallax-tests")
    yield session
    session.stop()


DAM = (
    "Engineers at Lake Morven said on Tuesday that the old dam held through the night after "
    "record rain. “The spillway did exactly what it was built to do,” said Irena Castell, "
    "head of the Morven River Authority. Residents of Lowmarsh were allowed home on Wednesday "
    "morning. The authority will inspect the dam again on Friday, Castell told reporters."
)
DAM_OTHER = (
    "The Lake Morven dam survived a night of record rain, the Morven River Authority said "
    "Tuesday. Irena Castell, who leads the authority, said the spillway worked as designed "
    "and that the dam would be inspected again on Friday. Families from Lowmarsh returned "
    "home on Wednesday after the evacuation order was lifted."
)
VOTE = (
    "Voters in Harrowgate chose Tomas Verhoef as mayor on Sunday, ending twelve years of rule "
    "by the Civic League. Verhoef won 54 percent of the vote, the election office said. "
    "“Harrowgate asked for change and it will get it,” Verhoef told supporters at the old "
    "grain exchange. His rival, Marta Ilves, conceded on Monday."
)
VOTE_OTHER = (
    "Tomas Verhoef was elected mayor of Harrowgate on Sunday with 54 percent of the vote, "
    "according to the election office. Marta Ilves of the Civic League, which had governed "
    "the town for twelve years, conceded defeat on Monday. Verhoef promised change in a "
    "speech at the grain exchange."
)
FERRY = (
    "The Saltpoint ferry will stop running for three weeks in March while its pier is "
    "rebuilt, the harbour board said on Thursday. Commuters will be offered a bus service "
    "around the bay, board chairman Oskar Lind said."
)
COURIER = [
    "The Riverside library will open on Sundays from April, the town council decided on "
    "Monday after a petition signed by 2,000 residents.",
    "A fire at the old tannery on Mill Lane was put out on Tuesday night; nobody was hurt, "
    "the fire service said.",
    "Riverside Rovers beat Elmford 3-1 on Saturday and lead the county league by four points "
    "with six games left.",
    "The Riverside bridge will close for repairs for two weeks in May, the roads office "
    "said, and buses will take the ferry road instead.",
    "Schools in Riverside will get new science rooms next year, paid for by a county grant "
    "of 1.2 million, the education board said on Wednesday.",
]
COURIER_FURNITURE = "Riverside Courier | Your town, every day\nSubscribe to the Courier newsletter"
JUNK = "Share this article\nLeave a Reply\nYour email address will not be published."


def page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | News</nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>{JUNK}</footer></body></html>"
    ).encode()


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """HTML responses, plus a request and an image response the reader must skip."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for url, title, body in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(page(title, body)), http_headers=headers
                )
            )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://pics.example/x.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n"),
                http_headers=image,
            )
        )


def write_corpus(root: Path) -> Path:
    """Folders with files in several formats; returns the corpus folder."""
    corpus = root / "corpus"
    (corpus / "feeds" / "older").mkdir(parents=True)
    records = [
        {
            "url": "https://www.morvenpost.example/dam",
            "title": "Morven dam holds",
            "text": f"{DAM}\n{JUNK}",
            "date": "2026-03-10T09:00:00Z",
        },
        {
            "url": "https://harrowgate-herald.example/vote",
            "title": "Verhoef wins Harrowgate",
            "text": VOTE,
            "date": "2026-03-08",
        },
        {"url": "https://copies.example/dam", "title": "Dam holds", "text": f"{DAM}\n{JUNK}"},
        {"title": "no body at all"},
        {"url": "https://bayline.example/ferry", "title": "Ferry pause", "text": FERRY},
    ]
    lines = [json.dumps(r) for r in records]
    lines.insert(3, "{not json")
    (corpus / "feeds" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "feeds" / "older" / "late.jsonl").write_text(
        json.dumps(
            {
                "url": "https://lowmarsh-news.example/home",
                "title": "Lowmarsh families go home",
                "text": DAM_OTHER,
                "date": "2026-03-11",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    courier = [
        {"url": f"https://riversidecourier.example/{n}", "text": f"{COURIER_FURNITURE}\n{text}"}
        for n, text in enumerate(COURIER)
    ]
    (corpus / "feeds" / "courier.jsonl").write_text(
        "\n".join(json.dumps(r) for r in courier) + "\n", encoding="utf-8"
    )
    write_warc(
        corpus / "crawl.warc.gz",
        [
            ("https://www.civicdaily.example/harrowgate", "Harrowgate elects Verhoef", VOTE_OTHER),
            ("https://www.morvenpost.example/dam-again", "Morven dam holds", DAM),
        ],
    )
    (corpus / "notes.md").write_text("not an input type: passed over in folders")
    return corpus


@pytest.fixture(scope="session")
def spark_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("spark-corpus"))
