"""The demo corpus end to end: ingest, then ``parallax story ID --format json``, checked
against the planted facts of examples/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from parallax.cli import app
from parallax.models import Comparison, Finding
from parallax.store import Store

pytestmark = pytest.mark.skipif(
    not (EXAMPLES / "text").is_dir(), reason=f"demo corpus not found at {EXAMPLES}"
)
runner = CliRunner()
GAZETTE, MERIDIAN, WIRE, LANTERN = (
    "northgazette.example",
    "dailymeridian.example",
    "coastwire.example",
    "thelantern.example",
)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("examples") / "demo.db"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def stories(database: Path) -> dict[str, Comparison]:
    """Each story's comparison, keyed by a word of the story that the README names."""
    listed = runner.invoke(app, ["stories", "--db", str(database), "--json"])
    found: dict[str, Comparison] = {}
    for story in json.loads(listed.stdout)["stories"]:
        result = runner.invoke(app, ["story", story["id"], "--db", str(database), "-f", "json"])
        assert result.exit_code == 0, result.stderr
        comparison = Comparison.model_validate_json(result.stdout)
        text = " ".join(e.sentence.text for f in comparison.findings for e in f.evidence)
        for key in ("Merovka", "Varenland", "Salun"):
            if key in text:
                found[key] = comparison
    return found


def conflict(comparison: Comparison, slot: str, *phrases: str) -> Finding | None:
    for finding in comparison.findings:
        sentences = " ".join(e.sentence.text for e in finding.evidence)
        if (
            finding.kind == "conflict"
            and finding.slot == slot
            and all(p in sentences for p in phrases)
        ):
            return finding
    return None


def test_the_syndicated_copy_is_listed_but_not_counted(stories: dict[str, Comparison]) -> None:
    dam = stories["Merovka"]
    copies = [o for o in dam.outlets if o.copies]
    assert [o.outlet for o in copies] == [LANTERN]
    assert copies[0].doc_ids == []
    assert all(LANTERN not in f.outlets for f in dam.findings)


def test_death_toll_and_seepage_warning_conflict(stories: dict[str, Comparison]) -> None:
    dam = stories["Merovka"]
    toll = conflict(dam, "number", "Fourteen people were killed", "At least 12 people")
    assert toll is not None
    assert "Fourteen" in toll.values[WIRE] and "12" in toll.values[GAZETTE]
    warning = conflict(dam, "negation", "confirmed", "denied", "seepage")
    assert warning is not None
    assert set(warning.outlets) == {GAZETTE, WIRE}


def test_rate_story_conflicts(stories: dict[str, Comparison]) -> None:
    bank = stories["Varenland"]
    vote = conflict(bank, "number", "voted 7–2", "6-3 vote")
    assert vote is not None and "7–2" in vote.values[GAZETTE]
    inflation = conflict(bank, "number", "8.4%", "8.9 percent")
    assert inflation is not None
    assert conflict(bank, "negation", "three-quarter-point", "75-basis-point") is not None


def test_ceasefire_is_agreed_and_the_prisoner_swap_disputed(stories: dict[str, Comparison]) -> None:
    truce = stories["Salun"]
    agreed = [f for f in truce.findings if f.kind == "agreed"]
    assert any(
        len(f.outlets) == 3 and all("Salun Valley" in e.sentence.text for e in f.evidence)
        for f in agreed
    )
    assert (
        conflict(truce, "negation", "exchange of prisoners", "denied that a prisoner exchange")
        is not None
    )


def test_loaded_language_belongs_to_the_outlets_that_wrote_it(
    stories: dict[str, Comparison],
) -> None:
    for key, outlet, expected in [
        ("Merovka", MERIDIAN, {"crumbling", "regime", "‘safety review’"}),
        ("Varenland", LANTERN, {"bean-counters", "‘independent’", "rubber-stamped"}),
        ("Salun", LANTERN, {"regime", "‘ceasefire’", "warmongers"}),
    ]:
        own = [t for t in stories[key].loaded if not t.quoted]
        assert expected <= {t.text for t in own if t.outlet == outlet}, key
        assert {t.outlet for t in own} == {outlet}, key


def test_naming_differences_are_shown(stories: dict[str, Comparison]) -> None:
    kavelin = [n for n in stories["Salun"].naming if "Kavelin" in n.name]
    assert kavelin and kavelin[0].differs
    forms = {f for fs in kavelin[0].forms.values() for f in fs}
    assert {"Dmitri Kavelin", "Dmitry Kavelin"} <= forms


