"""Quality gates on the messy development set (shared/data/stories_dev): stories of
real, mostly undated pages, with same-theme distractors, per half of the theme split.

Floors sit a little below what scripts/eval_stories_dev.py measures and may only rise.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from support.floors import floor, halves
from support.scripts import load_script

from marsad.services.stories import Tracker

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".." / "shared" / "data" / "stories_dev"
# F1 floors per half and per tuning theme: tests/quality_floors.json ("stories_dev").
# Measured: tuning P 0.912 R 1.000 F1 0.954, 3 of 11 hard negatives merged (the
# Yemen truces of 2015 and June 2022 and a later consolidation join the April 2022
# truce, undated or before the story's time is sure);
# reporting, measured once after tuning ended: P 0.811 R 0.739 F1 0.773, 7 of 13
# merged (before the event-aware changes: F1 0.796, 9 of 13; target 0.90, none).
MERGED_CEILINGS = {"tuning": 3, "reporting": 7}
# Each tuning theme ingested alone (its story, same-theme and easy distractors):
# measured F1 1.000, 1.000, 1.000 and 0.841 (P 0.726: the truces above).
# Event time on the gold-dated items: tuning 11/11 on the day; reporting 8/10 on the
# day, 1 in the wrong year.
WRONG_YEARS = {"tuning": 0, "reporting": 1}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (DATA / "articles.jsonl").exists(), reason="shared data absent"),
]


def _evaluation() -> ModuleType:
    return load_script("eval_stories_dev")


@cache
def _result(half: str) -> Any:
    from marsad.steps.pipeline import Enricher

    evaluation = _evaluation()
    records = evaluation.half_records(evaluation.read_records(DATA), evaluation.read_split()[half])
    return evaluation.evaluate_half(records, Tracker(), Enricher.load())


@pytest.mark.parametrize("half", ["tuning", "reporting"])
def test_stories_of_undated_pages(half: str) -> None:
    result = _result(half)
    assert result.scores.f1 >= floor("stories_dev", "f1", half)
    assert result.hard_negatives_merged <= MERGED_CEILINGS[half]


@pytest.mark.parametrize("theme", halves("stories_dev", "theme_f1"))
def test_each_tuning_theme_alone(theme: str) -> None:
    """Leave one theme out: a store holding one theme only, where the theme's own words
    are in every page, must still group its story."""
    from marsad.steps.pipeline import Enricher

    evaluation = _evaluation()
    split = evaluation.read_split()
    tuning = evaluation.half_records(evaluation.read_records(DATA), split["tuning"])
    records = evaluation.theme_records(tuning, theme)
    result = evaluation.evaluate_half(records, Tracker(), Enricher.load())
    assert result.scores.f1 >= floor("stories_dev", "theme_f1", theme)


@pytest.mark.parametrize("half", ["tuning", "reporting"])
def test_event_time_estimates(half: str) -> None:
    dating = _result(half).dating
    assert dating.wrong_year <= WRONG_YEARS[half]
    assert dating.same_day >= 0.8 * dating.dated
