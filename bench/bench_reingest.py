"""A second `marsad ingest` of the same records, with enrichment: what duplicates cost.

Writes the first N ANT corpus records (`../shared/data/ant_corpus_multisource/
articles.jsonl`, or `--data`) to a JSON Lines file, ingests it into a fresh SQLite
file twice through `ingest_paths` (one process, enrichment and tracking on) and
prints both times and reports. `--no-check` turns the duplicate check before
enrichment off (every known record is enriched again, as before the check), for the
before/after comparison.

    .venv/bin/python bench/bench_reingest.py [--articles 300] [--no-check]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from marsad.model import Article
from marsad.run.ingest import ingest_paths
from marsad.services.ingest_known import KnownArticles

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "ant_corpus_multisource"
    / "articles.jsonl"
)


def _never_known(_self: KnownArticles, _article: Article) -> bool:
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-check", action="store_true", help="enrich known records again")
    options = parser.parse_args()
    if not options.data.exists():
        print(f"no corpus at {options.data}; pass --data", file=sys.stderr)
        return 1
    if options.no_check:
        KnownArticles.is_known = _never_known  # type: ignore[method-assign,assignment]
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "records.jsonl"
        with options.data.open(encoding="utf-8") as lines:
            records.write_text("".join(islice(lines, options.articles)), "utf-8")
        database = Path(folder) / "bench.db"
        for run in ("first", "second"):
            started = time.perf_counter()
            report = ingest_paths(database, [records])
            seconds = time.perf_counter() - started
            counts = {"new": report.new, "duplicates": report.duplicates}
            print(f"{run} ingest: {seconds:.2f} s {json.dumps(counts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
