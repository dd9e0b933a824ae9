"""Event mentions are stored with their article and grouped across articles."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.errors import NotFound
from marsad.events.filters import EventFilters
from marsad.model import Article, EventSpan
from marsad.store.sqlite import SQLiteStore

IDLIB = {"place": "إدلب", "country": "SY", "lat": 35.93, "lon": 36.63}
KAFRANBEL = {"place": "كفرنبل", "country": "SY", "lat": 35.61, "lon": 36.56}
DARAA = {"place": "درعا", "country": "SY", "lat": 32.62, "lon": 36.10}


def strike(day: str, fatalities: int | None, **place: object) -> EventSpan:
    return EventSpan(
        "غارات",
        0,
        5,
        "explosions_remote_violence",
        "air_drone_strike",
        date=day,
        fatalities=fatalities,
        confidence=0.8,
        **place,  # type: ignore[arg-type]
    )


def article(number: int, site: str, *events: EventSpan, published: str = "2020-04-10") -> Article:
    return Article(
        text=f"غارات على البلدة {number}",
        title=f"خبر {number}",
        site=site,
        published=published,
        external_id=f"n{number}",
        lang="ar",
        events=events,
    )


@pytest.fixture
def store() -> SQLiteStore:
    return SQLiteStore(":memory:")


def test_mentions_are_read_back_with_the_article(store: SQLiteStore) -> None:
    span = replace(strike("2020-04-10", 3, **IDLIB), actor1="org:saa", injured=5)
    [result] = store.add_articles([article(1, "a.example", span)])
    assert result.id is not None
    assert store.get(result.id).events == (span,)
    assert [a.events for a in store.iter_articles()] == [(span,)]


def test_reports_of_one_incident_become_one_event(store: SQLiteStore) -> None:
    store.add_articles(
        [
            article(1, "a.example", strike("2020-04-10", 3, **IDLIB)),
            article(2, "b.example", strike("2020-04-09", 5, **IDLIB)),
            article(3, "c.example", strike("2020-04-10", 4, **IDLIB)),
        ]
    )
    [event] = store.events(EventFilters(), limit=10)
    assert len(event.mentions) == 3
    assert event.sources == ("a.example", "b.example", "c.example")
    assert event.fatalities == 4  # the median of 3, 4, 5
    assert (event.spread["fatalities"].low, event.spread["fatalities"].high) == (3, 5)
    assert event.date == "2020-04-10"  # given by two reports of three


def test_a_nearby_village_joins_and_a_far_town_does_not(store: SQLiteStore) -> None:
    store.add_articles(
        [
            article(1, "a.example", strike("2020-04-10", 3, **IDLIB)),
            article(2, "b.example", strike("2020-04-10", 3, **KAFRANBEL)),  # 36 km: apart
            article(3, "c.example", strike("2020-04-10", 3, **DARAA)),
        ]
    )
    assert store.count_events(EventFilters()) == 3


def test_days_apart_types_apart_and_tolls_apart_stay_apart(store: SQLiteStore) -> None:
    clash = replace(strike("2020-04-10", 3, **IDLIB), type="battles", sub_type="armed_clash")
    store.add_articles(
        [
            article(1, "a.example", strike("2020-04-10", 3, **IDLIB)),
            article(2, "b.example", strike("2020-04-14", 3, **IDLIB)),
            article(3, "c.example", clash),
            article(4, "d.example", strike("2020-04-10", 40, **IDLIB)),
        ]
    )
    assert store.count_events(EventFilters()) == 4


def test_a_copy_is_not_another_outlet(store: SQLiteStore) -> None:
    [first] = store.add_articles([article(1, "a.example", strike("2020-04-10", 3, **IDLIB))])
    copy = replace(article(2, "b.example", strike("2020-04-10", 1, **IDLIB)), duplicate_of=first.id)
    store.add_articles([copy])
    [event] = store.events(EventFilters(), limit=10)
    assert len(event.mentions) == 2
    assert event.sources == ("a.example",)
    assert event.fatalities == 3


def test_filters(store: SQLiteStore) -> None:
    clash = replace(strike("2020-04-12", None, **DARAA), type="battles", sub_type="armed_clash")
    store.add_articles(
        [
            article(1, "a.example", strike("2020-04-10", 3, **IDLIB)),
            article(2, "b.example", clash, published="2020-04-12"),
        ]
    )

    def places(filters: EventFilters) -> list[str | None]:
        return [event.place for event in store.events(filters, limit=10)]

    assert places(EventFilters()) == ["درعا", "إدلب"]  # newest first
    assert places(EventFilters(date_from="2020-04-11")) == ["درعا"]
    assert places(EventFilters(date_to="2020-04-11")) == ["إدلب"]
    assert places(EventFilters(type="battles")) == ["درعا"]
    assert places(EventFilters(type="air_drone_strike")) == ["إدلب"]
    assert places(EventFilters(place="ادلب")) == ["إدلب"]
    assert places(EventFilters(place="سورية")) == ["درعا", "إدلب"]
    assert places(EventFilters(place="العراق")) == []
    assert store.events_per_day(EventFilters()) == [("2020-04-10", 1), ("2020-04-12", 1)]
    assert store.events(EventFilters(), limit=1, offset=1)[0].place == "إدلب"


def test_an_unknown_event_is_not_found(store: SQLiteStore) -> None:
    with pytest.raises(NotFound):
        store.event(99)
