"""A crawl that no source can stop or stall (issue 15), against real local servers.

A server that trickles its headers one byte a second costs one request deadline and is
recorded on its source while another host's pages are stored; a SIGTERM ends a round
with a request in flight at once and keeps what was fetched; a round ends at its own
deadline; feeds on loopback addresses are refused unless allowed; two `marsad crawl`
processes never run on one database, and a crawler killed with SIGKILL does not block
the next one. `marsad sources add` on a host that never answers, or whose home page
hangs, answers within one request deadline, probing nothing more.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.site_server import Response, SiteArticle, SiteServer, rss
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest.discover import COMMON_FEED_PATHS, COMMON_SITEMAP_PATHS
from marsad.ingest.fetch import Fetcher, FetchPolicy
from marsad.ingest.guard import ALLOW_PRIVATE_VARIABLE
from marsad.services.crawl import CrawlOptions, crawl_once, stop_on_signals
from marsad.services.sources import add_source, list_sources
from marsad.store import SQLiteStore

MARSAD = Path(sys.executable).parent / "marsad"
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
DEADLINE = 2.0
SLACK = 2.0  # robots.txt, the healthy host's pages, a loaded machine
POLICY = FetchPolicy(
    delay=0.01, read_timeout=10.0, deadline=DEADLINE, max_attempts=3, allow_private=True
)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory_store:
        yield memory_store


@pytest.fixture
def trickler() -> Iterator[SiteServer]:
    """A host whose feed and page send their status line and headers a byte a second."""
    server = SiteServer()
    page = b"<html><body><p>x</p></body></html>"
    server.routes["/feed.xml"] = lambda request: Response(page, trickle=1.0)
    server.routes["/slow.html"] = lambda request: Response(page, trickle=1.0)
    server.start()
    yield server
    server.stop()


def test_a_trickling_server_costs_one_deadline_and_the_other_host_is_stored(
    store: SQLiteStore,
    site: SiteServer,
    trickler: SiteServer,
    site_articles: list[SiteArticle],
) -> None:
    add_source(store, trickler.url("/feed.xml"), kind="feed", now=T0)
    add_source(store, site.url("/rss.xml"), kind="feed", now=T0)
    started = time.monotonic()
    with Fetcher(POLICY) as fetcher:
        report = crawl_once(store, fetcher, now=T0)
    took = time.monotonic() - started
    assert DEADLINE <= took < DEADLINE + SLACK
    assert report.sources_failed == 1 and report.pages.new == 5 == store.count()
    slow, healthy = list_sources(store, now=T0)
    assert slow["last_error"] == "timeout" and slow["errors"] == 1
    assert slow["last_error_message"].startswith("deadline passed")
    assert healthy["last_error"] is None and healthy["articles"] == 5


def test_sigterm_ends_a_round_with_a_request_in_flight_and_keeps_what_was_fetched(
    store: SQLiteStore, site: SiteServer, trickler: SiteServer, site_articles: list[SiteArticle]
) -> None:
    trickler.routes["/feed.xml"] = lambda request: Response(
        rss(trickler.base, []).replace("</channel>", _item(trickler, "/slow.html")).encode(),
        "application/rss+xml",
    )
    add_source(store, trickler.url("/feed.xml"), kind="feed", now=T0)
    add_source(store, site.url("/rss.xml"), kind="feed", now=T0)
    stop = threading.Event()
    patient = FetchPolicy(delay=0.01, read_timeout=60.0, deadline=60.0, allow_private=True)
    with Fetcher(patient) as fetcher, stop_on_signals(stop, fetcher):
        timer = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGTERM))
        timer.start()
        started = time.monotonic()
        report = crawl_once(store, fetcher, now=T0, stop=stop)
        took = time.monotonic() - started
        timer.join()
    assert report.stopped and took < 1.5 + SLACK  # not the 60 s the slow page could take
    assert store.count() == 5  # the healthy host's pages were stored
    assert report.pending == 1  # the abandoned page waits for the next crawl
    assert all(row["errors"] == 0 for row in list_sources(store, now=T0))


def test_a_round_ends_at_its_deadline_and_leaves_the_rest_pending(
    store: SQLiteStore, trickler: SiteServer
) -> None:
    trickler.routes["/feed.xml"] = lambda request: Response(
        rss(trickler.base, []).replace("</channel>", _item(trickler, "/slow.html")).encode(),
        "application/rss+xml",
    )
    add_source(store, trickler.url("/feed.xml"), kind="feed", now=T0)
    patient = FetchPolicy(delay=0.01, read_timeout=60.0, deadline=60.0, allow_private=True)
    started = time.monotonic()
    with Fetcher(patient) as fetcher:
        report = crawl_once(store, fetcher, now=T0, options=CrawlOptions(round_deadline=2.0))
        took = time.monotonic() - started
        assert report.out_of_time and not report.stopped and took < 2.0 + SLACK
        assert report.pending == 1 and report.pages.rejected == 0
        # the same fetcher serves the next round: its end is not the fetcher's end
        again = crawl_once(store, fetcher, now=T0, options=CrawlOptions(round_deadline=2.0))
    assert again.out_of_time and again.pending == 1


def test_feeds_on_loopback_are_refused_unless_allowed(
    store: SQLiteStore, site: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_VARIABLE)
    add_source(store, site.url("/rss.xml"), kind="feed", now=T0)
    with Fetcher(FetchPolicy(delay=0.01)) as fetcher:
        report = crawl_once(store, fetcher, now=T0)
    assert report.sources_failed == 1 and store.count() == 0
    [row] = list_sources(store, now=T0)
    assert row["last_error"] == "private-address" and "loopback" in row["last_error_message"]
    assert site.paths() == []


def _item(server: SiteServer, path: str) -> str:
    return f"<item><title>t</title><link>{server.url(path)}</link></item></channel>"


# ------------------------------------------------------------ one crawler per database


@pytest.mark.skipif(not MARSAD.exists(), reason="the marsad command is not installed")
def test_a_second_crawl_on_the_same_database_exits_with_the_first_ones_pid(
    tmp_path: Path,
) -> None:
    db = tmp_path / "m.db"
    lock = Path(f"{db}.crawl.lock")
    first = _start_crawl(db, lock)
    try:
        second = _marsad("crawl", "--once", "--no-enrich", "--db", str(db))
        assert second.returncode != 0
        assert f"another crawl is running (pid {first.pid})" in second.stderr
        assert "Traceback" not in second.stderr and len(second.stderr.splitlines()) == 1
    finally:
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0  # the first signal ends it cleanly
    assert _marsad("crawl", "--once", "--no-enrich", "--db", str(db)).returncode == 0


@pytest.mark.skipif(not MARSAD.exists(), reason="the marsad command is not installed")
def test_a_crawler_killed_with_sigkill_does_not_block_the_next(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    lock = Path(f"{db}.crawl.lock")
    first = _start_crawl(db, lock)
    first.kill()
    first.wait(timeout=30)
    after = _marsad("crawl", "--once", "--no-enrich", "--db", str(db))
    assert after.returncode == 0, after.stderr


def _start_crawl(db: Path, lock: Path) -> subprocess.Popen[str]:
    """`marsad crawl` (rounds until stopped), once it holds the lock."""
    process = subprocess.Popen(
        [str(MARSAD), "crawl", "--no-enrich", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    give_up = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip() == str(process.pid)):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < give_up, "the crawl never took its lock"
        time.sleep(0.1)
    return process


def _marsad(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MARSAD), *arguments], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def unanswered_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.fixture
def hanging_home() -> Iterator[SiteServer]:
    """A host whose robots.txt is missing (allow all) and whose every page hangs."""
    server = SiteServer()
    server.routes["/robots.txt"] = lambda request: Response(b"", status=404)
    for path in ("/", *COMMON_FEED_PATHS, *COMMON_SITEMAP_PATHS):
        server.routes[path.split("?", 1)[0]] = lambda request: Response(b"late", sleep=DEADLINE * 2)
    server.start()
    yield server
    server.stop()


def _add_timed(url: str, tmp_path: Path) -> tuple[float, int, str]:
    """`marsad sources add URL`: seconds taken, exit status, stderr."""
    db = str(tmp_path / "m.db")
    started = time.monotonic()
    result = CliRunner().invoke(
        app, ["sources", "add", url, "--deadline", str(DEADLINE), "--delay", "0.01", "--db", db]
    )
    return time.monotonic() - started, result.exit_code, result.stderr


def test_sources_add_on_a_host_that_never_answers_takes_one_deadline(
    unanswered_port: int, tmp_path: Path
) -> None:
    seconds, status, err = _add_timed(f"http://127.0.0.1:{unanswered_port}/", tmp_path)
    assert status == 2 and len(err.splitlines()) == 1, err
    assert "robots-unreachable" in err and "timeout" in err
    assert seconds < DEADLINE + SLACK


def test_sources_add_on_a_home_page_that_hangs_takes_one_deadline_and_probes_nothing(
    hanging_home: SiteServer, tmp_path: Path
) -> None:
    seconds, status, err = _add_timed(hanging_home.url("/"), tmp_path)
    assert status == 2 and len(err.splitlines()) == 1 and "timeout" in err, err
    assert seconds < DEADLINE + SLACK
    assert sorted(hanging_home.paths()) == ["/", "/robots.txt"]
