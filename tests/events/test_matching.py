"""Grouping one incident across outlets: which known event a new mention joins."""

from __future__ import annotations

import pytest

from marsad.events.matching import Anchor, best_match, distance_km, figures_agree, nearby_days

DOUMA = (33.5711, 36.4028)


def anchor(
    event_id: int = 0,
    *,
    type: str = "explosions_remote_violence",
    day: str | None = "2018-04-07",
    place: str | None = "دوما",
    country: str | None = "SY",
    point: tuple[float, float] | None = DOUMA,
    fatalities: int | None = None,
) -> Anchor:
    lat, lon = point if point else (None, None)
    return Anchor(type, day, country, place, lat, lon, fatalities, event_id=event_id)


def test_the_same_place_type_and_day_joins() -> None:
    assert best_match(anchor(), [anchor(7)]) == 7


def test_a_day_apart_joins_and_two_days_do_not() -> None:
    assert best_match(anchor(day="2018-04-08"), [anchor(7)]) == 7
    assert best_match(anchor(day="2018-04-09"), [anchor(7)]) is None


def test_another_type_does_not_join() -> None:
    assert best_match(anchor(type="battles"), [anchor(7)]) is None


def test_a_place_named_inside_the_other_joins() -> None:
    found = anchor(place="ريف دوما", point=(33.70, 36.60))
    assert best_match(found, [anchor(7)]) == 7


def test_a_nearby_village_joins_and_a_far_town_does_not() -> None:
    harasta = anchor(place="حرستا", point=(33.5586, 36.3650))  # about 4 km away
    assert best_match(harasta, [anchor(7)]) == 7
    aleppo = anchor(place="حلب", point=(36.2021, 37.1343))
    assert best_match(aleppo, [anchor(7)]) is None


def test_another_country_does_not_join() -> None:
    assert best_match(anchor(country="LB"), [anchor(7)]) is None


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [(None, 40, True), (42, 47, True), (3, 5, True), (100, 150, True), (3, 40, False)],
)
def test_tolls_that_differ_can_still_agree(first: int | None, second: int, agree: bool) -> None:
    assert figures_agree(first, second) is agree
    mention = anchor(fatalities=first)
    assert (best_match(mention, [anchor(7, fatalities=second)]) == 7) is agree


def test_the_nearest_candidate_wins() -> None:
    candidates = [anchor(1, place="حرستا", point=(33.5586, 36.3650)), anchor(2)]
    assert best_match(anchor(), candidates) == 2


def test_a_mention_without_a_place_joins_only_a_lone_candidate() -> None:
    unplaced = anchor(place=None, country=None, point=None)
    assert best_match(unplaced, [anchor(7)]) == 7
    assert best_match(unplaced, [anchor(7), anchor(8, place="حلب")]) is None


def test_days_and_distances() -> None:
    assert nearby_days("2018-03-01") == ["2018-03-01", "2018-02-28", "2018-03-02"]
    assert 290 < distance_km(DOUMA, (36.2021, 37.1343)) < 310  # Douma to Aleppo
