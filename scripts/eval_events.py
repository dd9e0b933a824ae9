"""Score the event extractor and the place matcher on the hand-annotated conflict gold.

Each gold paragraph is enriched on its own by `Enricher.load()` as an Arabic article
with its publication date. Events:

* detection P/R/F1: a found event matches a gold one when the types agree and the
  trigger spans overlap (one to one: as many pairs as can be made, largest overlap
  first);
* on matched events: sub-type accuracy; place (the folded names agree, once a
  designation word such as حي/مخيم/محافظة and the article ال are taken off, or the points
  are within 25 km); date (the same value); fatalities (the same number), each over the
  matched events whose gold gives a value;
* grouping across articles: B³ F1 of `marsad.events.matching.best_match` run online
  (in publication order) over the matched mentions, with the fields the extractor
  found, against the gold `incident` ids; and the same with the gold fields, which
  measures the grouping rule alone.

Places (`--places`): a found place matches a gold mention when the spans overlap (one
to one) and the points are within 25 km (50 km for countries, first-level areas and
regions such as "ريف دير الزور الشرقي": their centroids differ between tables, and a
region's gold point is one point inside an area of a hundred kilometres); P/R/F1 over
found and gold mentions, and for each place the issue names, how many of its gold
mentions were found.

Errors (`--errors`) are printed only for the tuning split; the reporting split gives
figures only.

    python scripts/eval_events.py [--split tuning|reporting|all] [--places] [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.model import Article, EventSpan, PlaceSpan  # noqa: E402
from marsad.text.normalize import fold  # noqa: E402

EVENTS_GOLD = ROOT / "tests" / "fixtures" / "events_gold" / "events_gold.jsonl"
PLACES_GOLD = ROOT / "tests" / "fixtures" / "places_conflict_gold.jsonl"
SPLITS = ("tuning", "reporting", "all")
NEAR_KM = 25.0
AREA_KM = 50.0
AREA_KINDS = frozenset({"country", "admin1", "region"})
# Places the issue names as missed or misplaced before; `--places` reports each one.
NAMED_PLACES = (
    "الباغوز",
    "مخيم الهول",
    "تلعفر",
    "معرة النعمان",
    "الغوطة الشرقية",
    "ريف دير الزور الشرقي",
    "حي الشعار",
)
_DESIGNATIONS = (
    "حي ",
    "مخيم ",
    "مدينه ",
    "محافظه ",
    "مديريه ",
    "قريه ",
    "بلده ",
    "ولايه ",
    "قضاء ",
)
Row = dict[str, Any]
Enrich = Callable[[Article], Article]


def load_gold(path: Path, split: str) -> list[Row]:
    """The gold rows of `split` (or all), with each paragraph's text stored or resolved."""
    sys.path.insert(0, str(ROOT / "tests" / "steps"))
    from corpus_refs import corpora_available, load_paragraphs  # type: ignore[import-not-found]

    if not corpora_available():
        raise SystemExit("the shared corpora are missing (../shared/data): nothing to score")
    rows: list[Row] = load_paragraphs(path)
    return [row for row in rows if split == "all" or row["split"] == split]


def enricher() -> Enrich:
    """The shipped pipeline, each paragraph anchored at its publication date."""
    from marsad.steps.pipeline import Enricher

    loaded = Enricher.load()

    def enrich(article: Article) -> Article:
        base = date.fromisoformat(article.published[:10]) if article.published else None
        return loaded(article, base)

    return enrich


def article_of(row: Row) -> Article:
    return Article(text=row["text"], published=row.get("published"), lang="ar")


def distance_km(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Great-circle distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*first, *second))
    chord = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(chord))


def place_name_key(name: str) -> str:
    """A place name folded, without a leading designation word or article."""
    key = fold(name).replace('"', "").strip()
    for word in _DESIGNATIONS:
        if key.startswith(word):
            key = key[len(word) :]
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def overlap(first: tuple[int, int], second: tuple[int, int]) -> int:
    return min(first[1], second[1]) - max(first[0], second[0])


def one_to_one(
    gold: Sequence[tuple[int, int]],
    found: Sequence[tuple[int, int]],
    allowed: Callable[[int, int], bool],
) -> list[tuple[int, int]]:
    """Pairs (gold index, found index) of overlapping spans, as many as can be paired
    one to one (augmenting paths), each gold span trying its largest overlap first."""
    options = {
        g: [
            f
            for _, f in sorted(
                (-overlap(span, other), f)
                for f, other in enumerate(found)
                if overlap(span, other) > 0 and allowed(g, f)
            )
        ]
        for g, span in enumerate(gold)
    }
    owner: dict[int, int] = {}

    def place(g: int, seen: set[int]) -> bool:
        for f in options[g]:
            if f in seen:
                continue
            seen.add(f)
            if f not in owner or place(owner[f], seen):
                owner[f] = g
                return True
        return False

    for g in range(len(gold)):
        place(g, set())
    return sorted((g, f) for f, g in owner.items())


