"""A named schema step, and the helper that makes one from SQL statements.

Apart from `migrations.py` (which lists and applies them) so that every module that
owns tables can declare its own migrations without an import cycle.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    """One named schema step."""

    name: str
    apply: Callable[[sqlite3.Connection], None]


def statements(*sql: str) -> Callable[[sqlite3.Connection], None]:
    """A migration that runs SQL statements one by one (inside the caller's transaction)."""

    def run(connection: sqlite3.Connection) -> None:
        for statement in sql:
            connection.execute(statement)

    return run
