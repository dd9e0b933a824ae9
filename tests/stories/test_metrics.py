"""B-cubed and pair scores, checked against values worked out by hand."""

from __future__ import annotations

import pytest

from marsad.stories.metrics import bcubed, pair_scores


def test_bcubed_perfect_and_merged_clusterings() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert bcubed({"a": 9, "b": 9, "c": 8}, gold).f1 == pytest.approx(1.0)
    merged = bcubed({"a": 0, "b": 0, "c": 0}, gold)
    # a, b: 2 of 3 in their cluster are theirs; c: 1 of 3. Recall is whole.
    assert merged.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert merged.recall == pytest.approx(1.0)
    split = bcubed({"a": 1, "b": 2, "c": 3}, gold)
    assert split.precision == pytest.approx(1.0)
    assert split.recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)


def test_pair_scores_count_and_skip() -> None:
    predicted = {("a", "b"): True, ("a", "c"): True, ("c", "d"): False}
    gold = [("a", "b", True), ("a", "c", False), ("c", "d", True), ("x", "y", True)]
    scores, skipped = pair_scores(predicted, gold)
    assert (scores.precision, scores.recall, skipped) == (0.5, 0.5, 1)
