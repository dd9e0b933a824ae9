"""The `marsad ingest` use-case: files and folders into a store.

Extraction and enrichment run on an `Executor` (`marsad.services.ingest_chunks`):
in this process, in worker processes or on a Dask cluster (`marsad.run.executors`);
the writing, the counting and the tracking stay here, in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from marsad.ingest.repairs import RepairSink, ignore_repair
from marsad.model import IngestReport
from marsad.services.ingest_chunks import (
    ChecksPages,
    Executor,
    chunks_of,
    skip_known,
    store_chunks,
    work_units,
)
from marsad.services.ingest_known import KnownArticles
from marsad.services.stories import Tracker
from marsad.store.protocol import Store


def ingest_files(
    store: Store,
    paths: Iterable[Path],
    executor: Executor,
    *,
    track: bool = True,
    on_progress: Callable[[int], None] | None = None,
    on_repair: RepairSink = ignore_repair,
) -> IngestReport:
    """Read, extract, enrich and store every document under `paths`; report it all.

    With `track`, new articles are checked for copies and put into stories.
    Documents kept after a repair (stray bytes, lone surrogates replaced with U+FFFD)
    are reported to `on_repair`. Records the store already holds, and repeats within
    the input, are counted as duplicates without being enriched
    (`marsad.services.ingest_known`); so are pages, when the executor extracts them
    in this process (`ChecksPages`).
    """
    known = KnownArticles(store)
    if isinstance(executor, ChecksPages):  # pages are extracted here: check them too
        executor.check_pages(known.is_known)
    units = skip_known(work_units(paths, on_repair=on_repair), known)
    return store_chunks(
        store,
        executor.run(chunks_of(units)),
        on_progress=on_progress,
        track=Tracker().track if track else None,
        on_repair=on_repair,
    )
