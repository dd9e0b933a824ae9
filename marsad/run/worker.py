"""What runs inside a worker: the chunk function with the worker's own enricher.

A worker (a process of a pool, a thread of a Dask worker) loads the enricher's
resources once, on its first chunk or in the pool's initializer, and keeps them for
every later chunk. They are kept per thread, so the threads of one Dask worker never
share a tagger's memory; a process of the pool has one thread, so it loads once.
"""

from __future__ import annotations

import threading

from threadpoolctl import threadpool_limits

from marsad.run.runtime import load_enricher
from marsad.services.ingest_chunks import ChunkDone, Enrich, Unit, enrich_chunk


class _Loaded(threading.local):
    """This thread's enricher, loaded on first use (None until then)."""

    def __init__(self) -> None:
        self.enrich: dict[bool, Enrich | None] = {}


_LOADED = _Loaded()


def worker_enricher(enrich: bool) -> Enrich | None:
    """This thread's enricher (loaded the first time), or None when enrichment is off."""
    if enrich not in _LOADED.enrich:
        _LOADED.enrich[enrich] = load_enricher(enrich)
    return _LOADED.enrich[enrich]


def start_worker(enrich: bool) -> None:
    """A pool process's initializer: one BLAS/OpenMP thread for the process (the
    parallelism is the pool's: N processes each running N numerical threads on N
    cores would fight over them, as Dask's nanny also prevents), then load the
    resources before the first chunk."""
    threadpool_limits(limits=1)
    worker_enricher(enrich)


def run_chunk(chunk: list[Unit], enrich: bool) -> ChunkDone:
    """One chunk extracted and enriched with this worker's resources."""
    return enrich_chunk(chunk, worker_enricher(enrich))
