"""The conflict gold (events and places): offsets, labels, whole incidents on one side of
the split, and the floors the extractor and the place matcher have reached on it.

Rows that point into the shared corpora are checked only when `../shared/data` is there;
headlines stored with their text (ANS, Apache-2.0) are checked always.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from corpus_refs import corpora_available, load_paragraphs
from support.floors import floor

ROOT = Path(__file__).resolve().parents[2]
EVENTS_GOLD = ROOT / "tests" / "fixtures" / "events_gold" / "events_gold.jsonl"
PLACES_GOLD = ROOT / "tests" / "fixtures" / "places_conflict_gold.jsonl"
SUB_TYPES = {
    "battles": {
        "armed_clash",
        "government_regains_territory",
        "non_state_actor_overtakes_territory",
    },
    "explosions_remote_violence": {
        "air_drone_strike",
        "shelling_artillery_missile",
        "remote_explosive_landmine_ied",
        "suicide_bomb",
        "chemical_weapon",
    },
    "violence_against_civilians": {"attack", "abduction_forced_disappearance"},
    "protests": {
        "peaceful_protest",
        "protest_with_intervention",
        "excessive_force_against_protesters",
    },
    "riots": {"violent_demonstration", "mob_violence"},
    "strategic_developments": {"arrests", "displacement", "other"},
}
PLACE_KINDS = {
    "country",
    "admin1",
    "admin2",
    "admin3",
    "city",
    "village",
    "camp",
    "neighbourhood",
    "region",
}
FIGURES = ("fatalities", "injured", "displaced", "arrested")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Names the issue asks the place matcher to resolve; each is in the places gold.
NAMED = ("الباغوز", "مخيم الهول", "تلعفر", "معرة النعمان", "الغوطة الشرقية")
NAMED_AREAS = ("ريف دير الزور الشرقي", "حي الشعار")


def raw_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@cache
def readable_rows(name: str) -> list[dict[str, Any]]:
    """The rows whose text can be had here: all of them when the corpora are present,
    else those that store their text."""
    path = EVENTS_GOLD if name == "events" else PLACES_GOLD
    if corpora_available():
        return load_paragraphs(path)
    return [row for row in raw_rows(path) if "text" in row]


def test_event_triggers_and_labels() -> None:
    rows = readable_rows("events")
    assert rows
    for row in rows:
        for event in row["events"]:
            assert row["text"][event["start"] : event["end"]] == event["trigger"], row["id"]
            assert event["sub_type"] in SUB_TYPES[event["type"]], row["id"]
            assert event["date"] is None or DAY.fullmatch(event["date"]), row["id"]
            for figure in FIGURES:
                value = event[figure]
                assert value is None or (isinstance(value, int) and value >= 0), row["id"]


def test_place_spans_and_kinds() -> None:
    rows = readable_rows("places")
    assert rows
    for row in rows:
        for place in row["places"]:
            assert row["text"][place["start"] : place["end"]] == place["text"], row["id"]
            assert place["kind"] in PLACE_KINDS, row["id"]
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180, row["id"]
            assert place["source"], row["id"]


def test_whole_incidents_and_units_sit_on_one_side() -> None:
    """The split is by article or linked incident: no incident, no unit, no text on both sides."""
    sides: dict[str, set[str]] = defaultdict(set)
    for name in ("events", "places"):
        path = EVENTS_GOLD if name == "events" else PLACES_GOLD
        for row in raw_rows(path):
            assert row["split"] in ("tuning", "reporting")
            sides["unit:" + row["unit"]].add(row["split"])
            for event in row.get("events", ()):
                sides["incident:" + event["incident"]].add(row["split"])
    assert not [key for key, splits in sides.items() if len(splits) > 1]


def test_splits_are_about_half() -> None:
    for path in (EVENTS_GOLD, PLACES_GOLD):
        rows = raw_rows(path)
        tuning = sum(row["split"] == "tuning" for row in rows)
        assert 0.4 <= tuning / len(rows) <= 0.6


def test_events_gold_has_negatives_and_cross_article_incidents() -> None:
    rows = raw_rows(EVENTS_GOLD)
    assert sum(not row["events"] for row in rows) >= 40
    articles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for event in row["events"]:
            articles[event["incident"]].add(row["doc"])
    assert sum(len(docs) > 1 for docs in articles.values()) >= 10


def test_named_places_are_in_the_places_gold() -> None:
    written = {place["text"] for row in raw_rows(PLACES_GOLD) for place in row["places"]}
    for name in (*NAMED, *NAMED_AREAS):
        assert any(name in text for text in written), name


@cache
def evaluation() -> ModuleType:
    """The scoring script, loaded as a module."""
    spec = importlib.util.spec_from_file_location(
        "eval_events", ROOT / "scripts" / "eval_events.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_b_cubed_of_known_clusterings() -> None:
    score = evaluation().b_cubed
    assert score(["a", "a", "b"], [1, 1, 2])["f1"] == 1.0
    # everything in one cluster: precision (2/3*2 + 1/3) / 3 = 5/9, recall 1
    merged = score(["a", "a", "b"], [1, 1, 1])
    assert merged["precision"] == round(5 / 9, 4) and merged["recall"] == 1.0
    # all apart: precision 1, recall (1/2 + 1/2 + 1) / 3 = 2/3
    apart = score(["a", "a", "b"], [1, 2, 3])
    assert apart["precision"] == 1.0 and apart["recall"] == round(2 / 3, 4)


def test_matching_is_one_to_one_largest_overlap_first() -> None:
    pairs = evaluation().one_to_one([(0, 10), (12, 20)], [(5, 15), (0, 4)], lambda g, f: True)
    assert pairs == [(0, 1), (1, 0)]  # greedy by overlap would pair only (0, 0)
    assert len({g for g, _ in pairs}) == len(pairs) == len({f for _, f in pairs})
    assert evaluation().one_to_one([(0, 3)], [(3, 6)], lambda g, f: True) == []
    assert evaluation().one_to_one([(0, 3)], [(1, 2)], lambda g, f: False) == []


def test_place_names_agree_without_designation_article_or_hamza() -> None:
    key = evaluation().place_name_key
    assert key("حي القدم") == key("القدم") == key("قدم")
    assert key("محافظة إدلب") == key("ادلب")
    assert key("مدينة غزة") == key("غزة")
    assert key('حي "محمودية"') == key("محمودية")
    assert key("دوما") != key("درعا")


def test_errors_are_refused_for_the_reporting_half(capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluation().main(["--split", "reporting", "--errors"]) == 2
    assert evaluation().main(["--split", "all", "--errors"]) == 2
    assert "tuning" in capsys.readouterr().err


def test_grouping_joins_same_incident_and_keeps_undated_apart() -> None:
    module = evaluation()
    if not module.grouping_available():
        pytest.skip("no grouping rule yet")
    from marsad.model import EventSpan

    def strike(day: str | None, killed: int | None) -> EventSpan:
        return EventSpan(
            "غارة",
            0,
            4,
            "explosions_remote_violence",
            "air_drone_strike",
            day,
            "دوما",
            "SY",
            33.57,
            36.40,
            fatalities=killed,
        )

    ids = module.group_online(
        [
            ("2018-04-07:a", strike("2018-04-07", 40)),
            ("2018-04-08:b", strike("2018-04-07", 47)),
            ("2018-04-08:c", strike(None, None)),
        ]
    )
    assert ids[0] == ids[1] and ids[2] not in (ids[0],)


# What the extractor, the grouping rule and the place matcher reached on the whole gold
# (both halves) when the floors were set, rounded down, is in tests/quality_floors.json
# ("events", "events_places"); they may only rise.


@pytest.mark.slow
def test_extractor_reaches_its_floors_on_the_gold() -> None:
    pytest.importorskip("marsad.steps.events")
    if not corpora_available():
        pytest.skip("the shared corpora are not here")
    module = evaluation()
    figures, _ = module.score_events(module.load_gold(EVENTS_GOLD, "all"), module.enricher())
    assert figures["detection"]["f1"] >= floor("events", "detection_f1")
    for name in ("sub_type", "place", "date", "fatalities"):
        assert figures[name]["accuracy"] >= floor("events", f"{name}_accuracy"), name
    if figures["grouping"]["available"]:
        assert figures["grouping"]["found_fields"]["f1"] >= floor("events", "grouping_f1")


@pytest.mark.slow
def test_place_matcher_reaches_its_floor_on_the_gold() -> None:
    if not corpora_available():
        pytest.skip("the shared corpora are not here")
    module = evaluation()
    figures, _ = module.score_places(module.load_gold(PLACES_GOLD, "all"), module.enricher())
    assert figures["places"]["f1"] >= floor("events_places", "f1")
