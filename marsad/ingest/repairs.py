"""Text repaired on the way in: kept, counted and reported, never silently changed.

A JSON string may hold a lone surrogate (`"\\udc80"`) that no UTF-8 database can
store, and a UTF-8 page may hold a few stray bytes. Rejecting the document for that
loses a whole article; storing it as is fails later. The readers replace the bad
characters with U+FFFD, keep the document, and tell a `RepairSink` what they did, so
`ingest` and `extract` can show which documents were repaired and how much.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marsad import errors

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Repair:
    """One repaired document: what was replaced (a stable code), how many, and where."""

    code: str
    count: int
    where: str

    @property
    def message(self) -> str:
        what = {
            errors.REPLACED_BYTES: "invalid UTF-8 byte sequence(s)",
            errors.REPLACED_SURROGATES: "lone surrogate(s)",
        }.get(self.code, "bad character(s)")
        return f"{self.count} {what} replaced with U+FFFD"


RepairSink = Callable[[Repair], None]


def ignore_repair(_repair: Repair) -> None:
    """The sink used when the caller does not ask to hear about repairs."""


def without_surrogates(text: str) -> tuple[str, int]:
    """`text` with every lone surrogate replaced by U+FFFD, and how many there were."""
    repaired, count = _SURROGATE.subn(REPLACEMENT, text)
    return repaired, count


def repair_value(value: Any) -> tuple[Any, int]:
    """A decoded JSON value with surrogates replaced in every string (keys too), and the count."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, list):
        items = [repair_value(item) for item in value]
        return [item for item, _ in items], sum(count for _, count in items)
    if isinstance(value, dict):
        total = 0
        repaired: dict[str, Any] = {}
        for key, item in value.items():
            new_key, key_count = without_surrogates(key)
            new_item, item_count = repair_value(item)
            repaired[new_key] = new_item
            total += key_count + item_count
        return repaired, total
    return value, 0
