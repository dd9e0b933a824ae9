"""Cost of the query language and of full exports.

Builds a store from the first `--articles` ANT corpus records (no enrichment), then:
p50/p95 of `store.search` and of the search page's `browse` for plain queries (the
queries of before the query language: their cost must not change), for operator
queries (OR, NOT, phrase, fields), and the rows per second and peak traced memory of
a full export in each format (the memory must not grow with the rows exported).

    .venv/bin/python bench/bench_query.py --articles 5000

The plain-query part runs on older checkouts too (it only uses `search`/`browse`),
so the same script gives the before and after numbers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from itertools import islice
from pathlib import Path

from marsad.ingest.jsonl import read_jsonl
from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.store import SQLiteStore

ANT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ant_corpus_multisource"
PLAIN = ("السعودية", "اليمن الحوثيين", "اللاجئين", "وزير الخارجية الأمريكي", "مفاوضات جنيف")
OPERATORS = (
    "السعودية OR اليمن",
    "الحوثيين -صنعاء",
    '"وزير الخارجية"',
    '"وزير الخارجية" (إيران OR تركيا)',
    "site:x -السعودية",
    "ترامب from:2018-05-01 to:2018-06-30",
)
REPEAT = 30


def _timed(call: Callable[[], object]) -> tuple[float, float]:
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95)] * 1000


def _articles(count: int) -> list[Article]:
    records = islice(read_jsonl(ANT / "articles.jsonl"), count)
    return [record for record in records if isinstance(record, Article)]


def _queries(store: SQLiteStore, queries: tuple[str, ...]) -> None:
    from marsad.store.sqlite_web import SearchFilters

    for query in queries:
        search = _timed(partial(store.search, query, 20))
        page = _timed(
            partial(store.browse, query, SearchFilters(), sort="relevance", limit=20, offset=0)
        )
        hits = len(store.search(query, 1000))
        print(
            f"| `{query}` | {hits} | {search[0]:.1f} / {search[1]:.1f} "
            f"| {page[0]:.1f} / {page[1]:.1f} |"
        )


def _exports(store: SQLiteStore) -> None:
    from marsad.services.export_formats import encode
    from marsad.services.export_full import ExportSelection, full_rows

    total = store.count()
    for name in ("jsonl", "csv", "parquet", "geojson"):
        peaks = []
        for share in (4, 1):  # a quarter of the archive, then all of it
            selection = ExportSelection()
            rows = islice(full_rows(store, selection), total // share)
            tracemalloc.start()
            start = time.perf_counter()
            size = sum(len(chunk) for chunk in encode(name, rows))
            elapsed = time.perf_counter() - start
            peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
            tracemalloc.stop()
        rate = total / elapsed
        print(
            f"| {name} | {total} | {rate:.0f} | {size / 2**20:.1f} "
            f"| {peaks[0]:.1f} → {peaks[1]:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--plain-only", action="store_true", help="for older checkouts")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "q.db") as store:
        articles = _articles(arguments.articles)
        start = time.perf_counter()
        ingest(store, articles)
        print(f"ingested {store.count()} articles in {time.perf_counter() - start:.0f} s\n")
        print("| query | hits | search p50 / p95 ms | search page p50 / p95 ms |")
        print("| --- | --- | --- | --- |")
        _queries(store, PLAIN)
        if arguments.plain_only:
            return
        _queries(store, OPERATORS)
        print("\n| format | rows | rows/s | MiB | peak traced MiB (¼ → all rows) |")
        print("| --- | --- | --- | --- | --- |")
        _exports(store)
        print(json.dumps({"articles": store.count()}))


if __name__ == "__main__":
    main()
