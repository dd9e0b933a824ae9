"""Named migrations recorded in the database: applied once, in order, upgradable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.errors import StoreError
from marsad.model import Article
from marsad.store import SQLiteStore
from marsad.store.migrations import MIGRATIONS, applied_migrations, apply_migrations

ALL_NAMES = [migration.name for migration in MIGRATIONS]


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_a_new_database_gets_every_migration_recorded(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "m.db") as store:
        assert store.applied == ALL_NAMES
    connection = _connect(tmp_path / "m.db")
    assert applied_migrations(connection) == ALL_NAMES
    stamps = [row[0] for row in connection.execute("SELECT applied_at FROM migrations")]
    assert all(stamp[:4].isdigit() for stamp in stamps)
    connection.close()


def test_a_second_open_applies_nothing(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "m.db") as store:
        store.add_articles([Article(text="نص أول", url="https://x.example/1")])
    with SQLiteStore(tmp_path / "m.db") as store:
        assert store.applied == []
        assert store.count() == 1
    connection = _connect(tmp_path / "m.db")
    assert apply_migrations(connection) == []
    assert applied_migrations(connection) == ALL_NAMES
    connection.close()


def test_a_database_from_the_first_migration_upgrades(tmp_path: Path) -> None:
    """A database with only the articles table gains spans and a filled search index."""
    connection = _connect(tmp_path / "old.db")
    assert apply_migrations(connection, MIGRATIONS[:1]) == ALL_NAMES[:1]
    connection.execute(
        "INSERT INTO articles (id, title, text, content_hash, added_at) "
        "VALUES (7, 'معركة الباغوز', 'استسلم مسلحون في الباغوز', 'h', '2019-03-01')"
    )
    connection.close()

    with SQLiteStore(tmp_path / "old.db") as store:
        assert store.applied == ALL_NAMES[1:]
        article = store.get(7)
        assert (article.title, article.entities) == ("معركة الباغوز", ())
        assert [hit.id for hit in store.search("باغوز", limit=5)] == [7]
        [added] = store.add_articles([Article(text="خبر جديد عن الباغوز")])
        assert added.new and added.id == 8


def test_a_failed_migration_leaves_no_trace(tmp_path: Path) -> None:
    connection = _connect(tmp_path / "f.db")
    apply_migrations(connection, MIGRATIONS[:1])
    connection.execute("CREATE TABLE entities (x)")  # collides with migration 002
    with pytest.raises(StoreError, match="002"):
        apply_migrations(connection)
    assert applied_migrations(connection) == ALL_NAMES[:1]
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "places" not in tables  # the rest of 002 was rolled back with it
    connection.close()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "n.db"):
        pass
    connection = _connect(tmp_path / "n.db")
    connection.execute("INSERT INTO migrations VALUES ('999_future', '2030-01-01')")
    connection.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(tmp_path / "n.db")
