"""A `kill -9` anywhere in `marsad ingest` loses no story and no copy link.

The installed `marsad` command ingests the demo sample (300 real SaudiNewsNet
articles) in small batches and is killed with SIGKILL as soon as the database holds
a given number of articles — right after a batch was stored, while it is tracked —
several times in a row, then run to the end. The stories (as partitions of the
articles) and the copy links must equal those of one uninterrupted run. A second
case kills the run in the middle of a tracking transaction and lets `marsad track`
resume it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "marsad" / "resources" / "demo" / "articles.jsonl.gz"
MARSAD = Path(sys.executable).parent / "marsad"
RESUMED = "left pending by an interrupted run"

pytestmark = [
    pytest.mark.skipif(not MARSAD.exists(), reason="the marsad command is not installed"),
    pytest.mark.timeout(900),
]

Outcome = tuple[frozenset[frozenset[str]], frozenset[tuple[str, str]], dict[str, int]]


def _command(*arguments: str | Path) -> list[str]:
    return [str(MARSAD), *(str(argument) for argument in arguments)]


def _environment(batch: int) -> dict[str, str]:
    environment = dict(os.environ)
    environment["MARSAD_INGEST_BATCH"] = str(batch)
    environment.pop("MARSAD_DB", None)
    return environment


def _ingest_command(db: Path) -> list[str]:
    return _command("ingest", DEMO, "--db", db, "--no-enrich")


def _run(command: list[str], batch: int) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, env=_environment(batch), capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done


def _scalar(db: Path, query: str) -> int:
    """One number read from the database, 0 while it or its tables do not exist yet."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5) as connection:
            return int(connection.execute(query).fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _kill_when(db: Path, batch: int, articles: int, after: float = 0.0) -> None:
    """Start an ingest and SIGKILL it `after` seconds once the database holds at least
    `articles` articles."""
    process = subprocess.Popen(
        _ingest_command(db),
        env=_environment(batch),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while _scalar(db, "SELECT count(*) FROM articles") < articles:
            assert process.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline, "the ingest made no progress"
            time.sleep(0.002)
        time.sleep(after)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()


def _outcome(db: Path) -> Outcome:
    """Stories as groups of external ids, copy links as (copy, original) pairs, and
    each story's article count keyed by its smallest member."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT id, external_id, story, duplicate_of FROM articles")
        articles = rows.fetchall()
        counts = dict(connection.execute("SELECT id, article_count FROM stories").fetchall())
    names = {row[0]: row[1] for row in articles}
    stories: dict[int, set[str]] = defaultdict(set)
    for _, name, story, _ in articles:
        assert story is not None, f"article {name} has no story"
        stories[story].add(name)
    copies = frozenset((name, names[head]) for _, name, _, head in articles if head is not None)
    sizes = {min(members): counts[story] for story, members in stories.items()}
    return frozenset(frozenset(members) for members in stories.values()), copies, sizes


def _clean(tmp_path: Path, batch: int) -> Outcome:
    db = tmp_path / f"clean-{batch}.db"
    _run(_ingest_command(db), batch)
    return _outcome(db)


def test_ingest_killed_after_stored_batches_resumes_as_a_clean_run(tmp_path: Path) -> None:
    batch = 10
    db = tmp_path / "killed.db"
    left_pending = []
    for articles in (batch, 60, 150, 220):
        _kill_when(db, batch, articles)
        left_pending.append(_scalar(db, "SELECT count(*) FROM tracking_pending"))
    assert any(left_pending), "no kill landed between storing a batch and tracking it"
    finished = _run(_ingest_command(db), batch)
    if left_pending[-1]:
        assert f"resumed {left_pending[-1]} articles {RESUMED}" in finished.stderr
    assert _scalar(db, "SELECT count(*) FROM tracking_pending") == 0
    assert _outcome(db) == _clean(tmp_path, batch)


def test_a_kill_inside_the_tracking_transaction_is_resumed_by_track(tmp_path: Path) -> None:
    batch = 100
    db = tmp_path / "killed.db"
    _kill_when(db, batch, batch, after=0.1)
    stored = _scalar(db, "SELECT count(*) FROM articles")
    pending = _scalar(db, "SELECT count(*) FROM tracking_pending")
    assert pending == stored - _scalar(db, "SELECT count(*) FROM article_vectors")
    assert pending > 0, "the kill came after the batch was tracked"
    tracked = _run(_command("track", "--db", db), batch)
    assert f"resumed {pending} articles {RESUMED}" in tracked.stderr
    assert _scalar(db, "SELECT count(*) FROM tracking_pending") == 0
    finished = _run(_ingest_command(db), batch)
    assert RESUMED not in finished.stderr
    assert _outcome(db) == _clean(tmp_path, batch)
