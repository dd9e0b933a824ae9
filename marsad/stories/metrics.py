"""Scores of a clustering against gold labels: B-cubed and pairwise P/R/F1.

B-cubed (Bagga & Baldwin 1998) averages, over items, the precision and recall of
the item's predicted cluster against its gold cluster; unlike pair counting it does
not let one huge cluster dominate. Used by the story and copy evaluations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Scores:
    """B-cubed precision and recall over the items present in both mappings."""
    items = [item for item in gold if item in predicted]
    if not items:
        return Scores(0.0, 0.0)
    both = Counter((predicted[item], gold[item]) for item in items)
    cluster_sizes = Counter(predicted[item] for item in items)
    class_sizes = Counter(gold[item] for item in items)
    precision = recall = 0.0
    for item in items:
        shared = both[(predicted[item], gold[item])]
        precision += shared / cluster_sizes[predicted[item]]
        recall += shared / class_sizes[gold[item]]
    return Scores(precision / len(items), recall / len(items))


def pair_scores(
    predicted_same: Mapping[tuple[str, str], bool], gold: Iterable[tuple[str, str, bool]]
) -> tuple[Scores, int]:
    """Precision/recall of "same group" decisions on labelled pairs, and pairs skipped.

    A gold pair missing from `predicted_same` (an article that could not be read)
    is skipped and counted.
    """
    true_positive = false_positive = false_negative = skipped = 0
    for first, second, is_same in gold:
        decision = predicted_same.get((first, second))
        if decision is None:
            skipped += 1
        elif decision and is_same:
            true_positive += 1
        elif decision:
            false_positive += 1
        elif is_same:
            false_negative += 1
    flagged = true_positive + false_positive
    wanted = true_positive + false_negative
    return (
        Scores(
            true_positive / flagged if flagged else 1.0,
            true_positive / wanted if wanted else 1.0,
        ),
        skipped,
    )
