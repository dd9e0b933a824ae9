"""Executors of ingest's extraction and enrichment, in the spirit of datatrove's.

* `LocalExecutor`: this process, chunk after chunk (the default);
* `ProcessExecutor`: N worker processes of this machine (`marsad ingest --workers N`),
  each loading the enricher's resources once;
* `DaskExecutor`: the workers of a Dask distributed cluster (`marsad ingest --dask
  tcp://scheduler:8786`), for backfills that outgrow one machine.

Every executor runs the same function (`marsad.run.worker.run_chunk`) on the same
chunks and hands the results back in input order, with a bounded number of chunks in
flight, so the one writer (`marsad.services.ingest_chunks.store_chunks`) sees exactly
what one process would: same ids, copies and stories.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self

from marsad.errors import MarsadError
from marsad.run.worker import run_chunk, start_worker, worker_enricher
from marsad.services.ingest import BATCH_SIZE
from marsad.services.ingest_chunks import CHUNK_SIZE, ChunkDone, IsKnown, Unit, enrich_chunk

if TYPE_CHECKING:
    from distributed import Client

IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: keeps them busy, memory bounded
# Chunks in flight at least: two written batches' worth, so the workers keep working
# while the writer stores and tracks a batch (a few seconds) instead of waiting for it.
MIN_IN_FLIGHT = 2 * BATCH_SIZE // CHUNK_SIZE


class ExecutorError(MarsadError):
    """The executor could not start (a bad worker count, an unreachable cluster)."""

    code = "executor-error"


class _Result(Protocol):
    """A pending chunk: a `concurrent.futures.Future` or a Dask future."""

    def result(self) -> Any: ...


def in_order(submitted: Iterable[_Result], window: int) -> Iterator[ChunkDone]:
    """The results of the submitted chunks in submission order, keeping at most
    `window` submitted and not yet handed back (`submitted` is consumed lazily)."""
    pending: deque[_Result] = deque()
    for future in submitted:
        pending.append(future)
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _window(workers: int) -> int:
    """Chunks kept in flight for `workers` workers."""
    return max(workers * IN_FLIGHT_PER_WORKER, MIN_IN_FLIGHT)


class _NothingToRelease:
    """An executor whose resources end with it: its `with` block releases nothing."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None


class LocalExecutor(_NothingToRelease):
    """Extraction and enrichment in this process, one chunk after another."""

    def __init__(self, enrich: bool = True) -> None:
        self.enrich = enrich
        self.is_known: IsKnown | None = None

    def check_pages(self, is_known: IsKnown) -> None:
        """Skip the enrichment of a page's article that `is_known` (the writer's
        duplicate check: this process is the writer's)."""
        self.is_known = is_known

    def run(self, chunks: Iterable[list[Unit]]) -> Iterator[ChunkDone]:
        enricher = worker_enricher(self.enrich)
        for chunk in chunks:
            yield enrich_chunk(chunk, enricher, self.is_known)


class ProcessExecutor(_NothingToRelease):
    """Extraction and enrichment in `workers` processes of this machine.

    Processes are spawned (not forked), so none inherits the writer's connection or
    threads; each loads the enricher once, in the pool's initializer.
    """

    def __init__(self, workers: int, enrich: bool = True) -> None:
        if workers < 1:
            raise ExecutorError(f"--workers must be at least 1, got {workers}")
        self.workers = workers
        self.enrich = enrich

    def run(self, chunks: Iterable[list[Unit]]) -> Iterator[ChunkDone]:
        pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(self.enrich,),
        )
        try:
            submitted: Iterator[Future[ChunkDone]] = (
                pool.submit(run_chunk, chunk, self.enrich) for chunk in chunks
            )
            yield from in_order(submitted, _window(self.workers))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Extraction and enrichment on a Dask distributed cluster; workers return the
    enriched articles to this process, which writes them.

    Give the scheduler's address (`tcp://host:8786`) or a `distributed.Client` (a
    client given is left open). Every worker needs Marsad installed, at the same
    version; page files are read here and sent, so workers need no shared disk.
    """

    def __init__(
        self,
        address: str | None = None,
        *,
        client: Client | None = None,
        enrich: bool = True,
        timeout: float = 30.0,
    ) -> None:
        if (address is None) == (client is None):
            raise ExecutorError("give the Dask scheduler's address or a client, not both")
        self.address = address
        self.enrich = enrich
        self.timeout = timeout
        self._client = client
        self._owns_client = client is None

    def _connect(self) -> Client:
        if self._client is None:
            from distributed import Client

            try:
                self._client = Client(self.address, timeout=self.timeout)  # type: ignore[no-untyped-call]
            except (OSError, TimeoutError) as error:
                raise ExecutorError(
                    f"cannot reach the Dask scheduler: {error}", self.address
                ) from error
        return self._client

    def workers(self) -> int:
        """How many worker threads the cluster has now (at least 1)."""
        threads: dict[str, int] = self._connect().nthreads()  # type: ignore[no-untyped-call]
        return max(1, sum(threads.values()))

    def run(self, chunks: Iterable[list[Unit]]) -> Iterator[ChunkDone]:
        client = self._connect()
        window = _window(self.workers())
        submitted = (client.submit(run_chunk, chunk, self.enrich, pure=False) for chunk in chunks)
        yield from in_order(submitted, window)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._owns_client and self._client is not None:
            self._client.close()  # type: ignore[no-untyped-call]
            self._client = None
