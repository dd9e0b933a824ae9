"""A second `marsad ingest` of the same records, with enrichment: what duplicates cost.

Writes the first N ANT corpus records (`../shared/data/ant_corpus_multisource/
articles.jsonl`, or `--data`) to a JSON Lines file, ingests it into a fresh SQLite
file twice through `ingest_paths` (one process, enrichment and tracking on) and
prints both times and reports. `--no-check` turns the duplicate check before
enrichment off (every known record is enriched again, as before the check), for the
before/after comparison. `--pages` writes each record as an HTML page file instead,
so the second ingest extracts every page again and checks its article after.

    .venv/bin/python bench/bench_reingest.py [--articles 300] [--no-check] [--pages]
"""

from __future__ import annotations

import argparse
import html
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


def _as_page(record: dict[str, str]) -> str:
    """A plain news page around one corpus record."""
    title = html.escape(record["title"])
    paragraphs = "".join(
        f"<p>{html.escape(part)}</p>" for part in record["text"].split("\n") if part.strip()
    )
    return (
        f'<html lang="ar"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{html.escape(record["url"])}"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def _write_input(data: Path, folder: Path, articles: int, pages: bool) -> Path:
    """The first `articles` records as one JSON Lines file, or as page files."""
    with data.open(encoding="utf-8") as lines:
        taken = list(islice(lines, articles))
    if not pages:
        records = folder / "records.jsonl"
        records.write_text("".join(taken), "utf-8")
        return records
    pages_folder = folder / "pages"
    pages_folder.mkdir()
    for number, line in enumerate(taken):
        page = _as_page(json.loads(line))
        (pages_folder / f"{number:05d}.html").write_text(page, "utf-8")
    return pages_folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-check", action="store_true", help="enrich known records again")
    parser.add_argument("--pages", action="store_true", help="the records as HTML pages")
    options = parser.parse_args()
    if not options.data.exists():
        print(f"no corpus at {options.data}; pass --data", file=sys.stderr)
        return 1
    if options.no_check:
        KnownArticles.is_known = _never_known  # type: ignore[method-assign,assignment]
    with tempfile.TemporaryDirectory() as folder:
        records = _write_input(options.data, Path(folder), options.articles, options.pages)
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
