"""The duplicate check before enrichment, through the executors: a second ingest of
the same folder (records and pages) enriches nothing in this process, and every
executor reports it the same way, as before the check."""

from __future__ import annotations

import gzip
import html
import json
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from marsad.model import Article, IngestReport
from marsad.run import executors
from marsad.run.executors import LocalExecutor, ProcessExecutor
from marsad.run.runtime import open_database
from marsad.services.demo import demo_sample
from marsad.services.ingest_chunks import Enrich, Executor
from marsad.services.ingest_files import ingest_files


def demo_records(count: int) -> list[dict[str, Any]]:
    with gzip.open(demo_sample(), "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, count)]


def as_page(record: dict[str, Any]) -> str:
    """A plain news page around one record."""
    paragraphs = "".join(
        f"<p>{html.escape(part.strip())}</p>" for part in record["text"].split("\n") if part
    )
    title = html.escape(record["title"])
    return (
        f'<html lang="ar"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{html.escape(record["url"])}"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def write_demo_input(folder: Path, records: int, pages: int) -> Path:
    """Demo records as JSON Lines, the next ones as pages, an empty page, a .docx."""
    taken = demo_records(records + pages)
    (folder / "pages").mkdir(parents=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in taken[:records]]
    (folder / "a-records.jsonl").write_text("".join(line + "\n" for line in lines), "utf-8")
    for number, record in enumerate(taken[records:]):
        (folder / "pages" / f"{number:03d}.html").write_text(as_page(record), "utf-8")
    (folder / "pages" / "empty.html").write_text("<html><body></body></html>", "utf-8")
    (folder / "notes.docx").write_bytes(b"not a page")
    return folder


class CountingEnricher:
    """Marks each article Arabic and counts the articles it was given."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, article: Article) -> Article:
        self.calls += 1
        return replace(article, lang="ar")


def _ingest(db: Path, folder: Path, executor: Executor) -> IngestReport:
    with open_database(db) as store:
        return ingest_files(store, [folder], executor, track=False)


def _counts(report: IngestReport) -> tuple[int, int, int, int]:
    return report.new, report.duplicates, report.rejected, report.errors


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingEnricher:
    enricher = CountingEnricher()

    def this_enricher(_enrich: bool) -> Enrich | None:
        return enricher

    monkeypatch.setattr(executors, "worker_enricher", this_enricher)
    return enricher


def test_a_second_ingest_of_records_and_pages_enriches_nothing(
    tmp_path: Path, counting: CountingEnricher
) -> None:
    folder = write_demo_input(tmp_path / "in", records=6, pages=6)
    db = tmp_path / "m.db"
    first = _ingest(db, folder, LocalExecutor())
    enriched_first = counting.calls
    second = _ingest(db, folder, LocalExecutor())
    assert first.new == enriched_first == 12
    assert _counts(second) == (0, 12, 2, 0)  # the empty page and the .docx, as before
    assert counting.calls == enriched_first


def test_a_page_repeating_a_record_is_enriched_once(
    tmp_path: Path, counting: CountingEnricher
) -> None:
    folder = write_demo_input(tmp_path / "in", records=3, pages=0)
    pages = folder / "pages"
    # The records' file sorts first; a page of its second record comes after it.
    (pages / "copy.html").write_text(as_page(demo_records(2)[1]), encoding="utf-8")
    report = _ingest(tmp_path / "m.db", folder, LocalExecutor())
    assert _counts(report) == (3, 1, 2, 0)
    assert counting.calls == 3


def test_worker_processes_report_a_second_ingest_as_one_process_does(tmp_path: Path) -> None:
    folder = write_demo_input(tmp_path / "in", records=6, pages=6)
    local_db, pool_db = tmp_path / "local.db", tmp_path / "pool.db"
    for db in (local_db, pool_db):
        _ingest(db, folder, LocalExecutor(enrich=False))
    local = _ingest(local_db, folder, LocalExecutor(enrich=False))
    with ProcessExecutor(2, enrich=False) as pool:
        pooled = _ingest(pool_db, folder, pool)
    assert _counts(pooled) == _counts(local) == (0, 12, 2, 0)
