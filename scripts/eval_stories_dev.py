"""Evaluate story clustering and event-time estimates on the messy development set.

The set (`shared/data/stories_dev`, see its README) holds 121 real excerpts from 121
outlets: 8 stories and 27 distractors, most of them hard negatives (the same theme,
another event). It is split by theme into a tuning half and a reporting half
(tests/fixtures/stories_dev_split.json, ids only). Each half's records are ingested in
file order through the real pipeline (`Enricher`, ingest, `Tracker`) with their text,
URL and title and no publication time: the `date` field is gold evidence, used here
only to score the event-time estimate.

Reported per half: B-cubed P/R/F1 of the stories, hard negatives merged into another
event's story, and the event-time estimate's coverage and accuracy on gold-dated items.
With --themes, each tuning theme (a story with its same-theme distractors, per the
README's distractor table; the half's easy distractors ride along) is also ingested
alone and scored: leave-one-theme-out figures, so a change is not judged only on the
whole half it was tuned on.
Run: python scripts/eval_stories_dev.py [--data DIR] [--half tuning|reporting|both] [--themes]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.store import open_store
from marsad.stories.metrics import Scores, bcubed

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "stories_dev"
SPLIT = ROOT / "tests" / "fixtures" / "stories_dev_split.json"
# Distractors that are not same-theme events (headline tickers, an unrelated truce).
EASY_DISTRACTORS = frozenset({"distractor-19", "distractor-20", "distractor-21"})
# The tuning themes' same-theme distractors (the README's distractor table).
TUNING_THEME_DISTRACTORS: dict[str, frozenset[str]] = {
    "4": frozenset({"distractor-11"}),
    "5": frozenset({"distractor-12"}),
    "6": frozenset({"distractor-13"}),
    "7": frozenset(f"distractor-{n}" for n in (14, 15, 16, 17, 23, 25)),
}


@dataclass(frozen=True, slots=True)
class DatingScores:
    """How the event-time estimate fares on the items whose gold date is known."""

    dated: int  # items with a gold date
    estimated: int  # of those, items with an estimate
    same_day: int  # estimate on the gold day
    same_year: int  # estimate in the gold year
    wrong_year: int  # estimate in another year (the harmful kind)
    undated_estimated: int  # items without a gold date that got an estimate


@dataclass(frozen=True, slots=True)
class HalfResult:
    """What one half measures."""

    scores: Scores
    hard_negatives: int  # hard-negative articles in the half
    hard_negatives_merged: int  # of those, sharing a story with another event
    stories: int  # predicted stories
    dating: DatingScores


def read_records(data: Path) -> list[dict[str, Any]]:
    """The development set's records, in file order."""
    with (data / "articles.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_split(path: Path = SPLIT) -> dict[str, list[str]]:
    """The ids of each half: {"tuning": [...], "reporting": [...]}."""
    split = json.loads(path.read_text(encoding="utf-8"))
    return {"tuning": list(split["tuning"]), "reporting": list(split["reporting"])}


def as_article(record: Mapping[str, Any]) -> Article:
    """The record as a page a monitor would read: text, URL, title; no time."""
    return Article(
        text=record["text"],
        title=record.get("title") or "",
        url=record.get("url"),
        external_id=record["id"],
        site=record.get("domain"),
    )


def half_records(records: list[dict[str, Any]], ids: list[str]) -> list[dict[str, Any]]:
    """The records of one half, in file order."""
    wanted = set(ids)
    return [record for record in records if record["id"] in wanted]


def theme_records(records: list[dict[str, Any]], theme: str) -> list[dict[str, Any]]:
    """A tuning theme's story and same-theme distractors, plus the easy distractors
    among the given records, in file order."""
    labels = {theme} | TUNING_THEME_DISTRACTORS[theme] | EASY_DISTRACTORS
    return [record for record in records if record["story"] in labels]


def track_records(
    records: list[dict[str, Any]],
    tracker: Tracker,
    enrich: Callable[[Article], Article] | None,
) -> dict[str, Article]:
    """Ingest into a fresh in-memory store; external id -> stored article."""
    with open_store(":memory:") as store:
        ingest(
            store, [as_article(record) for record in records], enrich=enrich, track=tracker.track
        )
        stored = [article for article in store.iter_articles() if article.external_id]
        estimates = store.event_times(article.id or 0 for article in stored)
        tracked: dict[str, Article] = {}
        for article in stored:
            found = estimates.get(article.id or 0)
            if found is not None:
                article = replace(article, published_estimated=found.estimated)
            tracked[article.external_id or ""] = article
        return tracked


def is_hard_negative(label: str) -> bool:
    return label.startswith("distractor-") and label not in EASY_DISTRACTORS


def hard_negatives_merged(predicted: Mapping[str, Any], gold: Mapping[str, str]) -> int:
    """Hard-negative articles whose predicted story holds an article of another event."""
    labels_of: dict[Any, set[str]] = defaultdict(set)
    for item, story in predicted.items():
        labels_of[story].add(gold[item])
    return sum(
        1
        for item, story in predicted.items()
        if is_hard_negative(gold[item]) and len(labels_of[story]) > 1
    )


def dating_scores(records: list[dict[str, Any]], tracked: Mapping[str, Article]) -> DatingScores:
    """Compare each article's estimated event time with the gold `date`."""
    dated = estimated = same_day = same_year = wrong_year = undated_estimated = 0
    for record in records:
        article = tracked.get(record["id"])
        estimate = getattr(article, "published_estimated", None) if article else None
        gold = record.get("date")
        if not gold:
            undated_estimated += estimate is not None
            continue
        dated += 1
        if estimate is None:
            continue
        estimated += 1
        same_day += estimate[:10] == gold[:10]
        same_year += estimate[:4] == gold[:4]
        wrong_year += estimate[:4] != gold[:4]
    return DatingScores(dated, estimated, same_day, same_year, wrong_year, undated_estimated)


def evaluate_half(
    records: list[dict[str, Any]],
    tracker: Tracker,
    enrich: Callable[[Article], Article] | None,
) -> HalfResult:
    """Track one half's records and score the stories and the event times."""
    tracked = track_records(records, tracker, enrich)
    gold = {record["id"]: record["story"] for record in records}
    predicted = {key: article.story for key, article in tracked.items() if key in gold}
    return HalfResult(
        bcubed(predicted, gold),
        sum(1 for label in gold.values() if is_hard_negative(label)),
        hard_negatives_merged(predicted, gold),
        len(set(predicted.values())),
        dating_scores(records, tracked),
    )


def describe(name: str, result: HalfResult) -> str:
    scores, dating = result.scores, result.dating
    return (
        f"{name}: B-cubed P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f}; "
        f"{result.stories} stories; hard negatives merged "
        f"{result.hard_negatives_merged}/{result.hard_negatives}; event time: "
        f"{dating.estimated}/{dating.dated} dated items estimated, {dating.same_day} same day, "
        f"{dating.same_year} same year, {dating.wrong_year} wrong year; "
        f"{dating.undated_estimated} undated items estimated"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--half", choices=("tuning", "reporting", "both"), default="tuning")
    parser.add_argument(
        "--themes", action="store_true", help="also score each tuning theme ingested alone"
    )
    options = parser.parse_args()
    from marsad.steps.pipeline import Enricher

    enricher = Enricher.load()
    records = read_records(options.data)
    split = read_split()
    halves = ("tuning", "reporting") if options.half == "both" else (options.half,)
    for half in halves:
        result = evaluate_half(half_records(records, split[half]), Tracker(), enricher)
        print(describe(half, result))
    if options.themes:
        tuning = half_records(records, split["tuning"])
        for theme in sorted(TUNING_THEME_DISTRACTORS):
            result = evaluate_half(theme_records(tuning, theme), Tracker(), enricher)
            print(describe(f"theme {theme} alone", result))


if __name__ == "__main__":
    main()
