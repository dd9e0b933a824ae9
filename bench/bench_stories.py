"""Benchmark: copy detection + story tracking over a growing archive.

Real articles (SaudiNewsNet and the ANT corpus, read from ../shared/data/) are
streamed again and again until `--total` articles, each repetition perturbed so it
is a new article rather than a copy: dates shifted by `SHIFT_DAYS` per repetition,
and about a quarter of the words replaced by other words of the corpus (which breaks
most 5-word shingles, so the LSH sees new texts, while the vocabulary, and with it
the clustering work, stays realistic). The stream is ingested with tracking into a
fresh SQLite file, `--slice` articles at a time; each slice prints its rate and the
process's resident memory. Flat rates across slices mean the per-article cost does
not grow with the archive. CPU time per article is the steadier measure on a machine
shared with other work (wall-clock rates follow the neighbours' load); words/s
corrects for slices holding longer or shorter articles (SaudiNewsNet comes first,
then the ANT corpus).

    .venv/bin/python bench/bench_stories.py --total 100000 --slice 10000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path

from marsad.dedup.provenance import timestamp
from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.store import open_store

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SHIFT_DAYS = 120
REPLACED_SHARE = 0.25


def _base_articles() -> list[Article]:
    articles: list[Article] = []
    for name in ("saudinewsnet", "ant_corpus_multisource"):
        with (DATA / name / "articles.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                articles.append(
                    Article(
                        text=row["text"],
                        title=row.get("title") or "",
                        url=row.get("url"),
                        external_id=row["id"],
                        site=row.get("source"),
                        published=row.get("date"),
                    )
                )
    articles.sort(key=lambda article: timestamp(article.published))
    return articles


def _shifted(published: str | None, days: int) -> str | None:
    if not published or days == 0:
        return published
    try:
        return (datetime.fromisoformat(published) + timedelta(days=days)).isoformat()
    except ValueError:
        return published


def _perturbed(article: Article, repetition: int, vocabulary: list[str]) -> Article:
    if repetition == 0:
        return article
    generator = random.Random(f"{article.external_id}/{repetition}")
    words = article.text.split()
    for index in range(len(words)):
        if generator.random() < REPLACED_SHARE:
            words[index] = generator.choice(vocabulary)
    return replace(
        article,
        text=" ".join(words),
        url=f"{article.url}/r{repetition}" if article.url else None,
        external_id=f"{article.external_id}/r{repetition}",
        published=_shifted(article.published, SHIFT_DAYS * repetition),
    )


def stream(total: int) -> Iterator[Article]:
    """`total` articles: the corpora, then perturbed repetitions of them."""
    base = _base_articles()
    generator = random.Random(7)
    vocabulary = [word for article in generator.sample(base, 500) for word in article.text.split()]
    produced = 0
    repetition = 0
    while True:
        for article in base:
            if produced == total:
                return
            yield _perturbed(article, repetition, vocabulary)
            produced += 1
        repetition += 1


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--slice", type=int, default=10_000)
    parser.add_argument("--no-track", action="store_true", help="baseline: store only")
    options = parser.parse_args()
    tracker = None if options.no_track else Tracker().track
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        articles = stream(options.total)
        print(
            "| slice | new articles | seconds | articles/s | words/s | CPU ms/article "
            "| RSS MiB | database MiB |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        with open_store(path) as store:
            for number in range(1, (options.total + options.slice - 1) // options.slice + 1):
                chunk = list(islice(articles, options.slice))
                if not chunk:
                    break
                started, cpu_started = time.perf_counter(), time.process_time()
                report = ingest(store, chunk, track=tracker)
                seconds = time.perf_counter() - started
                cpu_ms = (time.process_time() - cpu_started) * 1000 / len(chunk)
                size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
                words = sum(len(article.text.split()) for article in chunk)
                print(
                    f"| {number} | {report.new} | {seconds:.1f} | {len(chunk) / seconds:.0f} "
                    f"| {words / seconds:.0f} | {cpu_ms:.1f} | {_rss_mib():.0f} | {size:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
