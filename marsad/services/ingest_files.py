"""The `marsad ingest` use-case: files and folders into a database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from marsad.ingest import read_paths
from marsad.ingest.repairs import RepairSink, ignore_repair
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
    on_repair: RepairSink = ignore_repair,
) -> IngestReport:
    """Read, enrich and store every document under `paths`; report what happened.

    With `track`, new articles are checked for copies and put into stories.
    Documents kept after a repair (stray bytes, lone surrogates replaced with U+FFFD)
    are reported to `on_repair`.
    """
    enricher = Enricher.load() if enrich else None
    tracker = Tracker().track if track else None
    with open_store(db) as store:
        return ingest(
            store,
            read_paths(paths, on_repair=on_repair),
            enrich=enricher,
            on_progress=on_progress,
            track=tracker,
        )