def test_evidence_is_verbatim(database: Path, stories: dict[str, Comparison]) -> None:
    with Store(database) as store:
        for comparison in stories.values():
            for finding in comparison.findings:
                for e in finding.evidence:
                    article = store.article(e.doc_id)
                    assert article is not None
                    assert article.body[e.sentence.start : e.sentence.end] == e.sentence.text


def test_compare_command_sets_a_copy_apart() -> None:
    text = EXAMPLES / "text"
    files = [
        text / "coastwire.example__karvenia-dam-collapse-kills-14.txt",
        text / "thelantern.example__fourteen-dead-merovka-dam-bursts.txt",
        text / "northgazette.example__merovka-dam-collapse-ostrel.txt",
    ]
    result = runner.invoke(app, ["compare", *map(str, files), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    comparison = Comparison.model_validate_json(result.stdout)
    coverage = {o.outlet: o for o in comparison.outlets}
    assert coverage[LANTERN].doc_ids == [] and len(coverage[LANTERN].copies) == 1
    assert conflict(comparison, "number", "Fourteen people were killed", "At least 12 people")


@pytest.mark.parametrize(
    ("key", "slot", "phrase"),
    [
        ("Varenland", "number", "wage growth"),
        ("Varenland", "number", "unchanged at 6.75"),
        ("Salun", "negation", "made no concessions"),
    ],
)
def test_no_conflict_where_the_outlets_do_not_disagree(
    stories: dict[str, Comparison], key: str, slot: str, phrase: str
) -> None:
    """Wage growth is not economic growth; the old rate is not a rival new rate; 'made
    no concessions' and 'no deal on prisoners' are different propositions."""
    assert conflict(stories[key], slot, phrase) is None


def test_time_of_the_dam_failure_conflicts(stories: dict[str, Comparison]) -> None:
    found = conflict(stories["Merovka"], "date", "shortly before 3 a.m. on Tuesday", "Monday night")
    assert found is not None
    assert set(found.outlets) == {GAZETTE, MERIDIAN}
    assert "Tuesday" in found.values[GAZETTE] and "Monday" in found.values[MERIDIAN]


def test_venue_of_the_ceasefire_talks_conflicts(stories: dict[str, Comparison]) -> None:
    found = conflict(stories["Salun"], "place", "Hotel Serrano", "government guesthouse")
    assert found is not None
    assert "Hotel Serrano" in found.values[GAZETTE]
    assert "guesthouse" in found.values["thelantern.example"]


def test_start_of_the_truce_conflicts(stories: dict[str, Comparison]) -> None:
    """Sunday (Meridian at noon, Lantern) against 6 a.m. on Monday (Gazette), worded
    with no word in common."""
    found = conflict(stories["Salun"], "date", "6 a.m. on Monday")
    assert found is not None
    other = next(o for o in found.outlets if o != GAZETTE)
    assert other in {MERIDIAN, LANTERN}
    assert "Monday" in found.values[GAZETTE] and "Sunday" in found.values[other]
    assert len([f for f in stories["Salun"].findings if f.kind == "conflict"]) == 3


@pytest.mark.parametrize(
    ("key", "phrases"),
    [
        (
            "Merovka",
            [
                "the Merovka Dam in Karvenia’s Ostrel province gave way",
                "the crumbling Merovka Dam burst late on Monday night",
                "the Merovka Dam in the Ostrel province of Karvenia collapsed",
            ],
        ),
        (
            "Varenland",
            [
                "by half a percentage point to 7.25% on Thursday",
                "by 50 basis points to 7.25 percent on Thursday",
                "pushed its key rate up to 7.25 percent",
            ],
        ),
        (
            "Salun",
            [
                "halt fighting along their disputed border in the Salun Valley for 30 days",
                "reached agreement late on Saturday on a 30-day ceasefire in the Salun Valley",
                "have signed up to a 30-day ‘ceasefire’ in the Salun Valley",
            ],
        ),
    ],
)
def test_each_core_fact_is_agreed_by_all_three_outlets_and_leads(
    stories: dict[str, Comparison], key: str, phrases: list[str]
) -> None:
    """The README's agreed core fact: one agreed finding holding each outlet's wording,
    the first finding of its story."""
    findings = stories[key].findings
    core = [
        n
        for n, f in enumerate(findings)
        if f.kind == "agreed"
        and len(f.outlets) == 3
        and all(any(p in e.sentence.text for e in f.evidence) for p in phrases)
    ]
    assert core and core[0] == 0


@pytest.mark.parametrize("key", ["Merovka", "Varenland", "Salun"])
def test_only_the_planted_conflicts_are_found(stories: dict[str, Comparison], key: str) -> None:
    assert len([f for f in stories[key].findings if f.kind == "conflict"]) == 3
