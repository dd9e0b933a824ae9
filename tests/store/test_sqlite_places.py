"""The places span table keeps a place's kind, governorate and gazetteer id."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.model import Article, PlaceSpan
from marsad.store import SQLiteStore
from marsad.store.migrations import MIGRATIONS, apply_migrations


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory_store:
        yield memory_store


def test_place_detail_reads_back(store: SQLiteStore) -> None:
    text = "قصف على مخيم الهول في ريف الحسكة"
    camp = PlaceSpan(
        "مخيم الهول", 8, 18, "مخيم الهول", "SY", 36.38, 41.15, "camp", "الحسكة", "camp:sy-hol"
    )
    plain = PlaceSpan("الحسكة", 26, 32, "الحسكة", "SY", 36.5, 40.75)
    [result] = store.add_articles([Article(text=text, places=(camp, plain))])
    assert result.id is not None
    assert store.get(result.id).places == (camp, plain)


def test_places_stored_before_the_detail_read_back_empty(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    before = [m for m in MIGRATIONS if m.name != "041_place_detail"]
    apply_migrations(connection, before)
    connection.execute(
        "INSERT INTO articles (content_hash, text, added_at) VALUES ('h', 'في حلب', '2026-01-01')"
    )
    connection.execute(
        'INSERT INTO places (article_id, seq, start, "end", text, name, country, lat, lon) '
        "VALUES (1, 0, 3, 6, 'حلب', 'حلب', 'SY', 36.2, 37.16)"
    )
    apply_migrations(connection)
    row = connection.execute("SELECT kind, admin1, place_id FROM places").fetchone()
    assert row == ("", "", "")
    connection.close()
