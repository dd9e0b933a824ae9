"""Ingest with one process, with `--workers N` and on a Dask LocalCluster, same pages.

The 1,000-page benchmark of `bench/bench_extract.py` (real articles of the ANT corpus
and SaudiNewsNet wrapped as news pages, read from `../shared/data/`) is written as
files and ingested end to end (read, extract, enrich, store, copies and stories),
as `marsad ingest` does, once per executor, each into a fresh database. Reports
pages per second, the CPU seconds of this process and its children, the load
average before the run, and whether the archives are the same.

    python bench/bench_workers.py [--articles 1000] [--workers 2] [--data DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from marsad.model import IngestReport
from marsad.run.executors import DaskExecutor, LocalExecutor, ProcessExecutor
from marsad.run.runtime import open_database
from marsad.services.export import export_rows
from marsad.services.ingest_chunks import Executor
from marsad.services.ingest_files import ingest_files

HERE = Path(__file__).resolve().parent


def _bench_extract() -> ModuleType:
    """The page builder of the extraction benchmark (a script beside this one)."""
    spec = importlib.util.spec_from_file_location("bench_extract", HERE / "bench_extract.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cpu_seconds() -> tuple[float, float]:
    """User + system CPU of this process (the writer), and of its waited-for children
    (the worker processes, once reaped)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _archive(db: Path) -> list[dict[str, Any]]:
    with open_database(db) as store:
        return list(export_rows(store))


def _run(
    label: str, folder: Path, db: Path, executor: Executor, pages: int, settle: Callable[[], None]
) -> tuple[float, list[dict[str, Any]]]:
    load = os.getloadavg()[0]
    cpu = _cpu_seconds()
    start = time.perf_counter()
    with open_database(db) as store:
        report: IngestReport = ingest_files(store, [folder], executor)
    elapsed = time.perf_counter() - start
    settle()  # reap worker processes, so their CPU time is counted
    writer, workers = (after - before for after, before in zip(_cpu_seconds(), cpu, strict=True))
    rate = pages / elapsed
    print(
        f"{label:<28} {elapsed:7.1f} s  {rate:6.2f} pages/s  CPU {writer + workers:6.1f} s "
        f"(this process {writer:5.1f}, worker processes {workers:5.1f})  load before {load:4.1f}"
        f"  (new {report.new}, duplicates {report.duplicates}, rejected {report.rejected}, "
        f"errors {report.errors})",
        flush=True,
    )
    return rate, _archive(db)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=HERE.parent / ".." / "shared" / "data")
    parser.add_argument("--skip-local", action="store_true", help="only the parallel runs")
    options = parser.parse_args()
    builder = _bench_extract()
    if not all((options.data / name).exists() for name in builder.CORPORA):
        print(f"corpora not found under {options.data}", file=sys.stderr)
        return 1
    from distributed import Client, LocalCluster

    pages: list[str] = builder.build_pages(options.data, options.articles)
    print(f"{len(pages)} pages; {os.cpu_count()} cores; {options.workers} workers", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "pages"
        folder.mkdir()
        for number, page in enumerate(pages):
            (folder / f"page-{number:05d}.html").write_text(page, encoding="utf-8")
        results: dict[str, tuple[float, list[dict[str, Any]]]] = {}
        if not options.skip_local:
            results["one process"] = _run(
                "one process", folder, root / "local.db", LocalExecutor(), len(pages), lambda: None
            )
        results["workers"] = _run(
            f"--workers {options.workers}",
            folder,
            root / "workers.db",
            ProcessExecutor(options.workers),
            len(pages),
            lambda: None,
        )
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=options.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]

        def close_cluster() -> None:
            client.close()  # type: ignore[no-untyped-call]
            cluster.close()

        results["dask"] = _run(
            f"Dask LocalCluster, {options.workers} workers",
            folder,
            root / "dask.db",
            DaskExecutor(client=client),
            len(pages),
            close_cluster,
        )
    archives = [archive for _, archive in results.values()]
    print(
        "same archive (ids, stories, copies, entities, places):",
        archives.count(archives[0]) == len(archives),
    )
    if "one process" in results:
        base = results["one process"][0]
        print(
            f"speed-up: --workers {results['workers'][0] / base:.2f}x, "
            f"Dask {results['dask'][0] / base:.2f}x; Dask/--workers "
            f"{results['dask'][0] / results['workers'][0]:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
