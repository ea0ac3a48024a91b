"""Each reader on files the tests write, and every bad-input case of issue 2."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.ingest import read_path, read_paths
from parallax.models import IngestError, RawDocument

ARTICLE = (
    "The river authority said on Tuesday that the dam at Lake Morven held through the night.\n\n"
    "Engineers will inspect the spillway again on Friday, a spokeswoman added."
)
PAGE = f"""<html><head><title>Dam holds at Lake Morven</title>
<link rel="canonical" href="https://www.northgazette.example/dam-holds">
<meta property="article:published_time" content="2026-03-12T08:15:00Z"></head>
<body><nav>Home | World</nav><article><h1>Dam holds</h1><p>{ARTICLE}</p></article></body></html>"""


def only(results: list[RawDocument | IngestError]) -> RawDocument:
    assert len(results) == 1, results
    assert isinstance(results[0], RawDocument), results[0]
    return results[0]


def errors_of(path: Path, **kwargs: int) -> list[str]:
    results = list(read_path(path, **kwargs))
    assert all(isinstance(r, IngestError) for r in results), results
    return [r.reason for r in results if isinstance(r, IngestError)]


def test_text_file_takes_outlet_from_file_name(tmp_path: Path) -> None:
    path = tmp_path / "coastwire.example__dam.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = only(list(read_path(path)))
    assert doc.format == "text"
    assert doc.outlet == "coastwire.example"
    assert doc.language == "en"
    assert doc.content == ARTICLE


def test_text_without_outlet_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "dam.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert only(list(read_path(path))).outlet == "unknown"


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The ministerâ€™s office said it was â€œcalmâ€.", encoding="utf-8")
    assert only(list(read_path(path))).content == "The minister’s office said it was “calm”."


def test_windows_1252_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Jönsson told reporters the café was closed.".encode("cp1252"))
    assert "Jönsson" in only(list(read_path(path))).content


def test_html_metadata_from_head(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = only(list(read_path(path)))
    assert doc.format == "html"
    assert doc.url == "https://www.northgazette.example/dam-holds"
    assert doc.outlet == "northgazette.example"
    assert doc.title == "Dam holds at Lake Morven"
    assert doc.published is not None and doc.published.isoformat() == "2026-03-12T08:15:00+00:00"


def test_gzipped_html_equals_plain(tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.html", tmp_path / "b.html.gz"
    plain.write_text(PAGE, encoding="utf-8")
    packed.write_bytes(gzip.compress(PAGE.encode()))
    assert only(list(read_path(packed))).id == only(list(read_path(plain))).id


def test_jsonl_one_document_per_line_and_bad_lines_reported(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"url": "https://dailymeridian.example/a", "title": "A", "text": ARTICLE}),
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps({"text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"html": PAGE, "outlet": "The Lantern", "date": "2026-03-13"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_path(path))
    docs = [r for r in results if isinstance(r, RawDocument)]
    errors = [r for r in results if isinstance(r, IngestError)]
    assert [d.outlet for d in docs] == ["dailymeridian.example", "northgazette.example"]
    assert docs[1].published is not None and docs[1].published.day == 13
    assert [e.source.rsplit("#", 1)[1] for e in errors] == ["2", "3", "4", "5"]
    assert "malformed JSON" in errors[0].reason
    assert "no 'text' or 'html'" in errors[1].reason
    assert "should be a string" in errors[2].reason
    assert "expected an object" in errors[3].reason


def test_json_file_with_a_list(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    path.write_text(
        json.dumps([{"text": ARTICLE, "outlet": "coastwire.example"}, {"text": ARTICLE + " More."}])
    )
    docs = list(read_path(path))
    assert len({d.id for d in docs if isinstance(d, RawDocument)}) == 2


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        for url, content_type, body in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode()), http_headers=headers
            )
            writer.write_record(record)


def test_warc_reads_html_responses_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://thelantern.example/dam", "text/html; charset=utf-8", PAGE),
            ("https://thelantern.example/logo.png", "image/png", "PNG"),
        ],
    )
    doc = only(list(read_path(path)))
    assert doc.outlet == "thelantern.example"  # where it was fetched, not its canonical link
    assert doc.source.endswith("#https://thelantern.example/dam")


def test_truncated_warc_is_an_error(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, [("https://thelantern.example/dam", "text/html", PAGE)])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-40])
    results = list(read_path(cut))
    assert results and all(isinstance(r, IngestError) for r in results)


def test_not_a_warc_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not a web archive\n" * 3)
    assert any("WARC" in reason for reason in errors_of(path))


def test_rss_feed_items(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        """<?xml version="1.0"?><rss version="2.0"
        xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
        <title>Coast Wire</title><link>https://coastwire.example/</link>
        <item><title>Dam holds</title><link>https://coastwire.example/dam</link>
        <pubDate>Thu, 12 Mar 2026 08:15:00 GMT</pubDate>
        <content:encoded><![CDATA[<p>The river authority said the dam held.</p>
        <p>Engineers will inspect the spillway on Friday.</p>]]></content:encoded></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    doc = only(list(read_path(path)))
    assert (doc.outlet, doc.title, doc.url) == (
        "coastwire.example",
        "Dam holds",
        "https://coastwire.example/dam",
    )
    assert doc.published is not None and doc.published.day == 12


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("bad.json", b'{"text": ', "malformed JSON"),
        ("bad.xml", b"<rss><channel><item>", "feed"),
        ("bad.html.gz", b"\x1f\x8b\x08\x00garbage", "corrupt compressed"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    reasons = errors_of(path)
    assert len(reasons) == 1 and reason in reasons[0], reasons


def test_too_large_document(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 100)
    assert "too large" in errors_of(path, max_bytes=1000)[0]


def test_unreadable_file(tmp_path: Path) -> None:
    assert "unreadable" in errors_of(tmp_path / "missing.txt")[0]


def test_unsupported_named_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK")
    assert "unsupported" in errors_of(path)[0]


def test_folders_are_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE + " Two.")
    (tmp_path / "a" / "one.txt").write_text(ARTICLE + " One.")
    (tmp_path / "a" / "skip.md").write_text("# not an article")
    docs = list(read_paths([tmp_path]))
    assert [Path(d.source).name for d in docs] == ["one.txt", "two.txt"]


