"""Evaluate copy detection and story clustering on real data; print the figures.

* Stories: the labelled spring-2018 events of the ANT corpus (plus unrelated
  noise articles), ingested in publication order through `Tracker`; B-cubed P/R/F1
  of the stories against the labels (tests/stories/data/story_gold.tsv).
* Copies: all of SaudiNewsNet's 3 days ingested in publication order; pairwise
  P/R/F1 of "same copy group" on tests/stories/data/copy_gold.tsv.
* Hard negatives: ANS headline pairs (agree = paraphrase, disagree = a different
  claim in mostly the same words): the share the detector calls copies.

See scripts/build_story_gold.py for how the labels were made.
Run: python scripts/eval_stories.py [--data DIR] [--enrich] [--sweep]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from marsad.dedup.fingerprint import MinHasher, jaccard
from marsad.dedup.provenance import MIN_JACCARD, are_copies, timestamp
from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.store import open_store
from marsad.stories.metrics import Scores, bcubed, pair_scores

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "data"
GOLD = ROOT / "tests" / "stories" / "data"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as lines:
        return list(csv.reader(lines, delimiter="\t"))[1:]


def as_article(row: dict[str, Any]) -> Article:
    return Article(
        text=row["text"],
        title=row.get("title") or "",
        url=row.get("url"),
        external_id=row["id"],
        site=row.get("source"),
        author=row.get("author") or None,
        published=row.get("date"),
    )


def by_time(articles: Iterable[Article]) -> list[Article]:
    return sorted(articles, key=lambda article: (timestamp(article.published), article.url or ""))


def track(
    articles: list[Article],
    tracker: Tracker,
    enrich: Callable[[Article], Article] | None = None,
) -> dict[str, tuple[int | None, int]]:
    """Ingest into a fresh in-memory store; external id -> (story, copy-group head)."""
    with open_store(":memory:") as store:
        ingest(store, articles, enrich=enrich, track=tracker.track)
        return {
            article.external_id: (article.story, article.duplicate_of or article.id or 0)
            for article in store.iter_articles()
            if article.external_id is not None
        }


def _event_days(gold_rows: Iterable[dict[str, Any]], margin: int = 1) -> set[str]:
    days: set[str] = set()
    for row in gold_rows:
        day = date.fromisoformat(row["date"][:10])
        days.update(
            (day + timedelta(days=shift)).isoformat() for shift in range(-margin, margin + 1)
        )
    return days


def story_scores(
    data: Path, tracker: Tracker, *, enrich: bool = False, distractors: bool = True
) -> tuple[Scores, int]:
    """B-cubed of the stories on the labelled ANT articles; and how many were stored.

    With `distractors`, every other article of the events' days (a day either side)
    is ingested too, as in a real stream; only the labelled ones are scored.
    """
    gold = {row[0]: row[1] for row in read_tsv(GOLD / "story_gold.tsv")}
    rows = read_jsonl(data / "ant_corpus_multisource" / "articles.jsonl")
    labelled = [row for row in rows if row["id"] in gold]
    days = _event_days(row for row in labelled if not gold[row["id"]].startswith("noise:"))
    if distractors:
        chosen = [row for row in rows if row["id"] in gold or row["date"][:10] in days]
    else:
        chosen = labelled
    articles = by_time(as_article(row) for row in chosen)
    enricher = None
    if enrich:
        from marsad.steps.pipeline import Enricher

        enricher = Enricher.load()
    tracked = track(articles, tracker, enricher)
    predicted = {key: value[0] for key, value in tracked.items() if key in gold}
    return bcubed(predicted, gold), len(predicted)


def copy_scores(data: Path, tracker: Tracker) -> tuple[Scores, int]:
    """Pairwise copy P/R on SaudiNewsNet; and how many gold pairs were skipped."""
    gold = [(row[0], row[1], row[2] == "1") for row in read_tsv(GOLD / "copy_gold.tsv")]
    articles = by_time(
        as_article(row) for row in read_jsonl(data / "saudinewsnet" / "articles.jsonl")
    )
    heads = {key: value[1] for key, value in track(articles, tracker).items()}
    same = {
        (first, second): heads[first] == heads[second]
        for first, second, _ in gold
        if first in heads and second in heads
    }
    return pair_scores(same, gold)


def ans_copies(data: Path, hasher: MinHasher) -> dict[str, tuple[float, float, int]]:
    """Per stance: share called copies, share above the raw MinHash Jaccard bar, pairs."""
    counts: dict[str, list[int]] = {}
    for row in read_jsonl(data / "ans_arabic_news_stance" / "stance_train.jsonl"):
        first, second = hasher.fingerprint(row["s1"]), hasher.fingerprint(row["s2"])
        raw = jaccard(first.signature, second.signature) >= MIN_JACCARD
        tally = counts.setdefault(row["stance"], [0, 0, 0])
        tally[0] += are_copies(first, second)
        tally[1] += raw
        tally[2] += 1
    return {stance: (c[0] / c[2], c[1] / c[2], c[2]) for stance, c in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--enrich", action="store_true", help="annotate entities first")
    parser.add_argument("--sweep", action="store_true", help="try several join thresholds")
    parser.add_argument(
        "--gold-only", action="store_true", help="stories: ingest the labelled articles only"
    )
    options = parser.parse_args()
    thresholds = [0.06, 0.08, 0.1, 0.12, 0.15] if options.sweep else [Tracker().join_threshold]
    for threshold in thresholds:
        scores, stored = story_scores(
            options.data,
            Tracker(join_threshold=threshold),
            enrich=options.enrich,
            distractors=not options.gold_only,
        )
        print(
            f"stories (join ≥ {threshold}): B-cubed P {scores.precision:.3f} "
            f"R {scores.recall:.3f} F1 {scores.f1:.3f} ({stored} labelled articles)"
        )
    copies, skipped = copy_scores(options.data, Tracker())
    print(
        f"copies: P {copies.precision:.3f} R {copies.recall:.3f} F1 {copies.f1:.3f} "
        f"({skipped} gold pairs skipped: article refused by the store as an exact duplicate)"
    )
    for stance, (called, raw, total) in sorted(ans_copies(options.data, MinHasher()).items()):
        print(
            f"ANS {stance}: {called:.3f} called copies, {raw:.3f} above Jaccard "
            f"{MIN_JACCARD} without the length rule ({total} pairs)"
        )


if __name__ == "__main__":
    main()
