"""A `kill -9` anywhere in `marsad ingest` loses no story and no copy link.

The installed `marsad` command ingests the demo sample (300 real SaudiNewsNet
articles) in small batches and is killed with SIGKILL as soon as the database holds
a given number of articles — right after a batch was stored, while it is tracked —
several times in a row, then run to the end. The stories (as partitions of the
articles) and the copy links must equal those of one uninterrupted run. A second
case kills the run in the middle of a tracking transaction and lets `marsad track`
resume it. A third ingests the sample as undated pages of a WARC archive, enriched:
an undated article is placed in time by when it was first seen (the record's
capture), not by when it happens to be tracked, and its estimated event time is
kept with it, so a resumed run gives the same stories, story times and estimates
as a clean one. A crawl, too, tracks what a killed run left pending before it
fetches anything.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.ingest.fetch import Fetcher, FetchPolicy
from marsad.model import Article
from marsad.services.crawl import crawl_once
from marsad.services.stories import Tracker
from marsad.store import SQLiteStore

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


def _ingest_command(db: Path, source: Path = DEMO, *options: str) -> list[str]:
    return _command("ingest", source, "--db", db, *(options or ("--no-enrich",)))


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


def _kill_when(
    db: Path, batch: int, articles: int, after: float = 0.0, command: list[str] | None = None
) -> None:
    """Start an ingest (`command`, by default the demo's) and SIGKILL it `after`
    seconds once the database holds at least `articles` articles."""
    process = subprocess.Popen(
        command or _ingest_command(db),
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


def _stories_and_copies(
    articles: list[tuple[int, str, int | None, int | None]],
) -> tuple[dict[int, set[str]], frozenset[tuple[str, str]]]:
    """From (id, name, story, duplicate_of) rows: each story's member names, and the
    copy links as (copy, original) name pairs. Every article must have a story."""
    names = {row[0]: row[1] for row in articles}
    stories: dict[int, set[str]] = defaultdict(set)
    for _, name, story, _ in articles:
        assert story is not None, f"article {name} has no story"
        stories[story].add(name)
    copies = frozenset((name, names[head]) for _, name, _, head in articles if head is not None)
    return stories, copies


def _outcome(db: Path) -> Outcome:
    """Stories as groups of external ids, copy links as (copy, original) pairs, and
    each story's article count keyed by its smallest member."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT id, external_id, story, duplicate_of FROM articles")
        articles = rows.fetchall()
        counts = dict(connection.execute("SELECT id, article_count FROM stories").fetchall())
    stories, copies = _stories_and_copies(articles)
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


# -- undated pages, first seen when an archive captured them ------------------------

UNDATED_PAGES = 120
FIRST_CAPTURE = datetime(2015, 3, 1, 6, 0, tzinfo=UTC)
CAPTURE_STEP = timedelta(hours=8)  # 120 captures span 40 days, many story windows

UndatedOutcome = tuple[
    frozenset[frozenset[str]],
    frozenset[tuple[str, str]],
    dict[str, tuple[int, float, float]],
    dict[str, tuple[str, str, float]],
]


def _page(record: dict[str, str]) -> bytes:
    """The demo article as a page with no date in its metadata."""
    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>" for line in record["text"].split("\n") if line.strip()
    )
    title = html.escape(record.get("title") or "")
    return (
        f"<html><head><title>{title}</title></head>"
        f"<body><article>{paragraphs}</article></body></html>"
    ).encode()


def _undated_archive(path: Path) -> Path:
    """The first demo articles as WARC response records, captured 8 hours apart."""
    with gzip.open(DEMO, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(UNDATED_PAGES), lines, strict=False)]
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number, record in enumerate(records):
        captured = FIRST_CAPTURE + number * CAPTURE_STEP
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                record.get("url") or f"https://demo.example/{number}",
                "response",
                payload=io.BytesIO(_page(record)),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": captured.strftime("%Y-%m-%dT%H:%M:%SZ")},
            )
        )
    path.write_bytes(buffer.getvalue())
    return path


def _undated_outcome(db: Path) -> UndatedOutcome:
    """Stories as groups of URLs, copy links, each story's size and time span keyed by
    its smallest member, and each undated article's estimated event time."""
    with sqlite3.connect(db) as connection:
        articles = connection.execute(
            "SELECT id, url, story, duplicate_of FROM articles"
        ).fetchall()
        spans = {
            row[0]: (row[1], row[2], row[3])
            for row in connection.execute(
                "SELECT id, article_count, first_at, last_at FROM stories"
            )
        }
        estimates = connection.execute(
            "SELECT a.url, e.estimated, e.source, e.confidence "
            "FROM article_event_times AS e JOIN articles AS a ON a.id = e.article"
        ).fetchall()
    stories, copies = _stories_and_copies(articles)
    times = {min(members): spans[story] for story, members in stories.items()}
    found = {row[0]: (row[1], row[2], row[3]) for row in estimates}
    return frozenset(frozenset(members) for members in stories.values()), copies, times, found


def test_undated_articles_resumed_after_kills_are_placed_as_in_a_clean_run(
    tmp_path: Path,
) -> None:
    batch = 10
    archive = _undated_archive(tmp_path / "undated.warc.gz")
    clean_db = tmp_path / "clean-undated.db"
    _run(_ingest_command(clean_db, archive, "--enrich"), batch)
    clean = _undated_outcome(clean_db)
    assert _scalar(clean_db, "SELECT count(*) FROM articles WHERE published IS NULL") > 80
    assert "relative" in {source for _, source, _ in clean[3].values()}  # "أمس", first seen
    assert len({first for _, first, _ in clean[2].values()}) > 10  # not all "now"

    db = tmp_path / "killed-undated.db"
    command = _ingest_command(db, archive, "--enrich")
    left_pending = []
    for articles in (batch, 50, 90):
        _kill_when(db, batch, articles, command=command)
        left_pending.append(_scalar(db, "SELECT count(*) FROM tracking_pending"))
    assert any(left_pending), "no kill landed between storing a batch and tracking it"
    _run(command, batch)
    assert _scalar(db, "SELECT count(*) FROM tracking_pending") == 0
    assert _undated_outcome(db) == clean


def test_a_crawl_round_first_tracks_what_a_killed_run_left_pending(tmp_path: Path) -> None:
    seen = "2015-03-02T09:00:00+00:00"
    with SQLiteStore(tmp_path / "crawl.db") as store:
        results = store.add_articles(
            [
                Article(text=f"نص الخبر رقم {number} عن سوق المدينة", first_seen=seen)
                for number in range(3)
            ]
        )  # stored, marked pending, never tracked: as a kill leaves them
        assert store.pending_count() == 3
        with Fetcher(FetchPolicy(max_attempts=1)) as fetcher:
            report = crawl_once(store, fetcher, track=Tracker().track)
        assert report.fetched == 0  # no source: nothing but the resumed tracking
        assert store.pending_count() == 0
        stories = {store.get(result.id or 0).story for result in results}
        assert None not in stories
        first_at = {store.story_row(story or 0).first_at for story in stories}
        assert first_at == {datetime.fromisoformat(seen).timestamp()}
