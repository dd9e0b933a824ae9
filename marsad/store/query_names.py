"""`entity:` and `place:` resolved through the stored spans, folded, without a scan.

A user types `entity:"تنظيم الدولة"` or `place:صنعا`; the spans hold ids (`org:isis`),
canonical names and the mentions as written, in any spelling. Folding every stored
name inside SQL for each query read the whole span table through Python (tens of
seconds on a million spans), so each store keeps a map from folded names and
mentions to entity ids and stored place names, filled once and then topped up with
the spans of articles added since (spans are written with their article, whose id
only grows).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from marsad.text.normalize import fold

Reader = Callable[[str, Sequence[Any]], list[Any]]
Resolver = Callable[[str, str], list[str]]
PAGE = 20_000


class NameIndex:
    """Folded entity names and mentions → ids; folded place names → stored names."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entities: dict[str, set[str]] = {}
        self._places: dict[str, set[str]] = {}
        self._entities_after = 0
        self._places_after = 0

    def resolve(self, read: Reader, field: str, value: str) -> list[str]:
        """The stored values `field:value` stands for (`value` itself included)."""
        with self._lock:
            if field == "entity":
                self._entities_after = _top_up(
                    read,
                    "SELECT article_id, entity_id, name, text FROM entities",
                    self._entities_after,
                    self._entities,
                )
                found = self._entities.get(fold(value), set())
            else:
                self._places_after = _top_up(
                    read,
                    "SELECT article_id, name, name, text FROM places",
                    self._places_after,
                    self._places,
                )
                found = self._places.get(fold(value), set())
            return sorted({value, *found})


def _top_up(read: Reader, select: str, after: int, into: dict[str, set[str]]) -> int:
    """Add the spans of articles with ids above `after`; the highest id read."""
    while True:
        rows = read(f"{select} WHERE article_id > ? ORDER BY article_id LIMIT ?", [after, PAGE])
        for _article, stored, name, written in rows:
            for key in {fold(name), fold(written)}:
                into.setdefault(key, set()).add(str(stored))
        if len(rows) < PAGE:
            return int(rows[-1][0]) if rows else after
        # a page may end inside an article: read that article's spans again, whole
        after = int(rows[-1][0]) - 1
        if after < int(rows[0][0]):  # one article holds more than a page of spans
            after = int(rows[-1][0])


_OWNERS_LOCK = threading.Lock()


def names_of(owner: object) -> NameIndex:
    """The name index of one store object (made on first use, kept on the object)."""
    with _OWNERS_LOCK:
        found = owner.__dict__.setdefault("_query_names", NameIndex())
    assert isinstance(found, NameIndex)
    return found


def resolver(owner: object, read: Reader) -> Resolver:
    """`entity:`/`place:` values resolved through `owner`'s name index and `read`."""
    index = names_of(owner)
    return lambda field, value: index.resolve(read, field, value)
