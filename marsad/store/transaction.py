"""Write transactions and guarded reads, the same way in every store module.

SQLite allows one writer: a write takes the store's lock, opens with BEGIN IMMEDIATE
(so it waits for the write lock up front instead of failing half-way), commits, or
rolls back on any failure — an interrupt included — so nothing is left half-written.

Reads never wait on a writer. A store on a file keeps, beside its one writer
connection, a read-only connection per thread (`StoreConnections`); a guarded read
runs on it as one read transaction, so it sees one consistent snapshot of the WAL
database while ingests commit beside it. The store's `_db` asks `current()` which
connection the thread should use. A read inside a write transaction stays on the
writer, to see what the transaction wrote. An in-memory database cannot be opened
twice, so there reads hold the lock, as writes do.

The modules call `guarded_read(lock, ...)` and `write_transaction(connection,
lock, ...)` with the store's lock; the lock finds its `StoreConnections` through a
registry, so every read path of every module gets its own connection.

Either way a database error becomes a `StoreError` saying what was being done.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from marsad.errors import StoreError

# How long a connection waits for another's write lock (an ingest commits a batch
# at a time) before "database is locked".
BUSY_TIMEOUT_MS = 30_000
_OWNERS: weakref.WeakValueDictionary[int, StoreConnections] = weakref.WeakValueDictionary()


def configure(connection: sqlite3.Connection) -> None:
    """Settings every connection of a store needs, reader or writer."""
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")


class _ThreadState(threading.local):
    """What this thread is doing with one store: nested read and write depths."""

    def __init__(self) -> None:
        self.reading = 0
        self.writing = 0
        self.reader: sqlite3.Connection | None = None


class StoreConnections:
    """The writer connection behind its lock, and a read-only connection per thread.

    `path` None (an in-memory database) means no separate readers: reads share
    the writer under the lock.
    """

    def __init__(self, writer: sqlite3.Connection, path: str | None) -> None:
        self.writer = writer
        self.lock = threading.RLock()
        self._reader_uri = f"{Path(path).resolve().as_uri()}?mode=ro" if path else None
        self._state = _ThreadState()
        self._readers: list[tuple[weakref.ref[threading.Thread], sqlite3.Connection]] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        _OWNERS[id(self.lock)] = self

    @property
    def separate_reads(self) -> bool:
        return self._reader_uri is not None

    def current(self) -> sqlite3.Connection:
        """The connection this thread should use now."""
        state = self._state
        if state.reading and not state.writing and state.reader is not None:
            return state.reader
        return self.writer

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run the block's reads on this thread's reader, as one read transaction."""
        state = self._state
        if state.writing or not self.separate_reads:
            with self.lock:  # reentrant: a read inside this thread's write sees the write
                yield
            return
        if state.reading:
            state.reading += 1
            try:
                yield
            finally:
                state.reading -= 1
            return
        reader = self._reader()
        reader.execute("BEGIN")
        state.reading = 1
        try:
            yield
        finally:
            state.reading = 0
            if reader.in_transaction:
                reader.execute("ROLLBACK")  # nothing to keep: the connection cannot write

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and route this thread's statements to the writer."""
        with self.lock:
            self._state.writing += 1
            try:
                yield self.writer
            finally:
                self._state.writing -= 1

    def _reader(self) -> sqlite3.Connection:
        state = self._state
        if state.reader is None:
            state.reader = self._open_reader()
        return state.reader

    def _open_reader(self) -> sqlite3.Connection:
        assert self._reader_uri is not None
        with self._readers_lock:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            self._close_orphans()
            reader = sqlite3.connect(
                self._reader_uri, uri=True, isolation_level=None, check_same_thread=False
            )
            try:
                configure(reader)
                reader.execute("PRAGMA query_only = ON")
            except sqlite3.Error:
                reader.close()
                raise
            self._readers.append((weakref.ref(threading.current_thread()), reader))
            return reader

    def _close_orphans(self) -> None:
        """Close the readers of threads that have ended (a thread pool replaces its threads)."""
        alive = []
        for thread, reader in self._readers:
            owner = thread()
            if owner is None or not owner.is_alive():
                reader.close()
            else:
                alive.append((thread, reader))
        self._readers = alive

    def close(self) -> None:
        with self.lock, self._readers_lock:
            self._closed = True
            for _, reader in self._readers:
                reader.close()
            self._readers = []
            self.writer.close()


def connections_of(lock: threading.RLock) -> StoreConnections | None:
    """The `StoreConnections` owning `lock`, if the store has them."""
    owner = _OWNERS.get(id(lock))
    return owner if owner is not None and owner.lock is lock else None


@contextmanager
def write_transaction(
    connection: sqlite3.Connection, lock: threading.RLock, *, doing: str, where: str
) -> Iterator[None]:
    """Run the block as one transaction; `doing` names it in errors ("writing a batch")."""
    owner = connections_of(lock)
    with owner.writing() if owner is not None else _held(lock, connection) as writer:
        try:
            writer.execute("BEGIN IMMEDIATE")
            yield
            writer.execute("COMMIT")
        except BaseException as error:
            if writer.in_transaction:
                writer.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StoreError(f"{doing} failed: {error}", where=where) from error
            raise


@contextmanager
def _held(lock: threading.RLock, connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    with lock:
        yield connection


@contextmanager
def guarded_read(lock: threading.RLock, *, doing: str, where: str) -> Iterator[None]:
    """Reads on this thread's reader (or under the lock); errors name `doing` ("reading x")."""
    owner = connections_of(lock)
    try:
        with owner.reading() if owner is not None else lock:
            yield
    except sqlite3.Error as error:
        raise StoreError(f"{doing} failed: {error}", where=where) from error
