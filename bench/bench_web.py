"""Latency and throughput of the web interface on a 100k-article archive.

Builds (or reuses) a SQLite database of `--articles` articles: the ANT corpus and
SaudiNewsNet (beside the repository in `../shared/data/`) repeated in rounds, each
round perturbed so no article is an exact duplicate of another (title suffix,
paragraphs rotated, a closing line, publication date shifted by the round). Articles
are ingested without enrichment for speed; the first `--tracked` originals go through
the story tracker so story pages exist.

Then, in-process (ASGI, no network): p50/p95 of the search page (with facets), the
search API, a story page and an article page. Finally a uvicorn subprocess on
loopback and `--threads` httpx clients for `--seconds` give requests per second,
three times: half search pages and half article pages; the same with a tenth of
watchlist pages; and that again while another process writes as an ingest does
(write transactions holding SQLite's write lock `--write-hold` seconds each, back
to back). The last two differ only by the writer: they show whether reads wait on it.

    python bench/bench_web.py [--articles 100000] [--db PATH] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from urllib.parse import quote

import httpx
from fastapi.testclient import TestClient

from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.services.search import search
from marsad.services.stories import Tracker
from marsad.store import open_store
from marsad.web import WebSettings, create_app

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
CORPORA = (
    (DATA / "ant_corpus_multisource" / "articles.jsonl", "source_name"),
    (DATA / "saudinewsnet" / "articles.jsonl", "source"),
)
QUERIES = (
    "اللاجئين",
    "السعودية",
    "الحوثيين",
    "النفط",
    "مجلس الأمن",
    "الرئيس الأمريكي",
    "داعش",
    "اليمن",
    "أسعار",
    "الانتخابات",
    "كرة القدم",
    "وزارة الصحة",
)
REQUESTS = 200
WRITER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
connection.execute("CREATE TABLE IF NOT EXISTS bench_writes (id INTEGER PRIMARY KEY, at REAL)")
hold, deadline = float(sys.argv[2]), time.monotonic() + float(sys.argv[3])
while time.monotonic() < deadline:
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO bench_writes (at) VALUES (?)", (time.time(),))
    time.sleep(hold)
    connection.execute("COMMIT")
    time.sleep(0.005)
"""


def _originals() -> list[dict[str, str]]:
    records = []
    for path, site_key in CORPORA:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                records.append(
                    {
                        "id": record["id"],
                        "title": record["title"],
                        "text": record["text"],
                        "site": record[site_key],
                        "published": record["date"],
                        "url": record["url"],
                    }
                )
    return records


def _shift(published: str, days: int) -> str:
    try:
        return (datetime.fromisoformat(published) + timedelta(days=days)).isoformat()
    except ValueError:
        return published


def _perturbed(record: dict[str, str], round_number: int) -> Article:
    if round_number == 0:
        return Article(
            text=record["text"],
            title=record["title"],
            url=record["url"],
            external_id=record["id"],
            site=record["site"],
            published=record["published"],
        )
    paragraphs = record["text"].split("\n")
    turn = round_number % max(1, len(paragraphs))
    text = "\n".join(paragraphs[turn:] + paragraphs[:turn])
    return Article(
        text=f"{text}\nتحديث رقم {round_number} للخبر.",
        title=f"{record['title']} ({round_number})",
        url=None,
        external_id=f"{record['id']}-r{round_number}",
        site=record["site"],
        published=_shift(record["published"], round_number * 7),
    )


def _stream(originals: list[dict[str, str]]) -> Iterator[Article]:
    """The originals, then perturbed copies of them round after round, without end."""
    round_number = 0
    while True:
        for record in originals:
            yield _perturbed(record, round_number)
        round_number += 1


def build(db: Path, total: int, tracked: int) -> None:
    """A database of `total` stored articles (inputs that duplicate others are skipped)."""
    with open_store(db) as store:
        have = store.count()
    if have >= total:
        print(f"reusing {db} ({have} articles)")
        return
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    articles = _stream(_originals())
    started = time.perf_counter()
    with open_store(db) as store:
        ingest(store, islice(articles, tracked), track=Tracker().track)
        tracked_at = time.perf_counter()
        while (stored := store.count()) < total:
            ingest(store, islice(articles, total - stored))
        stored = store.count()
    elapsed = time.perf_counter() - started
    print(
        f"built {db}: {stored} articles in {elapsed:.0f} s "
        f"({tracked} tracked into stories in {tracked_at - started:.0f} s)"
    )


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _time(client: TestClient, urls: list[str]) -> tuple[float, float]:
    samples = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return _percentiles(samples)


