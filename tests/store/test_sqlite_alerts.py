"""The saved-search, delivery and volume tables (migrations 031 and 032)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.errors import NotFound
from marsad.model import Article
from marsad.store import SQLiteStore
from marsad.store.migrations import MIGRATIONS, apply_migrations
from marsad.store.protocol_alerts import Selection
from marsad.store.protocol_web import SearchFilters


def _article(n: int, published: str | None, title: str = "زلزال") -> Article:
    return Article(
        title=f"{title} {n}", text=f"{title} رقم {n} في المدينة {n}.", published=published
    )


def test_an_older_watchlist_keeps_what_it_watched(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    before = [m for m in MIGRATIONS if m.name < "031"]
    apply_migrations(connection, before)
    connection.execute(
        "INSERT INTO watchlists (name, kind, target, created_at, seen_up_to) VALUES "
        "('s', 'search', 'زلزال', '2020-01-01', 7), ('e', 'entity', 'per:x', '2020-01-01', 3)"
    )
    connection.close()
    with SQLiteStore(path) as store:
        search, entity = store.saved_searches()
    assert (search["query"], search["entity"], search["delivered_from"]) == ("زلزال", None, 7)
    assert (entity["query"], entity["entity"], entity["delivered_from"]) == ("", "per:x", 3)
    assert search["paused"] == 0 and search["alert_on"] == "matches"


def test_a_delivery_is_recorded_once_per_article_set() -> None:
    with SQLiteStore(":memory:") as store:
        watch = store.save_search("w", {"query": "زلزال"})
        first = store.record_delivery(watch, "webhook", "matches", "k1", [3, 5], {})
        again = store.record_delivery(watch, "webhook", "matches", "k1", [3, 5], {})
        assert again["id"] == first["id"] and again["status"] == "pending"
        other_channel = store.record_delivery(watch, "email", "matches", "k1", [3, 5], {})
        assert other_channel["id"] != first["id"]
        assert store.channel_cursor(watch, "webhook") == 5
        store.finish_delivery(first["id"], ok=False, error="HTTP 503")
        [open_one] = store.open_deliveries(watch, "webhook", max_attempts=5)
        assert open_one["attempts"] == 1 and open_one["last_error"] == "HTTP 503"
        assert store.open_deliveries(watch, "webhook", max_attempts=1) == []
        store.finish_delivery(first["id"], ok=True, error=None)
        assert store.open_deliveries(watch, "webhook", max_attempts=5) == []


def test_deleting_a_watchlist_deletes_its_deliveries() -> None:
    with SQLiteStore(":memory:") as store:
        watch = store.save_search("w", {"query": "زلزال"})
        store.record_delivery(watch, "webhook", "matches", "k", [1], {})
        store.delete_search(watch)
        with pytest.raises(NotFound):
            store.saved_search(watch)
        assert store.deliveries(watch, 10) == []


def test_new_matches_start_after_the_cursor_and_honour_facets() -> None:
    with SQLiteStore(":memory:") as store:
        store.add_articles([_article(1, "2024-01-01")])
        watch = store.save_search("w", {"query": "زلزال", "lang": "ar"})
        assert store.saved_search(watch)["delivered_from"] == 1
        store.add_articles(
            [
                Article(title="زلزال 2", text="زلزال ثان هنا.", lang="ar", site="a"),
                Article(title="زلزال 3", text="زلزال ثالث هنا.", lang="en", site="b"),
            ]
        )
        found = store.new_matches(Selection(query="زلزال", lang="ar"), 1, 10)
        assert [row.title for row in found] == ["زلزال 2"]
        by_site = Selection(query="زلزال", filters=SearchFilters(site="b"))
        assert [row.title for row in store.new_matches(by_site, 0, 10)] == ["زلزال 3"]


def test_volume_counts_dated_and_estimated_apart() -> None:
    estimated = Article(
        title="زلزال 9",
        text="زلزال بلا تاريخ.",
        published_estimated="2024-01-02",
        published_estimated_source="text",
        published_estimated_confidence=0.5,
    )
    month_only = Article(
        title="زلزال 10",
        text="زلزال بتاريخ شهر.",
        published_estimated="2024-01",
        published_estimated_source="text",
        published_estimated_confidence=0.3,
    )
    with SQLiteStore(":memory:") as store:
        store.add_articles(
            [
                _article(1, "2024-01-01T10:00:00"),
                _article(2, "2024-01-02T09:30:00"),
                _article(3, "2024-01-02T11:00:00"),
                _article(4, "2024-01-05"),
                estimated,
                month_only,
            ]
        )
        days = store.volume(Selection(query="زلزال"), "day", "2024-01-01", "2024-01-04")
        assert [(r.bucket, r.published, r.estimated) for r in days] == [
            ("2024-01-01", 1, 0),
            ("2024-01-02", 2, 1),
        ]
        hours = store.volume(Selection(), "hour", "2024-01-02T00", "2024-01-02T23")
        assert [(r.bucket, r.published) for r in hours] == [
            ("2024-01-02T09", 1),
            ("2024-01-02T11", 1),
        ]


def test_suggestion_names_fold_arabic_spelling() -> None:
    with SQLiteStore(":memory:") as store:
        assert store.suggestion_names("place") == []
        with pytest.raises(Exception, match="entity or place"):
            store.suggestion_names("weather")


def test_suggestion_names_grow_with_new_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.model import EntitySpan
    from marsad.store import sqlite_alerts

    def named(n: int, *ids: str) -> Article:
        spans = tuple(EntitySpan("س", 0, 1, "ORG", entity, f"اسم {entity}") for entity in ids)
        return Article(title=f"خبر {n}", text=f"س نص الخبر رقم {n}.", entities=spans)

    with SQLiteStore(":memory:") as store:
        store.add_articles([named(1, "org:a", "org:b"), named(2, "org:a")])
        first = {name.value: name.articles for name in store.suggestion_names("entity")}
        assert first == {"org:a": 2, "org:b": 1}
        store.add_articles([named(3, "org:b", "org:c"), named(4, "org:b")])
        # Within the refresh interval the list is not re-read…
        assert len(store.suggestion_names("entity")) == 2
        monkeypatch.setattr(sqlite_alerts, "SUGGEST_REFRESH_SECONDS", 0.0)
        # …after it, only the new articles' spans are read and merged.
        ranked = store.suggestion_names("entity")
        assert [(name.value, name.articles) for name in ranked] == [
            ("org:b", 3),
            ("org:a", 2),
            ("org:c", 1),
        ]
        assert ranked[0].words[0] == "اسم org:b"
