"""The contract's commands, run as a user runs them: the installed `marsad` program.

Each test checks the exact output shape of docs/CLI.md on real input, and that bad
input ends with one line on stderr, a non-zero status and no traceback.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "000_de14d7a4effe693a.txt"
MARSAD = shutil.which("marsad", path=str(Path(sys.executable).parent)) or "marsad"
EXPORT_FIELDS = [
    "id",
    "external_id",
    "url",
    "title",
    "site",
    "source",
    "published",
    "story",
    "duplicate_of",
    "entities",
    "places",
    "published_estimated",
    "published_estimated_source",
    "published_estimated_confidence",
]


def marsad(*args: str, stdin: str | bytes = b"") -> subprocess.CompletedProcess[str]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    completed = subprocess.run(
        [MARSAD, *args], input=data, capture_output=True, check=False, timeout=300
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


def jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_extract_the_seed_page() -> None:
    result = marsad("extract", str(SEED))
    assert result.returncode == 0, result.stderr
    [page] = jsonl(result.stdout)
    expected = json.loads((FIXTURES / "seed_expected.json").read_text(encoding="utf-8"))
    assert list(page) == [
        "title",
        "site",
        "source",
        "author",
        "published",
        "tags",
        "text",
        "related",
        "lang",
    ]
    assert page == expected


def test_extract_reads_stdin() -> None:
    result = marsad("extract", "-", stdin=SEED.read_bytes())
    assert result.returncode == 0
    assert jsonl(result.stdout)[0]["source"] == "بلدي نيوز"


def test_extract_of_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    assert_one_line_error(marsad("extract", str(tmp_path / "nope.html")), "nope.html")


def test_ner_keeps_tokens_and_blank_lines() -> None:
    conll = "قال\nالرئيس\nالسوري\nبشار\nالأسد\n\nفي\nدمشق\n.\n"
    result = marsad("ner", stdin=conll)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[5] == ""
    rows = [line.split("\t") for line in lines if line]
    tokens = ["قال", "الرئيس", "السوري", "بشار", "الأسد", "في", "دمشق", "."]
    assert [token for token, _ in rows] == tokens
    tags = dict(rows)
    assert tags["بشار"] == "B-PER" and tags["الأسد"] == "I-PER"
    assert tags["دمشق"] == "B-LOC"


def test_dates_per_the_contract() -> None:
    result = marsad("dates", "--base", "2020-04-10", stdin="اجتمعوا أمس الخميس، وفي آذار 2019.")
    assert result.returncode == 0, result.stderr
    found = jsonl(result.stdout)
    assert [(d["text"], d["value"]) for d in found] == [
        ("أمس الخميس", "2020-04-09"),
        ("آذار 2019", "2019-03"),
    ]
    assert all(list(d) == ["text", "start", "end", "value"] for d in found)


def test_dates_with_a_bad_base_is_a_one_line_error() -> None:
    assert_one_line_error(marsad("dates", "--base", "10/04/2020", stdin="أمس"), "--base")


def test_annotate_per_the_contract() -> None:
    result = marsad("annotate", stdin="نزح نحو 400 ألف شخص من لبنان إلى سوريا بسبب داعش")
    assert result.returncode == 0, result.stderr
    [annotations] = jsonl(result.stdout)
    assert list(annotations) == ["entities", "places", "dates", "quantities"]
    [quantity] = annotations["quantities"]  # type: ignore[misc]
    assert (quantity["value"], quantity["unit"], quantity["kind"]) == (
        400000,
        "people",
        "displaced",
    )
    assert {p["name"] for p in annotations["places"]} == {"لبنان", "سوريا"}  # type: ignore[attr-defined]
    entity_keys = ["text", "start", "end", "type", "id", "name"]
    assert all(list(e) == entity_keys for e in annotations["entities"])  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the seed page and a JSON Lines file with two bad lines."""
    folder = tmp_path_factory.mktemp("contract")
    records = folder / "records.jsonl"
    good = [
        {"id": "a-1", "text": "وصل آلاف اللاجئين السوريين إلى الحدود الأردنية.", "title": "لاجئون"},
        {"id": "a-2", "text": "أعلنت قوات سوريا الديمقراطية السيطرة على الباغوز.", "site": "عنب"},
    ]
    with records.open("wb") as out:
        out.write((json.dumps(good[0], ensure_ascii=False) + "\n").encode("utf-8"))
        out.write(b'{"id": "bad-utf8", "text": "\xff\xfe broken"}\n')
        out.write(b'{"id": "bad-json", "text": \n')
        out.write((json.dumps(good[1], ensure_ascii=False) + "\n").encode("utf-8"))
    db = folder / "contract.db"
    first = marsad("ingest", "--db", str(db), str(SEED), str(records))
    assert first.returncode == 0, first.stderr
    assert "new: 3" in first.stdout and "rejected: 2" in first.stdout
    assert "records.jsonl:2" in first.stderr and "records.jsonl:3" in first.stderr
    again = marsad("ingest", "--db", str(db), str(SEED), str(records))
    assert "new: 0" in again.stdout and "duplicates: 3" in again.stdout
    return db


def test_search_json_finds_variants(database: Path) -> None:
    for query in ("باغوز", "للاجئين", "اللاجئ"):
        result = marsad("search", "--db", str(database), query, "--json")
        assert result.returncode == 0, result.stderr
        hits = jsonl(result.stdout)
        assert hits, query
        assert list(hits[0]) == ["id", "external_id", "url", "title", "snippet", "score"]


def test_show_and_export(database: Path) -> None:
    shown = marsad("show", "--db", str(database), "1")
    assert shown.returncode == 0 and "بلدي نيوز" in shown.stdout
    rows = jsonl(marsad("export", "--db", str(database)).stdout)
    assert [list(row) for row in rows] == [EXPORT_FIELDS] * 3
    seed = next(row for row in rows if row["source"] == "بلدي نيوز")
    assert {"داعش", "قسد"} <= set(seed["entities"])  # type: ignore[arg-type]
    assert {"العراق", "سوريا", "بغداد", "إيطاليا"} <= set(seed["places"])  # type: ignore[arg-type]
    table = list(
        csv.DictReader(
            io.StringIO(marsad("export", "--db", str(database), "--format", "csv").stdout)
        )
    )
    assert list(table[0]) == EXPORT_FIELDS and len(table) == 3


def test_show_of_a_missing_article_is_a_one_line_error(database: Path) -> None:
    assert_one_line_error(marsad("show", "--db", str(database), "999"), "999")


def test_ingest_of_a_missing_path_is_a_one_line_error(tmp_path: Path) -> None:
    result = marsad("ingest", "--db", str(tmp_path / "x.db"), str(tmp_path / "missing"))
    assert_one_line_error(result, "missing")
