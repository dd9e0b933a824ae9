"""How enrichment time grows with the size of one article.

Builds one text of each size from the shipped demo sample (real SaudiNewsNet news,
one paragraph per article, the sample repeated when a size needs more), enriches it
with `Enricher` as ingest does, and prints the seconds per size and per megabyte. A
linear pipeline keeps seconds per megabyte flat as the size doubles. Sizes are UTF-8
megabytes (2**20 bytes), as the enricher's size cap counts them; the cap itself is
lifted here so that 2 MB can be measured. CPU seconds are printed beside wall seconds:
on a shared machine they move much less with the neighbours' load.

    python bench/bench_enrich_size.py [--sizes 0.25 0.5 1 2] [--profile 1]

`--profile SIZE` also runs cProfile on that size and prints the 25 costliest
functions (cumulative), to find where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import pstats
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.model import Article  # noqa: E402
from marsad.steps.pipeline import Enricher  # noqa: E402

DEMO = ROOT / "marsad" / "resources" / "demo" / "articles.jsonl.gz"
MEGABYTE = 2**20
BASE = date(2015, 8, 10)  # the sample's days, so relative dates resolve as in the news


def paragraphs() -> list[str]:
    """The demo articles, each flattened to one paragraph."""
    with gzip.open(DEMO, "rt", encoding="utf-8") as lines:
        return [" ".join(json.loads(line)["text"].split()) for line in lines]


def text_of_size(size: float, pieces: list[str]) -> str:
    """Whole paragraphs, repeated in order, up to about `size` megabytes."""
    wanted = int(size * MEGABYTE)
    chosen: list[str] = []
    total = 0
    while total < wanted:
        for piece in pieces:
            chosen.append(piece)
            total += len(piece.encode("utf-8")) + 1
            if total >= wanted:
                break
    return "\n".join(chosen)


def enrich_seconds(enricher: Enricher, text: str) -> tuple[float, float, int]:
    """Wall and CPU seconds to enrich `text` as one Arabic article, and the spans found."""
    article = Article(text=text, lang="ar")
    started, cpu_started = time.perf_counter(), time.process_time()
    enriched = enricher(article, BASE)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    spans = (
        len(enriched.entities)
        + len(enriched.places)
        + len(enriched.dates)
        + len(enriched.quantities)
    )
    return seconds, cpu, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0, 2.0])
    parser.add_argument("--profile", type=float, default=None)
    args = parser.parse_args()
    pieces = paragraphs()
    enricher = Enricher.load()
    if hasattr(enricher, "max_text_bytes"):  # measure above the cap too
        enricher = replace(enricher, max_text_bytes=2**40)
    enrich_seconds(enricher, text_of_size(0.05, pieces))  # warm the tagger's memory
    print(f"{'MB':>6} {'characters':>11} {'seconds':>8} {'CPU s':>8} {'CPU s/MB':>8} {'spans':>7}")
    for size in args.sizes:
        text = text_of_size(size, pieces)
        seconds, cpu, spans = enrich_seconds(enricher, text)
        print(f"{size:6.2f} {len(text):11,} {seconds:8.2f} {cpu:8.2f} {cpu / size:8.2f} {spans:7,}")
        sys.stdout.flush()
    if args.profile is not None:
        profiler = cProfile.Profile()
        text = text_of_size(args.profile, pieces)
        profiler.runcall(enricher, Article(text=text, lang="ar"), BASE)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