def prf(correct: int, found: int, gold: int) -> dict[str, float]:
    precision = correct / found if found else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def ratio(hits: int, total: int) -> dict[str, float | int]:
    return {"accuracy": round(hits / total, 4) if total else 0.0, "n": total}


@dataclass(frozen=True, slots=True)
class Match:
    """A gold event and the event the extractor found for it."""

    row: Row
    gold: Row
    found: EventSpan


def place_agrees(gold: Row, found: EventSpan) -> bool:
    if found.place and place_name_key(found.place) == place_name_key(gold["place"]):
        return True
    points = (gold["place_lat"], gold["place_lon"], found.lat, found.lon)
    if any(value is None for value in points):
        return False
    return distance_km((gold["place_lat"], gold["place_lon"]), (found.lat, found.lon)) <= NEAR_KM  # type: ignore[arg-type]


def b_cubed(gold: Sequence[str], found: Sequence[int]) -> dict[str, float]:
    """B³ precision, recall and F1 of a clustering `found` against `gold` (same items)."""
    if not gold:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    precision = recall = 0.0
    for item in range(len(gold)):
        same_found = [other for other in range(len(gold)) if found[other] == found[item]]
        same_gold = [other for other in range(len(gold)) if gold[other] == gold[item]]
        both = sum(1 for other in same_found if gold[other] == gold[item])
        precision += both / len(same_found)
        recall += both / len(same_gold)
    precision /= len(gold)
    recall /= len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def grouping_available() -> bool:
    try:
        import marsad.events.matching  # noqa: F401
    except ImportError:
        return False
    return True


def group_online(spans: Sequence[tuple[str, EventSpan]]) -> list[int]:
    """Event ids that `best_match` gives the mentions, read in publication order, with
    the candidates the store offers it: same type, a day within the window, the same
    country when the mention has a place; an undated mention starts its own event."""
    from marsad.events.matching import Anchor, best_match, nearby_days

    order = sorted(range(len(spans)), key=lambda index: spans[index][0])
    known: list[Anchor] = []
    ids = [0] * len(spans)
    for index in order:
        span = spans[index][1]
        anchor = Anchor(
            span.type, span.date, span.country, span.place, span.lat, span.lon, span.fatalities
        )
        days = set(nearby_days(span.date)) if span.date else set()
        candidates = [
            event
            for event in known
            if event.type == span.type
            and event.day in days
            and (span.place is None or event.country == span.country)
        ]
        joined = best_match(anchor, candidates)
        if joined is None:
            joined = len(known) + 1
            known.append(replace(anchor, event_id=joined))
        ids[index] = joined
    return ids


def gold_span(event: Row) -> EventSpan:
    return EventSpan(
        text=event["trigger"],
        start=event["start"],
        end=event["end"],
        type=event["type"],
        sub_type=event["sub_type"],
        date=event["date"],
        place=event["place"],
        country=event["country"],
        lat=event["place_lat"],
        lon=event["place_lon"],
        fatalities=event["fatalities"],
    )


def same_type(gold: Sequence[Row], found: Sequence[EventSpan]) -> Callable[[int, int], bool]:
    return lambda g, f: bool(gold[g]["type"] == found[f].type)


def score_events(rows: Sequence[Row], enrich: Enrich) -> tuple[dict[str, Any], list[str]]:
    """The event figures of `rows`, and one line per mismatch."""
    matches: list[Match] = []
    errors: list[str] = []
    found_total = gold_total = 0
    for row in rows:
        found = enrich(article_of(row)).events
        gold = row["events"]
        gold_total += len(gold)
        found_total += len(found)
        pairs = one_to_one(
            [(event["start"], event["end"]) for event in gold],
            [(span.start, span.end) for span in found],
            same_type(gold, found),
        )
        matches.extend(Match(row, gold[g], found[f]) for g, f in pairs)
        paired_gold = {g for g, _ in pairs}
        paired_found = {f for _, f in pairs}
        errors.extend(
            f"{row['id']}: missed {event['type']}/{event['sub_type']} «{event['trigger']}»"
            for g, event in enumerate(gold)
            if g not in paired_gold
        )
        errors.extend(
            f"{row['id']}: spurious {span.type}/{span.sub_type} «{span.text}»"
            for f, span in enumerate(found)
            if f not in paired_found
        )
    figures: dict[str, Any] = {
        "paragraphs": len(rows),
        "gold_events": gold_total,
        "found_events": found_total,
        "detection": prf(len(matches), found_total, gold_total),
    }
    figures.update(field_accuracy(matches, errors))
    figures["grouping"] = grouping_figures(matches)
    return figures, errors


