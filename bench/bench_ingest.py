"""Ingest and search speed of the SQLite store on real Arabic news.

Reads the first N articles of the ANT corpus (beside the repository, in
`../shared/data/ant_corpus_multisource/articles.jsonl`, or `--data`), ingests them
without enrichment into a fresh SQLite file, then runs 100 Arabic queries made from
words of the articles' titles and reports the latency percentiles and peak RSS.

    python bench/bench_ingest.py [--articles 2000] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.search import search
from marsad.store import SQLiteStore

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "ant_corpus_multisource"
    / "articles.jsonl"
)
QUERIES = 100


def read_articles(path: Path, limit: int) -> Iterator[Article]:
    """The first `limit` records of the corpus as articles, streamed."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if number > limit:
                return
            record = json.loads(line)
            yield Article(
                text=record["text"],
                title=record["title"],
                url=record["url"],
                external_id=record["id"],
                site=record["source_name"],
                published=record["date"],
                origin=f"{path.name}:{number}",
            )


def make_queries(path: Path, limit: int, count: int) -> list[str]:
    """`count` queries of one or two title words (four letters or more), spread over the set."""
    titles = [article.title for article in read_articles(path, limit)]
    step = max(1, len(titles) // count)
    queries: list[str] = []
    for number, title in enumerate(titles[::step][:count]):
        long_words = [word for word in title.split() if len(word) >= 4] or title.split()[:1]
        queries.append(" ".join(long_words[: 1 + number % 2]))
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    options = parser.parse_args()
    if not options.data.exists():
        print(f"no corpus at {options.data}; pass --data", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "b.db") as store:
        started = time.perf_counter()
        report = ingest(store, read_articles(options.data, options.articles))
        ingest_seconds = time.perf_counter() - started

        latencies: list[float] = []
        hits = 0
        for query in make_queries(options.data, options.articles, QUERIES):
            started = time.perf_counter()
            hits += len(search(store, query, limit=10))
            latencies.append(time.perf_counter() - started)

    handled = report.new + report.duplicates
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("articles read", f"{handled}"),
        ("new / duplicates", f"{report.new} / {report.duplicates}"),
        ("ingest time (s)", f"{ingest_seconds:.2f}"),
        ("ingest rate (articles/s)", f"{handled / ingest_seconds:.0f}"),
        ("queries", f"{len(latencies)} ({hits} hits, limit 10)"),
        ("search p50 (ms)", f"{1000 * statistics.median(latencies):.1f}"),
        ("search p95 (ms)", f"{1000 * percentile(latencies, 0.95):.1f}"),
        ("peak RSS (MB)", f"{peak_rss_mb:.0f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
