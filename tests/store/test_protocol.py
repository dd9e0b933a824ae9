"""The seam: one `Store` protocol that the SQLite backend implements whole, and
services and the web that never narrow a store to a backend."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import marsad
from marsad.store import SQLiteStore
from marsad.store.protocol import Store
from marsad.store.protocol_articles import ArticleStore
from marsad.store.protocol_copies import CopyStore
from marsad.store.protocol_pending import PendingStore
from marsad.store.protocol_sources import SourceStore
from marsad.store.protocol_stories import StoryStore, TrackingStore
from marsad.store.protocol_web import WebStore

PACKAGE = Path(marsad.__file__).parent
CONCERNS = (ArticleStore, CopyStore, PendingStore, SourceStore, StoryStore, TrackingStore, WebStore)
# `isinstance`, `hasattr` or `getattr` on a store, a cast, or a backend's class
NARROWING = re.compile(
    r"(isinstance|hasattr|getattr)\(\s*store\b|\bcast\(|as_\w+_store\(|SQLiteStore|\bWebQueries\b"
    r"|\w+Tables\b"
)


def _members(protocol: type) -> set[str]:
    names = {name for name, _ in inspect.getmembers(protocol, inspect.isfunction)}
    for base in protocol.__mro__:  # attributes, declared by annotation in any concern
        names |= set(vars(base).get("__annotations__", {}))
    return {name for name in names if not name.startswith("_") or name in ("__enter__",)}


def test_the_store_protocol_is_every_concern_together() -> None:
    for concern in CONCERNS:
        assert concern in Store.__mro__
        assert _members(concern) <= _members(Store)


def test_the_sqlite_backend_has_every_member_of_the_store() -> None:
    missing = sorted(name for name in _members(Store) if not hasattr(SQLiteStore, name))
    with SQLiteStore(":memory:") as store:
        missing = [name for name in missing if not hasattr(store, name)]
    assert missing == []


def test_services_and_the_web_never_narrow_a_store_to_a_backend() -> None:
    found = []
    for folder in ("services", "web"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if NARROWING.search(line):
                    found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert found == []
