"""The shipped tagger on modern news: hand-annotated 2015–2018 sentences of several outlets.

The gold (`tests/fixtures/ner_modern/gold.jsonl`, guidelines in `docs/ner-guidelines.md`)
points into the shared corpora, whose licences allow evaluation but not
redistribution, so the test skips when they are absent. It was split (seeded) into a
tuning and a reporting half before any scoring; the floors sit a little below the
shipped scores so that a clearly worse tagger fails.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.floors import floor
from support.scripts import load_script

from marsad.steps.ner import NerTagger

evaluation = load_script("ner_modern_eval")
# PER+ORG+LOC exact-span F1 of the shipped tagger (see the NOTICE beside the models):
# floors per half in tests/quality_floors.json ("ner_modern").

pytestmark = pytest.mark.skipif(
    not all((evaluation.DATA / name).exists() for name in evaluation.CORPUS_FILES.values()),
    reason="shared corpora not available",
)


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return evaluation.load_gold()


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


def test_gold_set_is_modern_varied_and_split(gold: list[dict[str, Any]]) -> None:
    assert 60 <= len(gold) <= 120
    assert len({row["source"] for row in gold}) >= 8
    assert {row["date"][:4] for row in gold} >= {"2015", "2018"}
    halves = {row["split"] for row in gold}
    assert halves == {"tuning", "reporting"}
    kinds = {entity[2] for row in gold for entity in row["entities"]}
    assert kinds == {"PER", "ORG", "LOC", "MISC"}


@pytest.mark.parametrize("split", ["tuning", "reporting"])
def test_span_f1_on_modern_news(tagger: NerTagger, gold: list[dict[str, Any]], split: str) -> None:
    rows = [row for row in gold if row["split"] == split]
    score = evaluation.score_split(tagger, rows)
    assert score.gold >= 80
    assert score.f1 >= floor("ner_modern", "f1", split)


def test_span_score_counts_exact_spans_of_the_chosen_types() -> None:
    gold = [[(0, 5, "PER"), (10, 14, "LOC"), (20, 22, "MISC")]]
    found = [[(0, 5, "PER"), (10, 13, "LOC"), (20, 22, "MISC"), (30, 33, "ORG")]]
    score = evaluation.span_score(gold, found, evaluation.MAIN_TYPES)
    assert (score.correct, score.predicted, score.gold) == (1, 3, 2)
