"""Cost of volume over time, spikes, suggestions and alert matching on a large archive.

Uses the database `bench/bench_web.py` builds (100k articles from the ANT corpus and
SaudiNewsNet, perturbed in rounds): pass a copy of it with `--db` (opening it adds the
watchlist migrations). Then, in-process: p50/p95 of `volume_series` (daily, 30 days;
hourly, 48 hours) for common and rare queries, a site and a story; the home page's
`growing_stories`; the new-match query of an alert run; suggestions; and the search
page with and without its volume panel (the panel's cost to the page).

    python bench/bench_volume.py --db /tmp/copy-of-marsad-bench-web.db [--spans 20]

`--spans N` first gives every article N synthetic entity spans (names drawn from
the articles' title words, a long-tailed choice among 50,000), if the copy has none,
then times the suggestion list's first build, a keystroke, and the refresh after one
new article.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient
from markupsafe import Markup

from marsad.model import Article
from marsad.services.suggest import suggest
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


def _add_spans(db: Path, per_article: int) -> None:
    """Synthetic entity spans on a copy without any (the bench archive is not enriched)."""
    rng = random.Random(3)
    with sqlite3.connect(db) as connection:
        if connection.execute("SELECT count(*) FROM entities").fetchone()[0]:
            return
        titles = connection.execute("SELECT title FROM articles LIMIT 20000").fetchall()
        vocabulary = sorted(
            {word for (title,) in titles for word in title.split() if len(word) > 2}
        )
        names = [" ".join(rng.sample(vocabulary, rng.choice((1, 2, 3)))) for _ in range(50_000)]
        articles = [row[0] for row in connection.execute("SELECT id FROM articles")]
        rows = []
        for article in articles:
            for seq in range(per_article):
                n = min(int(rng.paretovariate(1.1)) - 1, len(names) - 1)
                rows.append((article, seq, 0, 1, "x", "ORG", f"org:{n}", names[n]))
        connection.executemany(
            'INSERT INTO entities (article_id, seq, start, "end", text, type, entity_id, name) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def suggestions(db: Path) -> list[tuple[str, float, float]]:
    with SQLiteStore(db) as store:
        started = time.perf_counter()
        store.suggestion_names("entity")
        built = (time.perf_counter() - started) * 1000
        typed = ["ال", "سع", "حو", "مصر", "الي", "ق", "تركي"]
        cycle = iter(typed * REPEAT * 2)
        keystroke = _time(lambda: suggest(store, "entity", next(cycle), 10))
        newest = store.newest_article_id()
        store.add_articles(
            [Article(title="خبر جديد للقياس", text="نص خبر جديد للقياس فقط.", external_id="bench")]
        )
        with store.tracking():
            store._db.execute(
                'INSERT INTO entities (article_id, seq, start, "end", text, type, entity_id, name) '
                "VALUES (?, 0, 0, 1, 'x', 'ORG', 'org:bench', 'اسم للقياس')",
                [newest + 1],
            )
        cache = store.__dict__["_suggestion_cache"]["entity"]
        cache.checked = 0.0  # as when the refresh interval has passed
        started = time.perf_counter()
        suggest(store, "entity", "اسم للقياس", 5)
        refreshed = (time.perf_counter() - started) * 1000
    return [
        ("suggestions: the name list's first build", built, built),
        ("suggestions: a keystroke", *keystroke),
        ("suggestions: refresh after one new article", refreshed, refreshed),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--spans", type=int, default=0, help="synthetic entity spans per article")
    args = parser.parse_args()
    if args.spans:
        _add_spans(args.db, args.spans)
    with SQLiteStore(args.db) as store:
        print(f"{store.count()} articles in {args.db}")
        rows = services(store)
    rows += pages(args.db)
    if args.spans:
        rows += suggestions(args.db)
    print("| operation | p50 ms | p95 ms |\n| --- | --- | --- |")
    for name, p50, p95 in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
