"""Articles stored but not tracked yet, as a `SQLiteStore` mixin.

Storing a batch and tracking it (copies, stories) are two transactions: a process
killed between them, or during the second, used to leave the batch with no story
and no copy links, silently. Now the insert transaction also writes one row per new
article into `tracking_pending`, keyed by its batch (the first id the transaction
inserted), and the tracking transaction deletes the rows of the articles it tracked.
Whatever a kill interrupts, the pending rows say what is left; the next run tracks
those batches first, in id order and batch by batch as they were stored, which is
the order and grouping a run that was never interrupted tracks them in.

`PendingTables` is the mixin, `PendingStore` (in `protocol_pending`) its protocol.
The migration is `013_tracking_pending`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence

from marsad.store.migration import Migration, statements
from marsad.store.transaction import guarded_read

PENDING_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "013_tracking_pending",
        statements(
            """
            CREATE TABLE tracking_pending (
                article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                batch INTEGER NOT NULL
            )
            """,
            "CREATE INDEX tracking_pending_batch ON tracking_pending(batch, article)",
        ),
    ),
)
_CHUNK = 500  # ids per statement, below SQLite's limit on parameters


class PendingTables:
    """Mixin of `SQLiteStore`: the pending-tracking table (see the module docstring)."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    path: str

    def _mark_pending(self, article_ids: Sequence[int]) -> None:
        """Record the batch's new articles as pending; call inside the insert transaction."""
        if article_ids:
            batch = article_ids[0]
            self._db.executemany(
                "INSERT INTO tracking_pending (article, batch) VALUES (?, ?)",
                [(article_id, batch) for article_id in article_ids],
            )

    def next_pending_batch(self, after: int = 0) -> tuple[int, list[int]] | None:
        """The first pending batch after batch `after`: its key and its article ids in
        order; None when no batch is left."""
        with guarded_read(self._lock, doing="reading pending articles", where=self.path):
            row = self._db.execute(
                "SELECT min(batch) FROM tracking_pending WHERE batch > ?", (after,)
            ).fetchone()
            if row is None or row[0] is None:
                return None
            batch = int(row[0])
            ids = self._db.execute(
                "SELECT article FROM tracking_pending WHERE batch = ? ORDER BY article", (batch,)
            ).fetchall()
        return batch, [int(found[0]) for found in ids]

    def pending_count(self) -> int:
        """How many stored articles wait for tracking."""
        with guarded_read(self._lock, doing="reading pending articles", where=self.path):
            return int(self._db.execute("SELECT count(*) FROM tracking_pending").fetchone()[0])

    def clear_pending(self, article_ids: Iterable[int]) -> None:
        """Forget the articles as pending; call inside the tracking transaction."""
        wanted = list(article_ids)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            self._db.execute(
                f"DELETE FROM tracking_pending WHERE article IN ({','.join('?' * len(chunk))})",
                chunk,
            )

    def untracked_among(self, article_ids: Sequence[int]) -> set[int]:
        """Those of `article_ids` that tracking has not reached (no article vector yet).

        Asked inside the tracking transaction, so two processes resuming the same
        batch cannot both track it.
        """
        found: set[int] = set()
        for start in range(0, len(article_ids), _CHUNK):
            chunk = list(article_ids[start : start + _CHUNK])
            tracked = self._db.execute(
                "SELECT article FROM article_vectors "
                f"WHERE article IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            found.update(set(chunk) - {int(row[0]) for row in tracked})
        return found
