"""Cost of volume over time, spikes, suggestions and alert matching on a large archive.

Uses the database `bench/bench_web.py` builds (100k articles from the ANT corpus and
SaudiNewsNet, perturbed in rounds): pass a copy of it with `--db` (opening it adds the
watchlist migrations). Then, in-process: p50/p95 of `volume_series` (daily, 30 days;
hourly, 48 hours) for common and rare queries, a site and a story; the home page's
`growing_stories`; the new-match query of an alert run; suggestions; and the search
page with and without its volume panel (the panel's cost to the page).

    python bench/bench_volume.py --db /tmp/copy-of-marsad-bench-web.db
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient
from markupsafe import Markup

from marsad.services.volume import growing_stories, volume_series
from marsad.services.watchlists import save_search, selection_of
from marsad.store import SQLiteStore
from marsad.web import WebSettings, create_app
from marsad.web.render import templates

COMMON = ("السعودية", "اليمن", "الرياض", "الحوثيين")
RARE = ("زلزال", "اللاجئين", "الكوليرا", "مفاوضات جنيف")
REPEAT = 40


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _time(run: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    run()  # warm the caches once
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return _percentiles(samples)


def services(store: SQLiteStore) -> list[tuple[str, float, float]]:
    rng = random.Random(7)
    site = store._alert_rows("SELECT site FROM articles WHERE site IS NOT NULL LIMIT 1")[0][0]
    story = store._alert_rows("SELECT max(story) FROM articles")[0][0]
    rows = [
        (
            "volume, common query, 30 days",
            _time(lambda: volume_series(store, "query", rng.choice(COMMON))),
        ),
        (
            "volume, rare query, 30 days",
            _time(lambda: volume_series(store, "query", rng.choice(RARE))),
        ),
        (
            "volume, common query, 48 hours",
            _time(lambda: volume_series(store, "query", rng.choice(COMMON), bucket="hour")),
        ),
        ("volume, one site, 30 days", _time(lambda: volume_series(store, "site", site))),
        ("volume, one story, 30 days", _time(lambda: volume_series(store, "story", str(story)))),
        ("growing stories (home page)", _time(lambda: growing_stories(store), 10)),
    ]
    watch = save_search(store, {"query": "السعودية OR اليمن"})
    selection = selection_of(watch)
    newest = store.newest_article_id()
    rows.append(
        (
            "alert: new matches of an OR query above the last 1,000 ids",
            _time(lambda: store.new_matches(selection, newest - 1000, 200)),
        )
    )
    return [(name, *numbers) for name, numbers in rows]


def pages(db: Path) -> list[tuple[str, float, float]]:
    urls = ["/search?q=" + quote(q) for q in COMMON + RARE]
    rows = []
    with TestClient(create_app(str(db), settings=WebSettings())) as client:
        cycle = iter(urls * REPEAT * 2)
        rows.append(("search page with its volume panel", *_time(lambda: client.get(next(cycle)))))
        panel = templates.env.globals["volume_panel"]
        templates.env.globals["volume_panel"] = lambda *args, **kwargs: Markup("")
        try:
            rows.append(("search page without the panel", *_time(lambda: client.get(next(cycle)))))
        finally:
            templates.env.globals["volume_panel"] = panel
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    with SQLiteStore(args.db) as store:
        print(f"{store.count()} articles in {args.db}")
        rows = services(store)
    rows += pages(args.db)
    print("| operation | p50 ms | p95 ms |\n| --- | --- | --- |")
    for name, p50, p95 in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