def field_accuracy(matches: Sequence[Match], errors: list[str]) -> dict[str, Any]:
    """Sub-type, place, date and fatalities on the matched events."""
    checks: dict[str, tuple[Callable[[Match], bool], Callable[[Match], bool]]] = {
        "sub_type": (lambda m: True, lambda m: m.gold["sub_type"] == m.found.sub_type),
        "place": (lambda m: m.gold["place"] is not None, lambda m: place_agrees(m.gold, m.found)),
        "date": (lambda m: m.gold["date"] is not None, lambda m: m.gold["date"] == m.found.date),
        "fatalities": (
            lambda m: m.gold["fatalities"] is not None,
            lambda m: m.gold["fatalities"] == m.found.fatalities,
        ),
    }
    out: dict[str, Any] = {}
    for name, (applies, agrees) in checks.items():
        scored = [match for match in matches if applies(match)]
        wrong = [match for match in scored if not agrees(match)]
        out[name] = ratio(len(scored) - len(wrong), len(scored))
        errors.extend(
            f"{m.row['id']}: {name} «{m.gold['trigger']}» gold {m.gold.get(name)!r} "
            f"found {getattr(m.found, name)!r}"
            for m in wrong
        )
    return out


def grouping_figures(matches: Sequence[Match]) -> dict[str, Any]:
    """B³ of the shared grouping rule on the matched mentions (found, then gold fields)."""
    if not grouping_available():
        return {"available": False}
    gold_ids = [match.gold["incident"] for match in matches]
    when = [f"{match.row['published']}:{match.row['id']}" for match in matches]
    found = group_online(list(zip(when, (match.found for match in matches), strict=True)))
    ideal = group_online(list(zip(when, (gold_span(m.gold) for m in matches), strict=True)))
    return {
        "available": True,
        "mentions": len(matches),
        "found_fields": b_cubed(gold_ids, found),
        "gold_fields": b_cubed(gold_ids, ideal),
    }


def place_within(gold: Row, found: PlaceSpan) -> bool:
    limit = AREA_KM if gold["kind"] in AREA_KINDS else NEAR_KM
    return distance_km((gold["lat"], gold["lon"]), (found.lat, found.lon)) <= limit


def near_enough(gold: Sequence[Row], found: Sequence[PlaceSpan]) -> Callable[[int, int], bool]:
    return lambda g, f: place_within(gold[g], found[f])


def score_places(rows: Sequence[Row], enrich: Enrich) -> tuple[dict[str, Any], list[str]]:
    """Place P/R/F1 with coordinates, and one line per mismatch."""
    correct = found_total = gold_total = 0
    errors: list[str] = []
    named: dict[str, list[int]] = {name: [0, 0] for name in NAMED_PLACES}
    for row in rows:
        found = enrich(article_of(row)).places
        gold = row["places"]
        gold_total += len(gold)
        found_total += len(found)
        pairs = one_to_one(
            [(place["start"], place["end"]) for place in gold],
            [(span.start, span.end) for span in found],
            near_enough(gold, found),
        )
        correct += len(pairs)
        paired_gold = {g for g, _ in pairs}
        count_named(named, gold, paired_gold)
        paired_found = {f for _, f in pairs}
        errors.extend(
            f"{row['id']}: missed {place['kind']} «{place['text']}» {place['lat']},{place['lon']}"
            for g, place in enumerate(gold)
            if g not in paired_gold
        )
        errors.extend(
            f"{row['id']}: wrong «{span.text}» {span.name} {span.country} {span.lat},{span.lon}"
            for f, span in enumerate(found)
            if f not in paired_found
        )
    figures = {"paragraphs": len(rows), "gold_places": gold_total, "found_places": found_total}
    resolved = {name: f"{hits}/{total}" for name, (hits, total) in named.items() if total}
    return figures | {"places": prf(correct, found_total, gold_total), "named": resolved}, errors


def count_named(named: dict[str, list[int]], gold: Sequence[Row], paired: set[int]) -> None:
    """Tally, per name the issue lists, its gold mentions and those found near enough."""
    for index, place in enumerate(gold):
        for name in named:
            if name in place["text"]:
                named[name][1] += 1
                named[name][0] += index in paired


def print_figures(figures: dict[str, Any], prefix: str = "") -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            print(f"{prefix}{key}:")
            print_figures(value, prefix + "  ")
        else:
            print(f"{prefix}{key}: {value}")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="tuning")
    parser.add_argument("--places", action="store_true", help="score places instead of events")
    parser.add_argument("--errors", action="store_true", help="list mismatches (tuning only)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.errors and args.split != "tuning":
        print("errors are listed for the tuning split only", file=sys.stderr)
        return 2
    rows = load_gold(PLACES_GOLD if args.places else EVENTS_GOLD, args.split)
    score = score_places if args.places else score_events
    figures, errors = score(rows, enricher())
    figures = {"split": args.split} | figures
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print_figures(figures)
    if args.errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
