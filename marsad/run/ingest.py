"""`marsad ingest` and `marsad demo` put together: a store, an executor, the service.

The executor is chosen from the options: one process (default), `workers` processes
of this machine, or the Dask cluster at `dask`; the results are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from marsad.model import IngestReport
from marsad.run.executors import DaskExecutor, ExecutorError, LocalExecutor, ProcessExecutor
from marsad.run.runtime import RepairSink, ignore_repair, open_database
from marsad.services.demo import demo_sample, reset_demo
from marsad.services.ingest_files import ingest_files


def executor_for(
    *, workers: int = 1, dask: str | None = None, enrich: bool = True
) -> LocalExecutor | ProcessExecutor | DaskExecutor:
    """The executor the options name: Dask at `dask`, else `workers` processes (one:
    this process)."""
    if dask is not None and workers != 1:
        raise ExecutorError("--workers and --dask cannot be combined: Dask has its own workers")
    if dask is not None:
        return DaskExecutor(dask, enrich=enrich)
    if workers < 1:
        raise ExecutorError(f"--workers must be at least 1, got {workers}")
    return LocalExecutor(enrich) if workers == 1 else ProcessExecutor(workers, enrich)


def ingest_paths(
    db: str | Path | None,
    paths: Iterable[Path],
    *,
    enrich: bool = True,
    track: bool = True,
    workers: int = 1,
    dask: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_repair: RepairSink = ignore_repair,
) -> IngestReport:
    """Read, enrich and store every document under `paths` into the database `db`
    (default `$MARSAD_DB`); report what happened (see `ingest_files`)."""
    executor = executor_for(workers=workers, dask=dask, enrich=enrich)
    with executor, open_database(db) as store:
        return ingest_files(
            store, paths, executor, track=track, on_progress=on_progress, on_repair=on_repair
        )


def load_demo(db: Path, *, on_progress: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest the bundled sample into a new database at `db`, replacing an older demo."""
    reset_demo(db)
    return ingest_paths(db, [demo_sample()], on_progress=on_progress)
