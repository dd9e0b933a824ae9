"""`open_store`: from a database URL (or a bare path) to a `Store`.

A bare path, `:memory:` or `sqlite:///path` opens SQLite; `postgresql://` names the
scale-out backend, which does not exist yet, and says so rather than guessing.
Without a URL, `$MARSAD_DB` names the database. A new backend is one more scheme
here and its own `store/<backend>*.py` modules implementing `protocol.Store`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from marsad.errors import StoreError
from marsad.store.protocol import Store
from marsad.store.sqlite import SQLiteStore

DATABASE_VARIABLE = "MARSAD_DB"
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$")
_POSTGRES_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg"})


def sqlite_path(db: str | Path) -> str:
    """The SQLite file named by `db` (a bare path or `sqlite:///path`)."""
    if isinstance(db, Path):
        return str(db)
    match = _URL.match(db)
    if match is None:
        return db
    scheme = match["scheme"].lower()
    if scheme in _POSTGRES_SCHEMES:
        raise StoreError(
            "the PostgreSQL backend is not available yet; use a SQLite path or sqlite:///path",
            db,
        )
    if scheme != "sqlite":
        raise StoreError(f"unknown database kind {scheme!r}; use a path or sqlite:///path", db)
    rest = match["rest"]
    # sqlite:///relative/x.db and sqlite:////absolute/x.db, as in SQLAlchemy URLs.
    return rest[1:] if rest.startswith("/") else rest


def open_store(db: str | Path | None = None) -> Store:
    """Open (creating and migrating if needed) the store named by `db`, else by
    `$MARSAD_DB`; a `StoreError` when neither names one."""
    named = db if db is not None else os.environ.get(DATABASE_VARIABLE, "")
    path = sqlite_path(named)
    if not path:
        raise StoreError(f"no database given (--db or ${DATABASE_VARIABLE})", str(named))
    return SQLiteStore(path)