def latencies(db: Path) -> list[tuple[str, float, float]]:
    rng = random.Random(7)
    with TestClient(create_app(str(db), settings=WebSettings())) as client:
        stories = client.get("/api/stories?limit=200").json()["stories"]
        total = client.get("/api/articles?limit=1").json()["total"]
        queries = [rng.choice(QUERIES) for _ in range(REQUESTS)]
        client.get("/search?q=" + quote(QUERIES[0]))  # warm the caches once
        rows = [
            (
                "search page (HTML, facets)",
                *_time(client, ["/search?q=" + quote(q) for q in queries]),
            ),
            (
                "search API (JSON, facets)",
                *_time(client, ["/api/search?q=" + quote(q) for q in queries]),
            ),
            (
                "story page",
                *_time(client, [f"/stories/{rng.choice(stories)['id']}" for _ in range(REQUESTS)]),
            ),
            (
                "article page",
                *_time(client, [f"/articles/{rng.randint(1, total)}" for _ in range(REQUESTS)]),
            ),
        ]
    with open_store(db) as store:
        samples = []
        for query in queries:
            started = time.perf_counter()
            search(store, query, limit=20)
            samples.append(time.perf_counter() - started)
    rows.append(("core search service (the CLI's, no page)", *_percentiles(samples)))
    return rows


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _watchlist(db: Path) -> int:
    """The id of a watchlist to read (made once, kept in the benchmark database)."""
    with open_store(db) as store:
        existing = store.watchlists()
        if existing:
            return int(existing[0]["id"])
        return store.add_watchlist("bench", "search", QUERIES[0])


def _wait_ready(base: str) -> None:
    for _ in range(200):
        try:
            httpx.get(base + "/api/articles?limit=1", timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.1)


def throughput(
    db: Path,
    seconds: float,
    threads: int,
    *,
    watchlists: bool = False,
    write_hold: float | None = None,
) -> tuple[int, float, float, float]:
    """(requests, requests/s, p50 ms, p95 ms) of `threads` clients for `seconds`.

    With `watchlists`, a tenth of the requests are watchlist pages; with `write_hold`,
    another process holds SQLite's write lock `write_hold` seconds at a time throughout.
    """
    port = _free_port()
    watchlist = _watchlist(db)
    code = f"from marsad.cli_web import run_server; run_server({str(db)!r}, '127.0.0.1', {port})"
    server = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL,
        env={**os.environ, "MARSAD_TOKEN": ""},
    )
    base = f"http://127.0.0.1:{port}"
    writer = None
    try:
        _wait_ready(base)
        total = httpx.get(base + "/api/articles?limit=1").json()["total"]
        if write_hold is not None:
            arguments = [str(db), str(write_hold), str(seconds + 5)]
            writer = subprocess.Popen([sys.executable, "-c", WRITER, *arguments])
            time.sleep(0.5)
        done = [0] * threads
        samples: list[float] = []
        deadline = time.monotonic() + seconds

        def work(slot: int) -> None:
            rng = random.Random(slot)
            with httpx.Client(base_url=base, timeout=60) as http:
                while time.monotonic() < deadline:
                    draw = rng.random()
                    if watchlists and draw < 0.1:
                        url = f"/watchlists/{watchlist}"
                    elif draw < 0.55:
                        url = "/search?q=" + quote(rng.choice(QUERIES))
                    else:
                        url = f"/articles/{rng.randint(1, total)}"
                    started = time.perf_counter()
                    http.get(url).raise_for_status()
                    samples.append(time.perf_counter() - started)
                    done[slot] += 1

        workers = [threading.Thread(target=work, args=(slot,)) for slot in range(threads)]
        started = time.monotonic()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        p50, p95 = _percentiles(samples)
        return sum(done), sum(done) / (time.monotonic() - started), p50, p95
    finally:
        for process in (writer, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--tracked", type=int, default=2_000)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "marsad-bench-web.db"
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--write-hold", type=float, default=0.2)
    parser.add_argument("--skip-latencies", action="store_true")
    options = parser.parse_args()
    build(options.db, options.articles, options.tracked)
    if not options.skip_latencies:
        print("\n| page | p50 ms | p95 ms |\n| --- | --- | --- |")
        for name, p50, p95 in latencies(options.db):
            print(f"| {name} | {p50:.1f} | {p95:.1f} |")
    print(
        f"\nloopback, uvicorn (1 process), {options.threads} client threads, "
        f"{options.seconds:.0f} s each\n\n| run | requests | requests/s | p50 ms | p95 ms |"
        "\n| --- | --- | --- | --- | --- |"
    )
    hold_ms = options.write_hold * 1000
    runs = (
        ("half search, half article pages", False, None),
        ("the same with a tenth watchlist pages", True, None),
        (
            f"the same, a writer holding the lock {hold_ms:.0f} ms at a time",
            True,
            options.write_hold,
        ),
    )
    for name, watchlists, hold in runs:
        count, rate, p50, p95 = throughput(
            options.db, options.seconds, options.threads, watchlists=watchlists, write_hold=hold
        )
        print(f"| {name} | {count} | {rate:.1f} | {p50:.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
