"""Ingest through the executor seam: the same units, outcomes and archive as `ingest`
over `read_paths`, with rejections, failures and repairs counted, none dropped."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from marsad import errors
from marsad.errors import ExtractionError
from marsad.ingest import read_paths
from marsad.ingest.repairs import Repair
from marsad.model import Article, Rejected
from marsad.services.export import export_rows
from marsad.services.ingest import INTERNAL_ERROR, Failure, ingest
from marsad.services.ingest_chunks import (
    ChunkDone,
    PageData,
    Unit,
    chunks_of,
    enrich_chunk,
    store_chunks,
    work_units,
)
from marsad.services.ingest_files import ingest_files
from marsad.services.stories import Tracker
from marsad.store import SQLiteStore

PAGE = (
    '<html lang="ar"><head><meta charset="utf-8"><title>{title}</title></head><body>'
    "<article><h1>{title}</h1><p>{text}</p><p>{text} وأضاف المتحدث أن الاجتماع سيعقد "
    "الأسبوع المقبل في العاصمة لبحث الأوضاع.</p></article></body></html>"
)


def _folder(root: Path) -> Path:
    """Pages (one with a stray byte, one empty), a JSON Lines file, an unsupported file."""
    pages = root / "pages"
    pages.mkdir(parents=True)
    for number in range(5):
        title = f"وزير الخارجية يزور المدينة رقم {number}"
        text = f"قال مسؤول إن الزيارة رقم {number} تناولت ملفات التعاون والتجارة بين البلدين"
        (pages / f"{number}.html").write_text(PAGE.format(title=title, text=text), "utf-8")
    broken = PAGE.format(title="خبر فيه بايت شارد", text="نص الخبر عن الأمطار في المدينة")
    (pages / "5.html").write_bytes(broken.encode("utf-8").replace("الأمطار".encode(), b"\xff"))
    (pages / "empty.html").write_text("<html><body></body></html>", "utf-8")
    records = [
        {"id": f"r{n}", "title": f"خبر {n}", "text": f"نص الخبر رقم {n} عن الاقتصاد والنفط"}
        for n in range(4)
    ]
    (root / "records.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n{bad json\n", "utf-8"
    )
    (root / "notes.docx").write_bytes(b"x")
    return root


class InProcess:
    """The plainest executor: `enrich_chunk` here, in order."""

    def __init__(self, enrich: object = None) -> None:
        self.enrich = enrich

    def run(self, chunks: Iterable[list[Unit]]) -> Iterator[ChunkDone]:
        for chunk in chunks:
            yield enrich_chunk(chunk, self.enrich)  # type: ignore[arg-type]


def _where(item: Unit) -> str:
    if isinstance(item, PageData):
        return item.where
    if isinstance(item, Rejected):
        return item.where
    return item.origin or ""


def test_work_units_come_in_the_order_and_with_the_rejections_of_read_paths(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path)
    missing = tmp_path / "missing.html"
    units = list(work_units([folder, missing]))
    read = list(read_paths([folder, missing]))
    assert [_where(unit) for unit in units] == [
        item.where if isinstance(item, Rejected) else item.origin for item in read
    ]
    assert any(isinstance(unit, PageData) for unit in units)
    reasons = [unit.code for unit in units if isinstance(unit, Rejected)]
    assert errors.UNSUPPORTED in reasons and errors.BAD_JSON in reasons


def test_the_seam_stores_what_ingest_over_read_paths_stores(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "input")
    repairs_old: list[Repair] = []
    repairs_new: list[Repair] = []
    with SQLiteStore(tmp_path / "old.db") as old:
        before = ingest(
            old, read_paths([folder], on_repair=repairs_old.append), track=Tracker().track
        )
        rows_before = list(export_rows(old))
    with SQLiteStore(tmp_path / "new.db") as new:
        after = ingest_files(new, [folder], InProcess(), on_repair=repairs_new.append)
        rows_after = list(export_rows(new))
    assert (after.new, after.duplicates, after.rejected, after.errors) == (
        before.new,
        before.duplicates,
        before.rejected,
        before.errors,
    )
    assert after.reasons == before.reasons
    assert after.new == 10 and after.reasons[errors.EMPTY_TEXT] == 1
    assert repairs_new == repairs_old and len(repairs_new) == 1

    def content(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(r["id"], r["title"], r["url"], r["story"], r["duplicate_of"]) for r in rows]

    assert content(rows_after) == content(rows_before)


def _raising(article: Article) -> Article:
    if "رقم 1" in article.text:
        raise ExtractionError("nothing to keep", "somewhere")
    if "رقم 2" in article.text:
        raise RuntimeError("a bug")
    return article


def test_enrichment_rejections_and_failures_are_values_then_counted(tmp_path: Path) -> None:
    articles: list[Unit] = [
        Article(text=f"نص الخبر رقم {n}", url=f"https://news.example/{n}", origin=f"in:{n}")
        for n in range(4)
    ]
    done = enrich_chunk(articles, _raising)
    assert done.units == 4
    kinds = [type(outcome).__name__ for outcome in done.outcomes]
    assert kinds == ["Article", "Rejected", "Failure", "Article"]
    failure = done.outcomes[2]
    assert isinstance(failure, Failure) and failure.where == "in:2" and "a bug" in failure.message
    with SQLiteStore(":memory:") as store:
        report = store_chunks(store, [done], batch_size=2)
    assert (report.new, report.rejected, report.errors) == (2, 1, 1)
    assert [example.code for example in report.examples] == [
        ExtractionError.code,
        INTERNAL_ERROR,
    ]


def test_progress_counts_units_after_each_written_batch(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    seen: list[int] = []
    with SQLiteStore(":memory:") as store:
        chunks = InProcess().run(chunks_of(work_units([folder]), 3))
        store_chunks(store, chunks, batch_size=4, on_progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == len(list(work_units([folder])))
    assert len(seen) >= 3


@pytest.mark.parametrize("size", [1, 8])
def test_chunks_keep_the_order_and_lose_nothing(size: int) -> None:
    units: list[Unit] = [Rejected("x", "y", str(n)) for n in range(11)]
    chunks = list(chunks_of(units, size))
    assert [unit for chunk in chunks for unit in chunk] == units
    assert all(len(chunk) <= size for chunk in chunks)
