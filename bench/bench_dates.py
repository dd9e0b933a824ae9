"""How fast `find_dates` reads real articles.

Reads about 2000 articles (half SaudiNewsNet, half ANT) from the shared data beside the
repository, anchors each on its own publication date, and prints articles and characters
per second and the number of expressions found.

    python bench/bench_dates.py [--articles N] [--repeat R]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.steps.dates import find_dates, published_date  # noqa: E402

DATA = ROOT / ".." / "shared" / "data"
SOURCES = (
    DATA / "saudinewsnet" / "articles.jsonl",
    DATA / "ant_corpus_multisource" / "articles.jsonl",
)


def load(count: int) -> list[tuple[str, date | None]]:
    """The first `count` / len(SOURCES) articles of each source, with their dates."""
    articles: list[tuple[str, date | None]] = []
    for source in SOURCES:
        with source.open(encoding="utf-8") as lines:
            for line in itertools.islice(lines, count // len(SOURCES)):
                record = json.loads(line)
                articles.append((record["text"], published_date(record.get("date"))))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    articles = load(args.articles)
    characters = sum(len(text) for text, _ in articles)
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        found = sum(len(find_dates(text, base)) for text, base in articles)
        best = min(best, time.perf_counter() - started)
    print(f"{len(articles)} articles, {characters} characters, {found} expressions")
    print(f"best of {args.repeat}: {best:.2f} s, {len(articles) / best:.0f} articles/s")
    print(f"{characters / best / 1000:.0f}k characters/s")


if __name__ == "__main__":
    main()
