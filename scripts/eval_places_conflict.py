"""Precision, recall and F1 of places with coordinates on real conflict paragraphs.

Gold rows (JSON Lines): `{"id", "text" | "ref", "split": "tuning|reporting",
"places": [{"start", "end", "text", "name", "kind", "lat", "lon", "country"}]}`; a row
with `ref` instead of `text` points into the shared corpora (tests/steps/corpus_refs.py).

A predicted place is correct when its span overlaps a gold span (one-to-one, first
come) and it is located where the gold place is:

* a point (city, village, camp, neighbourhood): within 25 km of the gold coordinates;
* a country: the same country code;
* an area (governorate, district, sub-district, region), gold or predicted: within the
  larger area's tolerance of the gold coordinates (admin1 100 km, admin2 50 km, admin3
  and region 30 km), since two honest centroids of one area differ and "ريف X الشرقي"
  may be given as the governorate's area; or the same gazetteer id.

A gold place missed or mislocated costs recall; a prediction with no gold span or a
wrong location costs precision.

Usage: python scripts/eval_places_conflict.py [--gold FILE ...] [--split tuning]
       [--errors]
"""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.model import PlaceSpan
from marsad.steps.entities import EntityLinker
from marsad.steps.places import PlaceMatcher
from marsad.steps.places_regional import distance_km

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "places_conflict_gold.jsonl"
DEV = ROOT / "tests" / "fixtures" / "places_conflict_dev.jsonl"
POINT_KM = 25.0
AREA_KM = {"admin1": 100.0, "admin2": 50.0, "admin3": 30.0, "region": 30.0}


@dataclass
class Score:
    """Counts over a set of paragraphs, and the mistakes for reading."""

    predicted: int = 0
    gold: int = 0
    correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def located(found: PlaceSpan, gold: dict[str, Any]) -> bool:
    """Whether a predicted place is where the gold place is (see the module docstring)."""
    kind = gold.get("kind", "")
    if kind == "country":
        return found.country == gold.get("country")
    if gold.get("id") and found.id == gold["id"]:
        return True
    gap = distance_km((found.lat, found.lon), (float(gold["lat"]), float(gold["lon"])))
    return gap <= max(AREA_KM.get(kind, POINT_KM), AREA_KM.get(found.kind, POINT_KM))


def score_paragraph(found: Sequence[PlaceSpan], gold: Sequence[dict[str, Any]]) -> Score:
    """Match one paragraph's predictions to its gold places, one to one."""
    score = Score(predicted=len(found), gold=len(gold))
    free = list(gold)
    for place in found:
        overlapping = [g for g in free if place.start < g["end"] and g["start"] < place.end]
        match = next((g for g in overlapping if located(place, g)), None)
        if match is not None:
            free.remove(match)
            score.correct += 1
            continue
        wanted = overlapping[0] if overlapping else None
        where = f"gold {wanted['text']} {wanted['kind']}" if wanted else "no gold"
        score.errors.append(
            f"FP {place.text} → {place.name} {place.kind} {place.lat:.2f},{place.lon:.2f} ({where})"
        )
    for missed in free:
        score.errors.append(f"FN {missed['text']} {missed['kind']}")
    return score


def evaluate(
    rows: Iterable[dict[str, Any]], matcher: PlaceMatcher, linker: EntityLinker | None = None
) -> Score:
    """Summed score over gold rows that carry their `text`.

    With a `linker`, its entity spans hide names inside organisations (قوات سوريا
    الديمقراطية), as the enrichment pipeline's entity spans do.
    """
    total = Score()
    for row in rows:
        spans = linker.link(row["text"]) if linker is not None else ()
        one = score_paragraph(matcher.find(row["text"], spans), row["places"])
        total.predicted += one.predicted
        total.gold += one.gold
        total.correct += one.correct
        total.errors += [f"{row['id']}: {e}" for e in one.errors]
    return total


def load(path: Path) -> list[dict[str, Any]]:
    """Gold rows with their text (resolved from the shared corpora when referenced)."""
    spec = importlib.util.spec_from_file_location(
        "corpus_refs", ROOT / "tests/steps/corpus_refs.py"
    )
    assert spec is not None and spec.loader is not None
    refs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(refs)
    rows: list[dict[str, Any]] = refs.load_paragraphs(path)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, nargs="*", default=[GOLD, DEV])
    parser.add_argument("--split", choices=["tuning", "reporting", "all"], default="tuning")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    matcher = PlaceMatcher.load()
    linker = EntityLinker.load(places=matcher)
    for path in args.gold:
        if not path.exists():
            print(f"{path.name}: absent")
            continue
        rows = [r for r in load(path) if args.split in ("all", r.get("split", "tuning"))]
        score = evaluate(rows, matcher, linker)
        print(
            f"{path.name} [{args.split}] {len(rows)} paragraphs, {score.gold} gold, "
            f"{score.predicted} found: P {score.precision:.3f} R {score.recall:.3f} "
            f"F1 {score.f1:.3f}"
        )
        if args.errors:
            print("\n".join(score.errors))


if __name__ == "__main__":
    main()
