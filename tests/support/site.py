"""The fixture news site with real articles, as the ingest, crawl and CLI tests run it.

`load_site_articles` picks real SaudiNewsNet articles, `running_site` serves them on
an ephemeral 127.0.0.1 port (see `site_server`). For crawls the site can also serve
`/mixed.xml`, a feed listing the pages that misbehave (`TROUBLE`); `stored` gives what
a store holds as (URL, title, text) facts, for comparisons.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from marsad.store.protocol import Store
from marsad.urls import canonical_url
from support.site_server import RIYADH, Response, SiteArticle, SiteServer, build_site

SAUDINEWSNET = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "saudinewsnet"
) / "articles.jsonl"
SITE_ARTICLES = 10
CRAWL_DELAY = 0.01  # robots.txt Crawl-delay of the crawl tests' site: tiny, tests stay fast
# Pages of the site that fail in known ways, and the reason a crawl must give for each.
TROUBLE = {
    "/private/secret.html": "disallowed-by-robots",
    "/missing.html": "http-error",
    "/busy": "http-error",
    "/big": "too-large",
    "/slow": "timeout",
    "/report.pdf": "unsupported-format",
}


def load_site_articles(count: int = SITE_ARTICLES) -> list[SiteArticle]:
    """`count` real SaudiNewsNet articles with a title, one per outlet where possible."""
    if not SAUDINEWSNET.exists():
        pytest.skip("the SaudiNewsNet data is not beside the repository")
    chosen: list[SiteArticle] = []
    outlets: set[str] = set()
    with SAUDINEWSNET.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if not record["title"].strip() or len(record["text"]) < 300:
                continue
            if record["source"] in outlets:
                continue
            outlets.add(record["source"])
            chosen.append(
                SiteArticle(
                    slug=f"a{len(chosen)}",
                    title=record["title"].strip(),
                    text=record["text"][:1500],
                    published=datetime.fromisoformat(record["date"]).replace(tzinfo=RIYADH),
                    source=record["source"],
                )
            )
            if len(chosen) == count:
                break
    return chosen


@contextmanager
def running_site(
    articles: list[SiteArticle], crawl_delay: float, *, trouble_feed: bool = False
) -> Iterator[SiteServer]:
    """The fixture site, announcing `crawl_delay` in its robots.txt, stopped on leaving;
    with `trouble_feed`, also `/mixed.xml` (see `TROUBLE`)."""
    server = SiteServer()
    server.routes.update(build_site(server.base, articles, crawl_delay))
    if trouble_feed:
        paths = [*TROUBLE, "/legacy/1.html"]
        server.routes["/mixed.xml"] = lambda request: _rss_response(server.base, paths)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _rss_response(base: str, paths: list[str]) -> Response:
    items = "".join(
        f"<item><title>{escape(path)}</title><link>{base}{path}</link></item>" for path in paths
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )
    return Response(body.encode(), "application/rss+xml")


def article_url(site: SiteServer, article: SiteArticle) -> str:
    return site.url(f"/news/{article.slug}.html")


def stored(store: Store) -> set[tuple[str | None, str, str]]:
    """What a store holds, as comparable facts: canonical URL, title, text."""
    return {(canonical_url(a.url), a.title, a.text) for a in store.iter_articles()}
