"""Score the Arabic date tagger on the hand-annotated gold set.

Exact span and value, micro-averaged: a found expression counts as correct when a gold
expression of the same sentence has the same text and the same value. With
`--dateparser`, the same set is scored for `dateparser.search.search_dates` (if that
package is installed; it is not a dependency of Marsad), and `--errors` lists misses.

    python scripts/eval_dates.py [--gold PATH] [--dateparser] [--errors]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.steps.dates import find_dates  # noqa: E402

GOLD = ROOT / "tests" / "steps" / "data" / "dates_gold.jsonl"
Tagger = Callable[[str, date], list[tuple[str, str]]]


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold rows with their sentences read from the shared corpora."""
    sys.path.insert(0, str(ROOT / "tests" / "steps"))
    from corpus_refs import load_rows  # type: ignore[import-not-found]

    rows: list[dict[str, Any]] = load_rows(path)
    return rows


def marsad_tagger(sentence: str, base: date) -> list[tuple[str, str]]:
    return [(span.text, span.value) for span in find_dates(sentence, base)]


def dateparser_tagger() -> Tagger | None:
    """dateparser's search, with values cut to day precision (it always gives a day)."""
    try:
        from dateparser.search import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
            search_dates,
        )
    except ImportError:
        return None

    def tag(sentence: str, base: date) -> list[tuple[str, str]]:
        settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day)}
        found = search_dates(sentence, languages=["ar"], settings=settings) or []
        return [(text, moment.date().isoformat()) for text, moment in found]

    return tag


def _hits(expected: list[tuple[str, str]], predicted: list[tuple[str, str]], lenient: bool) -> int:
    """Matched pairs; `lenient` lets a day-precision value match a coarser gold value
    (dateparser always answers with a day, even for "آذار 2019")."""
    remaining = list(predicted)
    hits = 0
    for text, value in expected:
        for index, (found_text, found_value) in enumerate(remaining):
            same = found_value == value or (lenient and found_value.startswith(value))
            if found_text == text and same:
                hits += 1
                del remaining[index]
                break
    return hits


def score(
    gold: Iterable[dict[str, Any]], tagger: Tagger, errors: bool = False, lenient: bool = False
) -> tuple[float, float, float]:
    """Micro precision, recall and F1 over (text, value) pairs per sentence."""
    true_positive = found_total = gold_total = 0
    for row in gold:
        sentence, base = str(row["sentence"]), date.fromisoformat(str(row["base"]))
        expected = [(item["text"], item["value"]) for item in row["expected"]]
        predicted = tagger(sentence, base)
        hits = _hits(expected, predicted, lenient)
        true_positive += hits
        found_total += len(predicted)
        gold_total += len(expected)
        if errors and Counter(expected) != Counter(predicted):
            print(f"{row['corpus']}:{row['id']} base={row['base']}\n  {sentence}")
            print(f"  missed: {sorted((Counter(expected) - Counter(predicted)).elements())}")
            print(f"  extra:  {sorted((Counter(predicted) - Counter(expected)).elements())}")
    precision = true_positive / found_total if found_total else 0.0
    recall = true_positive / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _line(name: str, scores: tuple[float, float, float]) -> str:
    precision, recall, f1 = scores
    return f"{name:<22} P={precision:.3f} R={recall:.3f} F1={f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--dateparser", action="store_true", help="also score dateparser")
    parser.add_argument("--errors", action="store_true", help="list sentences with errors")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    count = sum(len(row["expected"]) for row in gold)
    print(f"gold: {len(gold)} sentences, {count} expressions")
    print(_line("marsad", score(gold, marsad_tagger, args.errors)))
    for split in sorted({str(row.get("split")) for row in gold if row.get("split")}):
        part = [row for row in gold if row.get("split") == split]
        print(_line(f"  {split} ({len(part)})", score(part, marsad_tagger)))
    if args.dateparser:
        other = dateparser_tagger()
        if other is None:
            print("dateparser not installed")
        else:
            print(_line("dateparser", score(gold, other)))
            print(_line("dateparser (lenient)", score(gold, other, lenient=True)))


if __name__ == "__main__":
    main()
