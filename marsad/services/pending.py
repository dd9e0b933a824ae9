"""Resuming what an interrupted run left untracked.

Every stored article is marked pending tracking in its insert transaction and
unmarked in the transaction that tracks it (`marsad.store.sqlite_pending`). A run
killed in between leaves the marks; `resume_pending` tracks those articles before
the next run reads any new input, batch by batch in id order, as the interrupted
run would have, so the copies and stories come out as if it had never stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from marsad.model import Article
from marsad.store.protocol import Store

log = logging.getLogger(__name__)

# Tracks a batch of stored articles (ids set): `marsad.services.stories.Tracker().track`.
Track = Callable[[Store, list[Article]], None]


def resume_pending(store: Store, track: Track) -> int:
    """Track the articles left pending, batch by batch in id order; how many.

    Says so in a warning, since it means an earlier run stopped half-way (or stored
    without tracking).
    """
    done = 0
    after = 0
    while (found := store.next_pending_batch(after)) is not None:
        after, ids = found
        track(store, [store.get(article_id) for article_id in ids])
        done += len(ids)
    if done:
        log.warning("resumed %d articles left pending by an interrupted run", done)
    return done
