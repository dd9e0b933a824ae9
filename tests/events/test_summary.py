"""What an event says, read from its reports by the stated rules."""

from __future__ import annotations

from dataclasses import replace

from marsad.events.summary import Mention, independent, median_low, spread_text, summarize
from marsad.model import EventSpan

SPAN = EventSpan(
    "غارة",
    0,
    4,
    "explosions_remote_violence",
    "air_drone_strike",
    date="2018-03-20",
    place="عربين",
    country="SY",
    lat=33.54,
    lon=36.36,
    fatalities=20,
)


def mention(article: int, site: str, **changes: object) -> Mention:
    published = str(changes.pop("published", "2018-03-20"))
    duplicate_of = changes.pop("duplicate_of", None)
    span = replace(SPAN, **changes)  # type: ignore[arg-type]
    return Mention(span, article, f"x{article}", site, published, duplicate_of)  # type: ignore[arg-type]


def coarse(span: EventSpan) -> bool:
    return span.place in (None, "سوريا")


def test_figures_are_the_low_median_and_the_spread_is_kept() -> None:
    event = summarize(
        1,
        [
            mention(1, "a", fatalities=20),
            mention(2, "b", fatalities=16),
            mention(3, "c", fatalities=17),
            mention(4, "d", fatalities=None),
        ],
        coarse,
    )
    assert event.fatalities == 17
    spread = event.spread["fatalities"]
    assert (spread.low, spread.high, spread.reports) == (16, 20, 3)
    assert spread_text(event) == "16–20 قتلى بحسب 4 من المصادر"


def test_copies_do_not_count_again() -> None:
    reports = [
        mention(1, "a", fatalities=20),
        mention(2, "b", fatalities=5, duplicate_of=1),
        mention(3, "c", fatalities=5, duplicate_of=1),
    ]
    assert [m.article for m in independent(reports)] == [1]
    event = summarize(1, reports, coarse)
    assert event.sources == ("a",)
    assert event.fatalities == 20
    assert len(event.mentions) == 3


def test_the_date_and_place_most_reports_give() -> None:
    event = summarize(
        1,
        [
            mention(1, "a", date="2018-03-19", place="سوريا"),
            mention(2, "b", date="2018-03-20", place="عربين"),
            mention(3, "c", date="2018-03-19", place="عربين"),
        ],
        coarse,
    )
    assert event.date == "2018-03-19"
    assert event.place == "عربين"


def test_a_finer_place_wins_a_tie_and_the_earliest_report_is_known() -> None:
    event = summarize(
        1,
        [
            mention(1, "a", place="سوريا", published="2018-03-21"),
            mention(2, "b", place="عربين", published="2018-03-20"),
        ],
        coarse,
    )
    assert event.place == "عربين"
    assert event.earliest is not None and event.earliest.article == 2
    assert event.sources == ("b", "a")  # earliest report first


def test_median_low() -> None:
    assert median_low([5]) == 5
    assert median_low([3, 5]) == 3
    assert median_low([9, 3, 5]) == 5
