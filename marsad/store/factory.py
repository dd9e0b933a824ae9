"""`open_store`: from a `--db` value (a path or a URL) to a `Store`.

A bare path, `:memory:` or `sqlite:///path` opens SQLite; `postgresql://` names the
scale-out backend, which does not exist yet, and says so rather than guessing.
"""

from __future__ import annotations

import re
from pathlib import Path

from marsad.errors import StoreError
from marsad.store.protocol import Store
from marsad.store.sqlite import SQLiteStore

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
        raise StoreError("the PostgreSQL backend is not available yet; use a SQLite path", db)
    if scheme != "sqlite":
        raise StoreError(f"unknown database kind {scheme!r}; use a path or sqlite:///path", db)
    rest = match["rest"]
    # sqlite:///relative/x.db and sqlite:////absolute/x.db, as in SQLAlchemy URLs.
    return rest[1:] if rest.startswith("/") else rest


def open_store(db: str | Path) -> Store:
    """Open (creating and migrating if needed) the store named by `db`."""
    path = sqlite_path(db)
    if not path:
        raise StoreError("no database path given", str(db))
    return SQLiteStore(path)
