"""`marsad export` beyond the contract: --query, --story, --full, --output, formats,
and one-line Arabic errors for a malformed query."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from test_cli_contract import EXPORT_FIELDS, assert_one_line_error, jsonl, marsad

from marsad.services.export_full import FULL_FIELDS


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    records = folder / "records.jsonl"
    rows = [
        {"id": "1", "text": "قصف الحوثيون مواقع قرب صنعاء اليوم", "title": "صنعاء", "site": "a"},
        {"id": "2", "text": "اجتماع في عدن لبحث تبادل الأسرى", "title": "عدن", "site": "b"},
        {"id": "3", "text": "أسعار النفط ترتفع في الأسواق العالمية", "title": "النفط", "site": "b"},
    ]
    records.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    db = folder / "export.db"
    assert marsad("ingest", "--db", str(db), str(records)).returncode == 0
    return db


def test_query_narrows_the_contract_rows(database: Path) -> None:
    result = marsad("export", "--db", str(database), "--query", "صنعاء OR عدن -site:a")
    assert result.returncode == 0, result.stderr
    rows = jsonl(result.stdout)
    assert [row["title"] for row in rows] == ["عدن"]
    assert [list(row) for row in rows] == [EXPORT_FIELDS]


def test_full_rows_carry_the_text(database: Path) -> None:
    rows = jsonl(marsad("export", "--db", str(database), "--full").stdout)
    assert [tuple(row) for row in rows] == [FULL_FIELDS] * 3
    assert rows[2]["text"] == "أسعار النفط ترتفع في الأسواق العالمية"


def test_csv_file_has_a_bom_and_every_row(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    args = ("--format", "csv", "--full", "--output", str(target))
    result = marsad("export", "--db", str(database), *args)
    assert result.returncode == 0 and result.stdout == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [record["title"] for record in records] == ["صنعاء", "عدن", "النفط"]
    assert not list(tmp_path.glob("*.partial"))


def test_parquet_file(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    args = ("--format", "parquet", "--query", "site:b", "--output", str(target))
    assert marsad("export", "--db", str(database), *args).returncode == 0
    assert pq.read_table(target).column("title").to_pylist() == ["عدن", "النفط"]


def test_story_with_no_articles_exports_nothing(database: Path) -> None:
    result = marsad("export", "--db", str(database), "--story", "999")
    assert result.returncode == 0 and result.stdout == ""


def test_a_malformed_query_is_a_one_line_arabic_error(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "never.csv"
    args = ("--query", '"صنعاء', "--output", str(target))
    assert_one_line_error(marsad("export", "--db", str(database), *args), "تنصيص", "1")
    assert not target.exists()
    assert_one_line_error(marsad("search", "--db", str(database), "(صنعاء"), "قوس")
