"""Evaluate copy detection on the messy stories_dev set; print pair P/R/F1 per half.

The set (../shared/data/stories_dev/, see its README) holds 121 excerpts of real
news pages with their page furniture, and 12 groups of republished copies. It is
split by theme into a tuning half and a reporting half
(tests/fixtures/stories_dev_split.json): thresholds are tuned on the first only,
the second is measured once at the end.

Each half's records are ingested in file order through the real pipeline (the
enricher, the store, `Tracker`), with their `text`, `url` and `title` only: the
`date` field is gold evidence for the date extractor, not metadata, so every
article is undated here, as most real excerpts are. The site is the URL's host.
Every pair of the half's articles is then scored: "same copy group" against the
gold groups.

Run: python scripts/eval_copies_dev.py [--data DIR] [--half tuning|reporting|both]
     [--no-enrich] [--errors]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.store import open_store
from marsad.stories.metrics import Scores, pair_scores

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "data"
SPLIT = ROOT / "tests" / "fixtures" / "stories_dev_split.json"
HALVES = ("tuning", "reporting")


def dev_folder(data: Path) -> Path:
    return data / "stories_dev"


def read_records(data: Path) -> list[dict[str, Any]]:
    """The set's records in file order."""
    with (dev_folder(data) / "articles.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def half_ids(half: str) -> set[str]:
    """The ids of one half of the split."""
    if half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, got {half!r}")
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    return set(split[half])


def gold_pairs(data: Path, ids: set[str]) -> list[tuple[str, str, bool]]:
    """Every unordered pair of `ids` (in sorted order), and whether it is a gold copy pair."""
    groups = json.loads((dev_folder(data) / "near_duplicates.json").read_text(encoding="utf-8"))
    group_of = {member: number for number, group in enumerate(groups) for member in group}
    return [
        (first, second, first in group_of and group_of[first] == group_of.get(second))
        for first, second in combinations(sorted(ids), 2)
    ]


def site_of(url: str | None) -> str | None:
    """The URL's host without `www.`: the outlet, for per-site furniture and provenance."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def as_article(record: dict[str, Any]) -> Article:
    """The record as the pipeline gets it: no date, no gold fields."""
    return Article(
        text=record["text"],
        title=record.get("title") or "",
        url=record.get("url"),
        external_id=record["id"],
        site=site_of(record.get("url")),
    )


def copy_groups(
    articles: Iterable[Article],
    tracker: Tracker,
    enrich: Callable[[Article], Article] | None = None,
) -> dict[str, int]:
    """Ingest into a fresh in-memory store; external id -> head of its copy group."""
    with open_store(":memory:") as store:
        ingest(store, articles, enrich=enrich, track=tracker.track)
        return {
            article.external_id: article.duplicate_of or article.id or 0
            for article in store.iter_articles()
            if article.external_id is not None
        }


def half_scores(
    data: Path,
    half: str,
    tracker: Tracker | None = None,
    enrich: Callable[[Article], Article] | None = None,
) -> tuple[Scores, list[tuple[str, str, bool]]]:
    """Pair P/R of "same copy group" on one half; and the wrong pairs (ids, gold)."""
    ids = half_ids(half)
    articles = [as_article(record) for record in read_records(data) if record["id"] in ids]
    heads = copy_groups(articles, tracker or Tracker(), enrich)
    pairs = gold_pairs(data, ids)
    same = {
        (first, second): heads[first] == heads[second]
        for first, second, _ in pairs
        if first in heads and second in heads
    }
    scores, _skipped = pair_scores(same, pairs)
    wrong = [(a, b, gold) for a, b, gold in pairs if same.get((a, b), gold) != gold]
    return scores, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--half", choices=(*HALVES, "both"), default="tuning")
    parser.add_argument("--no-enrich", action="store_true", help="skip the enrichment steps")
    parser.add_argument("--errors", action="store_true", help="list the wrong pairs")
    options = parser.parse_args()
    enricher = None
    if not options.no_enrich:
        from marsad.steps.pipeline import Enricher

        enricher = Enricher.load()
    halves = HALVES if options.half == "both" else (options.half,)
    for half in halves:
        scores, wrong = half_scores(options.data, half, Tracker(), enricher)
        print(
            f"{half}: pair P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f} "
            f"({sum(1 for *_, gold in wrong if gold)} missed, "
            f"{sum(1 for *_, gold in wrong if not gold)} false)"
        )
        if options.errors:
            for first, second, gold in wrong:
                print(f"  {'missed' if gold else 'false '} {first} {second}")


if __name__ == "__main__":
    main()
