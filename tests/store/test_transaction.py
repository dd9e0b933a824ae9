"""Reads on their own connections never wait on a writer; writes wait for each other.

No timing is asserted: a writer holds its transaction open until the readers say
they are done (or a generous timeout passes), so reads that waited for the writer
would be seen to finish only after it let go.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.errors import StoreError
from marsad.model import Article
from marsad.store import SQLiteStore
from marsad.store.transaction import guarded_read, write_transaction

GENEROUS_S = 60.0


def _article(number: int) -> Article:
    return Article(
        title=f"خبر رقم {number} عن القاهرة",
        text=f"نص الخبر رقم {number} عن اجتماع في القاهرة.",
        external_id=f"t-{number}",
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "store.db") as opened:
        opened.add_articles([_article(number) for number in range(5)])
        yield opened


def _reads(store: SQLiteStore) -> None:
    assert store.count() >= 5
    assert store.search("القاهرة", limit=3)
    assert store.get(1).title
    assert store.watchlists() == []


def test_reads_finish_while_a_write_transaction_is_open(store: SQLiteStore) -> None:
    reads_done = threading.Event()
    writing = threading.Event()
    outcome: dict[str, bool] = {}

    def writer() -> None:
        with write_transaction(store._db, store._lock, doing="holding", where=store.path):
            store._db.execute("UPDATE articles SET title = title WHERE id = 1")
            writing.set()
            outcome["reads finished while held"] = reads_done.wait(GENEROUS_S)

    thread = threading.Thread(target=writer)
    thread.start()
    assert writing.wait(GENEROUS_S)
    _reads(store)
    reads_done.set()
    thread.join(GENEROUS_S)
    assert outcome == {"reads finished while held": True}


def test_reads_complete_beside_a_writer_looping(store: SQLiteStore) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        number = 100
        while not stop.is_set():
            with write_transaction(store._db, store._lock, doing="looping", where=store.path):
                store._db.execute(
                    "UPDATE articles SET title = ? WHERE id = 1", (f"خبر رقم {number}",)
                )
                stop.wait(0.2)  # hold the write lock about 200 ms
            number += 1

    def reader() -> None:
        try:
            for _ in range(20):
                _reads(store)
        except BaseException as error:  # reported to the test's thread
            errors.append(error)

    writing = threading.Thread(target=writer)
    readers = [threading.Thread(target=reader) for _ in range(3)]
    writing.start()
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join(GENEROUS_S)
    stop.set()
    writing.join(GENEROUS_S)
    assert not any(thread.is_alive() for thread in readers)
    assert errors == []


def test_a_write_waits_for_another_connection_to_commit(store: SQLiteStore) -> None:
    """An ingest in another process holds the write lock; the store's write waits, then succeeds."""
    holding = threading.Event()
    release = threading.Event()

    def other_process() -> None:
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE articles SET title = title WHERE id = 1")
        holding.set()
        release.wait(GENEROUS_S)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    assert holding.wait(GENEROUS_S)
    threading.Timer(0.3, release.set).start()
    watchlist_id = store.add_watchlist("متابعة", "search", "القاهرة")
    thread.join(GENEROUS_S)
    assert release.is_set()
    assert store.watchlist(watchlist_id)["name"] == "متابعة"


def test_a_read_sees_one_snapshot_and_the_next_read_sees_the_commit(store: SQLiteStore) -> None:
    with store._reading():
        before = store._db.execute("SELECT count(*) FROM articles").fetchone()[0]
        stored = threading.Thread(target=store.add_articles, args=([_article(50)],))
        stored.start()
        stored.join(GENEROUS_S)
        during = store._db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert during == before
    assert store.count() == before + 1


def test_a_read_inside_a_write_sees_the_write(store: SQLiteStore) -> None:
    with write_transaction(store._db, store._lock, doing="writing", where=store.path):
        store._db.execute("DELETE FROM watchlists")
        store._db.execute(
            "INSERT INTO watchlists (name, kind, target, created_at) "
            "VALUES ('w', 'search', 'x', '2024-01-01')"
        )
        assert [watchlist["name"] for watchlist in store.watchlists()] == ["w"]
    assert [watchlist["name"] for watchlist in store.watchlists()] == ["w"]


def test_the_read_connection_cannot_write(store: SQLiteStore) -> None:
    with (
        pytest.raises(StoreError, match=r"readonly|read-only|query_only"),
        guarded_read(store._lock, doing="trying to write", where=store.path),
    ):
        store._db.execute("DELETE FROM articles")
    assert store.count() == 5


def test_readers_of_ended_threads_are_closed(store: SQLiteStore) -> None:
    for _ in range(8):
        thread = threading.Thread(target=store.count)
        thread.start()
        thread.join(GENEROUS_S)
    store.count()  # this thread's reader; the ended threads' are closed on the way
    assert len(store._connections._readers) <= 2


def test_in_memory_store_reads_and_writes_on_one_connection() -> None:
    with SQLiteStore(":memory:") as memory:
        memory.add_articles([_article(1)])
        assert memory.count() == 1
        assert memory.search("القاهرة", limit=1)


def test_closed_store_refuses_reads(tmp_path: Path) -> None:
    opened = SQLiteStore(tmp_path / "closed.db")
    opened.close()
    with pytest.raises(StoreError):
        opened.count()
