"""Build the demo sample shipped in the package from SaudiNewsNet.

SaudiNewsNet (CC BY-NC-SA 4.0, Alhagri 2015) is the one news corpus among the
project's data whose license allows redistribution with attribution. The sample
keeps every outlet, favours regional news (Syria, Iraq, Yemen, refugees) that shows
off entities, places and dates, and keeps agency stories that several papers
carried, so copies and stories can be seen too.

Usage: python scripts/build_demo.py [--corpus PATH] [--size 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections import defaultdict
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPOSITORY.parent / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
OUTPUT = REPOSITORY / "marsad" / "resources" / "demo" / "articles.jsonl.gz"
REGIONAL_WORDS = ("سوريا", "سورية", "العراق", "اليمن", "داعش", "اللاجئين", "الحوثي", "لبنان")
MIN_CHARS = 400


def _record(article: dict[str, str]) -> dict[str, str | None]:
    return {
        "id": article["id"],
        "url": article["url"],
        "title": article["title"].strip(),
        "site": article["source"],
        "author": (article.get("author") or "").strip() or None,
        "published": article["date"],
        "text": article["text"].strip(),
    }


def select(articles: list[dict[str, str]], size: int) -> list[dict[str, str]]:
    """Pick `size` articles: regional news first, then an even spread over outlets."""
    usable = [a for a in articles if a["title"].strip() and len(a["text"]) >= MIN_CHARS]
    regional = [a for a in usable if any(word in a["text"] for word in REGIONAL_WORDS)]
    by_outlet: dict[str, list[dict[str, str]]] = defaultdict(list)
    for article in usable:
        if article not in regional:
            by_outlet[article["source"]].append(article)
    rng = random.Random(2015)
    picked = rng.sample(regional, min(len(regional), size * 2 // 3))
    outlets = sorted(by_outlet)
    while len(picked) < size and any(by_outlet.values()):
        for outlet in outlets:
            if by_outlet[outlet] and len(picked) < size:
                picked.append(by_outlet[outlet].pop(rng.randrange(len(by_outlet[outlet]))))
    return sorted(picked, key=lambda a: a["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--size", type=int, default=300)
    options = parser.parse_args()
    with options.corpus.open(encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    sample = select(articles, options.size)
    with gzip.open(OUTPUT, "wt", encoding="utf-8") as out:
        for article in sample:
            out.write(json.dumps(_record(article), ensure_ascii=False) + "\n")
    print(f"wrote {len(sample)} articles to {OUTPUT.relative_to(REPOSITORY)}")


if __name__ == "__main__":
    main()
