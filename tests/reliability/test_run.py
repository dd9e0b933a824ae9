"""A `kill -9` of `marsad ingest --workers 2` loses no story and no copy link.

The parent process is the one writer: it stores each batch with its pending marks
and tracks it, while worker processes extract and enrich. Killed (several times,
right after a batch was stored) and run to the end, the archive's stories and copy
links equal those of one uninterrupted run in one process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_kill_resume import DEMO, MARSAD, _command, _kill_when, _outcome, _run, _scalar

pytestmark = [
    pytest.mark.skipif(not MARSAD.exists(), reason="the marsad command is not installed"),
    pytest.mark.timeout(900),
]


def _with_workers(db: Path) -> list[str]:
    return _command("ingest", DEMO, "--db", db, "--no-enrich", "--workers", "2")


def test_ingest_with_workers_killed_after_stored_batches_resumes_as_a_clean_run(
    tmp_path: Path,
) -> None:
    batch = 10
    db = tmp_path / "killed.db"
    left_pending = []
    for articles in (batch, 90, 200):
        _kill_when(db, batch, articles, command=_with_workers(db))
        left_pending.append(_scalar(db, "SELECT count(*) FROM tracking_pending"))
    assert any(left_pending), "no kill landed between storing a batch and tracking it"
    _run(_with_workers(db), batch)
    assert _scalar(db, "SELECT count(*) FROM tracking_pending") == 0
    clean = tmp_path / "clean.db"
    _run(_command("ingest", DEMO, "--db", clean, "--no-enrich"), batch)
    assert _outcome(db) == _outcome(clean)
