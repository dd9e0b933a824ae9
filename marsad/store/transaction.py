"""Write transactions and guarded reads on the store's connection, the same way everywhere.

SQLite allows one writer: a write takes the store's lock, opens with BEGIN IMMEDIATE
(so it waits for the write lock up front instead of failing half-way), commits, or
rolls back on any failure — an interrupt included — so nothing is left half-written.
A read only holds the lock. Either way a database error becomes a `StoreError`
saying what was being done.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from marsad.errors import StoreError


@contextmanager
def write_transaction(
    connection: sqlite3.Connection, lock: threading.RLock, *, doing: str, where: str
) -> Iterator[None]:
    """Run the block as one transaction; `doing` names it in errors ("writing a batch")."""
    with lock:
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield
            connection.execute("COMMIT")
        except BaseException as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StoreError(f"{doing} failed: {error}", where=where) from error
            raise


@contextmanager
def guarded_read(lock: threading.RLock, *, doing: str, where: str) -> Iterator[None]:
    """Hold the lock for the block's reads; `doing` names them in errors ("reading stories")."""
    with lock:
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(f"{doing} failed: {error}", where=where) from error
