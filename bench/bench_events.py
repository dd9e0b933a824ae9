"""What the events step costs the enrichment, and whether it stays linear.

Three measurements, CPU seconds (the 2-core machine is shared, wall time wanders):

1. the whole enrichment of real news articles (the demo sample, or any JSON Lines
   with `text` and `published`), in batches of 8 as ingest runs it, with the events
   step and without it (the step replaced by the identity), rounds alternating so
   both see the same load; the drop in articles per second is the step's cost;
2. `find_events` alone on the enriched articles (the step's own speed);
3. `find_events` on one text of growing size made of the sample's articles (its
   spans found once by the enricher): seconds per megabyte stay flat if linear.

    python bench/bench_events.py [--jsonl FILE] [--rounds 3] [--sizes 0.25 0.5 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import marsad.steps.events as events_package  # noqa: E402
import marsad.steps.pipeline as pipeline  # noqa: E402
from marsad.model import Article  # noqa: E402
from marsad.steps.events import find_events  # noqa: E402
from marsad.steps.pipeline import Enricher  # noqa: E402

DEMO = ROOT / "marsad" / "resources" / "demo" / "articles.jsonl.gz"
BATCH = 8  # articles per tagger call, as ingest runs the enricher
MEGABYTE = 2**20
BASE = date(2015, 8, 10)


def read_articles(path: Path | None) -> list[Article]:
    """Articles of a JSON Lines file (gzipped or not), Arabic, with their dates."""
    source = path or DEMO
    data = source.read_bytes()
    if source.suffix == ".gz":
        data = gzip.decompress(data)
    articles: list[Article] = []
    for line in data.decode("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            articles.append(
                Article(text=record["text"], published=record.get("published"), lang="ar")
            )
    return articles


def enrich_cpu(enricher: Enricher, articles: Sequence[Article], events: bool) -> float:
    """CPU seconds to enrich `articles` in batches, with or without the events step."""
    original = getattr(pipeline, "with_events")  # noqa: B009 - replaced below
    if not events:
        setattr(pipeline, "with_events", lambda article: article)  # noqa: B010
    try:
        started = time.process_time()
        for start in range(0, len(articles), BATCH):
            enricher.many(articles[start : start + BATCH])
        return time.process_time() - started
    finally:
        setattr(pipeline, "with_events", original)  # noqa: B010


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jsonl", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    parser.add_argument("--sizes-only", action="store_true", help="skip the enrichment runs")
    args = parser.parse_args()
    articles = read_articles(args.jsonl)
    enricher = replace(Enricher.load(), max_text_bytes=2**40)
    enrich_cpu(enricher, articles[:16], events=True)  # warm the tagger's word memory
    if not args.sizes_only:
        compare(enricher, articles, args.rounds)
    sizes(enricher, articles, args.sizes)


def compare(enricher: Enricher, articles: Sequence[Article], rounds: int) -> None:
    """Measurements 1 and 2: the enrichment with and without the step, the step alone."""
    without: list[float] = []
    with_step: list[float] = []
    for _ in range(rounds):
        without.append(enrich_cpu(enricher, articles, events=False))
        with_step.append(enrich_cpu(enricher, articles, events=True))
    best_without, best_with = min(without), min(with_step)
    print(f"articles: {len(articles)}, rounds: {rounds} (best CPU time of each)")
    print(f"enrichment without events: {len(articles) / best_without:7.1f} articles/s")
    print(f"enrichment with events:    {len(articles) / best_with:7.1f} articles/s")
    print(f"cost of the step: {100 * (best_with - best_without) / best_without:+.1f}% CPU time")

    enriched: list[Article] = []
    for start in range(0, len(articles), BATCH):
        enriched.extend(enricher.many(articles[start : start + BATCH]))
    started = time.process_time()
    found = sum(len(find_events(article)) for article in enriched)
    alone = time.process_time() - started
    print(f"find_events alone: {len(enriched) / alone:,.0f} articles/s, {found} events")


def sizes(enricher: Enricher, articles: Sequence[Article], megabytes: Sequence[float]) -> None:
    """Measurement 3: `find_events` on one text of growing size."""

    # One text made of many articles holds more than the three sports words that make
    # an article a sports report; that rule is lifted here so the sizes compare.
    setattr(events_package, "_about_sport", lambda sentences: False)  # noqa: B010
    text = "\n".join(" ".join(article.text.split()) for article in articles)
    print(f"{'MB':>6} {'characters':>11} {'CPU s':>8} {'CPU s/MB':>9} {'events':>7}")
    for size in megabytes:
        wanted = int(size * MEGABYTE)
        body = (text * (wanted // max(1, len(text.encode("utf-8"))) + 1))[: wanted // 2]
        big = enricher(Article(text=body, lang="ar"), BASE)
        started = time.process_time()
        events = find_events(big)
        cpu = time.process_time() - started
        measured = len(body.encode("utf-8")) / MEGABYTE
        rate = cpu / measured
        print(f"{measured:6.2f} {len(body):11,} {cpu:8.3f} {rate:9.3f} {len(events):7,}")


if __name__ == "__main__":
    main()
