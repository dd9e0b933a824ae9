"""The `marsad ingest` use-case: files and folders into a database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from marsad.ingest import read_paths
from marsad.model import IngestReport
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.steps.pipeline import Enricher
from marsad.store import open_store


def ingest_paths(
    db: str | Path,
    paths: Iterable[Path],
    *,
    enrich: bool = True,
    track: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Read, enrich and store every document under `paths`; report what happened.

    With `track`, new articles are checked for copies and put into stories.
    """
    enricher = Enricher.load() if enrich else None
    tracker = Tracker().track if track else None
    with open_store(db) as store:
        return ingest(
            store, read_paths(paths), enrich=enricher, on_progress=on_progress, track=tracker
        )
