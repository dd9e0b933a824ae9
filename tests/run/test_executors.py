"""The executors give the archive one process gives: same ids, stories, copies, spans.

The same ~50 real articles (demo records as JSON Lines and as page files, plus two
rejections) are ingested with the local executor, with two worker processes and on
a Dask `LocalCluster` of two worker processes; the exported rows and the reports
must be equal, field for field.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.model import IngestReport
from marsad.run.executors import (
    DaskExecutor,
    ExecutorError,
    LocalExecutor,
    ProcessExecutor,
    in_order,
)
from marsad.run.ingest import executor_for, ingest_paths
from marsad.run.runtime import open_database
from marsad.services.export import export_rows
from marsad.services.ingest_chunks import Executor
from marsad.services.ingest_files import ingest_files


def _archive(db: Path) -> list[dict[str, Any]]:
    """Every exported row, with each article's entity and place spans (offsets too)."""
    with open_database(db) as store:
        rows = list(export_rows(store))
        spans = {
            article.id: (article.entities, article.places, article.dates, article.lang)
            for article in store.iter_articles()
        }
    return [row | {"spans": spans[row["id"]]} for row in rows]


def _ingest(db: Path, folder: Path, executor: Executor) -> IngestReport:
    with open_database(db) as store:
        return ingest_files(store, [folder], executor)


def _summary(report: IngestReport) -> tuple[Any, ...]:
    return (
        report.new,
        report.duplicates,
        report.rejected,
        report.errors,
        dict(report.reasons),
        report.examples,
    )


@pytest.fixture(scope="module")
def one_process(demo_input: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("local") / "local.db"
    report = _ingest(db, demo_input, LocalExecutor())
    yield report, _archive(db)


def test_the_input_exercises_stories_copies_and_rejections(one_process: Any) -> None:
    report, rows = one_process
    assert report.new == len(rows) >= 45
    assert report.rejected == 2  # the empty page and the unsupported file
    assert sum(1 for row in rows if row["entities"]) > len(rows) // 2
    stories = [row["story"] for row in rows]
    assert None not in stories and len(set(stories)) < len(stories)


def test_two_worker_processes_give_what_one_process_gives(
    demo_input: Path, one_process: Any, tmp_path: Path
) -> None:
    report, rows = one_process
    db = tmp_path / "workers.db"
    parallel = _ingest(db, demo_input, ProcessExecutor(2))
    assert _summary(parallel) == _summary(report)
    assert _archive(db) == rows


def test_a_dask_cluster_gives_what_one_process_gives(
    demo_input: Path, one_process: Any, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    report, rows = one_process
    db = tmp_path / "dask.db"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_cluster = _ingest(db, demo_input, DaskExecutor(client=client))
        assert _summary(on_cluster) == _summary(report)
        assert _archive(db) == rows
        # The command line's way in: the scheduler's address.
        by_address = tmp_path / "address.db"
        again = ingest_paths(by_address, [demo_input], dask=cluster.scheduler_address)
        assert _summary(again) == _summary(report)
        assert _archive(by_address) == rows


def test_results_come_back_in_submission_order_with_a_bounded_window() -> None:
    class Done:
        def __init__(self, value: int, log: list[str]) -> None:
            self.value, self.log = value, log

        def result(self) -> Any:
            self.log.append(f"take {self.value}")
            return self.value

    log: list[str] = []

    def submitted() -> Iterator[Done]:
        for value in range(5):
            log.append(f"submit {value}")
            yield Done(value, log)

    assert list(in_order(submitted(), window=2)) == [0, 1, 2, 3, 4]
    # never more than two submitted and not taken
    assert log[:4] == ["submit 0", "submit 1", "take 0", "submit 2"]


def test_bad_executor_options_are_refused() -> None:
    with pytest.raises(ExecutorError):
        executor_for(workers=0)
    with pytest.raises(ExecutorError):
        executor_for(workers=2, dask="tcp://127.0.0.1:8786")
    with pytest.raises(ExecutorError):
        ProcessExecutor(0)
    assert isinstance(executor_for(), LocalExecutor)
    assert isinstance(executor_for(workers=3), ProcessExecutor)


def test_an_unreachable_dask_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    # the discard port: nothing listens
    with (
        DaskExecutor("tcp://127.0.0.1:9", timeout=2) as executor,
        pytest.raises(ExecutorError, match="Dask scheduler"),
    ):
        list(executor.run([[]]))
