"""The web queries of the SQLite store: bounded ranking, sampled facets, lead snippets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marsad.model import Article, EntitySpan
from marsad.store import SQLiteStore, sqlite_web
from marsad.store.highlight import Markers
from marsad.store.sqlite_web import SearchFilters

MARKS = Markers("\x02", "\x03")


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory:
        memory.add_articles(
            Article(
                title=f"خبر رقم {number}",
                text=f"وصل وفد اللاجئين إلى المدينة في اليوم {number} من الشهر.",
                site="أ" if number % 3 else "ب",
                published=f"2015-08-{number % 28 + 1:02d}",
                external_id=str(number),
                entities=(EntitySpan("وفد", 4, 7, "ORG", "org:wafd", "الوفد"),)
                if number % 2
                else (),
            )
            for number in range(1, 31)
        )
        yield memory


def test_a_very_common_query_is_ranked_among_its_newest_matches(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_web, "RANK_WINDOW", 10)
    found, total = store.browse("اللاجئين", SearchFilters(), sort="relevance", limit=30, offset=0)
    assert total == 30
    assert sorted(item.hit.id for item in found) == list(range(21, 31))
    filtered, total = store.browse(
        "اللاجئين", SearchFilters(site="أ"), sort="relevance", limit=30, offset=0
    )
    assert total == 20 and len(filtered) == 10


def test_empty_query_lists_newest_first_and_filters_combine(store: SQLiteStore) -> None:
    found, total = store.browse("", SearchFilters(), sort="relevance", limit=5, offset=0)
    assert total == 30
    dates = [item.published or "" for item in found]
    assert dates == sorted(dates, reverse=True)
    found, total = store.browse(
        "", SearchFilters(entity="org:wafd", site="ب"), sort="date", limit=30, offset=0
    )
    assert total == 5  # odd numbers divisible by three: 3, 9, 15, 21, 27
    assert sorted(int(item.hit.external_id or 0) for item in found) == [3, 9, 15, 21, 27]


def test_facets_are_counted_over_a_sample_of_the_newest_matches(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = store.facet_counts("اللاجئين", SearchFilters(), 10)
    assert {row["value"]: row["count"] for row in exact["site"]} == {"أ": 20, "ب": 10}
    assert exact["entity"] == [{"value": "org:wafd", "label": "الوفد", "count": 15}]
    monkeypatch.setattr(sqlite_web, "FACET_SAMPLE", 6)
    sampled = store.facet_counts("اللاجئين", SearchFilters(), 10)
    assert sum(row["count"] for row in sampled["site"]) == 6  # ids 25..30


def test_a_late_hit_is_still_found_for_the_snippet(store: SQLiteStore) -> None:
    filler = "كلام عام عن الطقس والرياضة. " * 100  # well past the lead that is scanned first
    store.add_articles([Article(title="تقرير", text=filler + "ثم ذكر الزلزال أخيرا.")])
    [found], _ = store.browse(
        "الزلزال", SearchFilters(), sort="relevance", limit=5, offset=0, markers=MARKS
    )
    assert "\x02الزلزال\x03" in found.hit.snippet


def test_watchlists_remember_what_was_seen(store: SQLiteStore) -> None:
    watch_id = store.add_watchlist("لاجئون", "search", "اللاجئين")
    assert store.watchlist(watch_id)["seen_up_to"] == store.newest_article_id() == 30
    store.mark_watchlist_seen(watch_id, 12)  # never moves backwards
    assert store.watchlist(watch_id)["seen_up_to"] == 30
    assert [w["id"] for w in store.watchlists()] == [watch_id]