def test_same_content_same_id_whatever_the_whitespace(tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(ARTICLE)
    two.write_text("  " + ARTICLE.replace(" ", "  ") + "\n\n")
    assert only(list(read_path(one))).id == only(list(read_path(two))).id


def _page_with(head: str) -> str:
    return PAGE.replace("<title>", f"{head}<title>")


@pytest.mark.parametrize(
    ("head", "name"),
    [
        ('<meta property="og:site_name" content="North Gazette">', "North Gazette"),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
            ' "publisher": {"@type": "Organization", "name": "North Gazette"}}]}</script>',
            "North Gazette",
        ),
        ('<meta name="application-name" content="North Gazette">', "North Gazette"),
        ('<script type="application/ld+json">{not json</script>', None),
        ('<meta property="og:site_name" content="northgazette.example">', None),
    ],
)
def test_html_keeps_the_publishers_name_beside_the_domain(
    tmp_path: Path, head: str, name: str | None
) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page_with(head), encoding="utf-8")
    doc = only(list(read_path(path)))
    assert doc.outlet == "northgazette.example"
    assert doc.outlet_name == name


def test_outlet_name_from_outside_is_one_line_of_valid_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    hostile = "North\x1b]0;owned\x07 \n Gazette\u202e"
    path.write_text(
        _page_with(f'<meta property="og:site_name" content="{hostile}">'), encoding="utf-8"
    )
    assert only(list(read_path(path))).outlet_name == "North]0;owned Gazette\u202e"
    record = {"url": "https://coastwire.example/a", "text": ARTICLE, "publisher": "Coast\udcffWire"}
    lines = tmp_path / "records.jsonl"
    lines.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert only(list(read_path(lines))).outlet_name == "Coast\ufffdWire"


def test_json_records_name_their_outlet_however_they_spell_it(tmp_path: Path) -> None:
    records = [
        {"url": "https://a.example/1", "text": ARTICLE, "publisher": {"name": "Alpha Post"}},
        {"url": "https://b.example/1", "text": ARTICLE, "source": "Beta Times"},
        {"url": "https://c.example/1", "text": ARTICLE, "outlet_name": "Gamma"},
        {"url": "https://d.example/1", "text": ARTICLE, "publisher": 5},
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    docs = [r for r in read_path(path) if isinstance(r, RawDocument)]
    assert [(d.outlet, d.outlet_name) for d in docs] == [
        ("a.example", "Alpha Post"),
        ("b.example", "Beta Times"),
        ("c.example", "Gamma"),
        ("d.example", None),  # a name of the wrong type costs the name, not the record
    ]


def test_feed_entries_take_the_channel_title_as_outlet_name(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>North Gazette</title>
<link>https://northgazette.example/</link><item><title>Dam holds</title>
<link>https://northgazette.example/dam</link><description>{ARTICLE}</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    doc = only(list(read_path(path)))
    assert (doc.outlet, doc.outlet_name) == ("northgazette.example", "North Gazette")
