"""The duplicate check before enrichment: a record the store holds, or a repeat in
the input, is counted as a duplicate exactly as before, without being enriched."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from marsad.model import Article, IngestReport
from marsad.services.ingest_chunks import ChunkDone, Unit, enrich_chunk
from marsad.services.ingest_files import ingest_files
from marsad.services.ingest_known import KnownArticles, duplicate_keys
from marsad.store import SQLiteStore


class CountingEnricher:
    """An enricher that marks each article and counts the articles it was given."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, article: Article) -> Article:
        self.calls += 1
        return replace(article, lang="ar")


class CountingExecutor:
    """`enrich_chunk` in this process with a `CountingEnricher`."""

    def __init__(self) -> None:
        self.enricher = CountingEnricher()

    def run(self, chunks: Iterable[list[Unit]]) -> Iterator[ChunkDone]:
        for chunk in chunks:
            yield enrich_chunk(chunk, self.enricher)


def _record(number: int, text: str | None = None) -> dict[str, str]:
    return {
        "id": f"r{number}",
        "url": f"https://news.example/ar/{number}",
        "title": f"خبر رقم {number} عن الاقتصاد",
        "text": text or f"نص الخبر رقم {number} عن أسعار النفط والتجارة بين البلدين",
    }


def _folder(root: Path, records: list[dict[str, str]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (root / "records.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return root


def _counts(report: IngestReport) -> tuple[int, int, int, int]:
    return report.new, report.duplicates, report.errors, report.rejected


def _ingest(store: SQLiteStore, folder: Path) -> tuple[IngestReport, int]:
    executor = CountingExecutor()
    report = ingest_files(store, [folder], executor, track=False)
    return report, executor.enricher.calls


def test_a_second_ingest_enriches_nothing_and_reports_duplicates(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "in", [_record(number) for number in range(12)])
    with SQLiteStore(tmp_path / "m.db") as store:
        first, first_calls = _ingest(store, folder)
        second, second_calls = _ingest(store, folder)
        assert store.count() == 12
    assert (_counts(first), first_calls) == ((12, 0, 0, 0), 12)
    assert (_counts(second), second_calls) == ((0, 12, 0, 0), 0)


def test_a_repeat_inside_one_input_is_enriched_once(tmp_path: Path) -> None:
    same = "نص واحد يتكرر في الملف عن زيارة الوزير إلى العاصمة"
    repeat = {**_record(3, same), "title": _record(1)["title"]}  # 1's title and text
    records = [_record(1, same), _record(2), repeat]
    folder = _folder(tmp_path / "in", records)
    with SQLiteStore(tmp_path / "m.db") as store:
        report, calls = _ingest(store, folder)
        assert store.count() == 2
    assert (_counts(report), calls) == ((2, 1, 0, 0), 2)


def test_a_copy_under_a_new_url_and_id_is_known_by_its_folded_content(tmp_path: Path) -> None:
    with SQLiteStore(":memory:") as store:
        original = Article(
            text="قال الوزير إنّ المحادثات مستمرة", title="المحادثات", url="https://a.example/1"
        )
        [result] = store.add_articles([original])
        copy = replace(original, url="https://b.example/2", text="قال الوزير إن المحادثات مستمرة")
        assert store.stored_id(copy) == result.id
        assert KnownArticles(store).is_known(copy)
        other = replace(original, url="https://b.example/3", text="خبر آخر تماما")
        assert store.stored_id(other) is None


def test_the_keys_are_the_stores_and_a_bad_url_is_left_to_the_writer() -> None:
    article = Article(text="نص", url="HTTPS://News.Example/a/#top", site="s", external_id="7")
    kinds = [kind for kind, _ in duplicate_keys(article)]
    assert kinds == ["url", "content", "id"]
    assert ("url", "https://news.example/a") in duplicate_keys(article)
    broken = Article(text="نص", url="http://[::1/")
    assert [kind for kind, _ in duplicate_keys(broken)] == []


def test_same_results_whatever_the_check_sees_between_runs(tmp_path: Path) -> None:
    """A record added in a later input next to known ones is the only one enriched."""
    with SQLiteStore(tmp_path / "m.db") as store:
        _ingest(store, _folder(tmp_path / "a", [_record(number) for number in range(3)]))
        report, calls = _ingest(
            store, _folder(tmp_path / "b", [_record(number) for number in range(4)])
        )
    assert (_counts(report), calls) == ((1, 3, 0, 0), 1)
