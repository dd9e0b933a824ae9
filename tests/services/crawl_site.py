"""The fixture news site of the ingest tests, for crawl tests: real server, real articles.

The site server lives beside the ingest tests; this module makes it importable from
the service and CLI tests and adds what a crawl needs on top: a feed listing pages
that misbehave, and the set of (URL, title, text) a store holds, for comparisons.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))

from site_server import RIYADH, Response, SiteArticle, SiteServer, build_site

from marsad.store.protocol import Store
from marsad.urls import canonical_url

SAUDINEWSNET = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "saudinewsnet"
) / "articles.jsonl"
CRAWL_DELAY = 0.01  # robots.txt Crawl-delay of the fixture site: tiny, tests stay fast
# Pages of the site that fail in known ways, and the reason a crawl must give for each.
TROUBLE = {
    "/private/secret.html": "disallowed-by-robots",
    "/missing.html": "http-error",
    "/busy": "http-error",
    "/big": "too-large",
    "/slow": "timeout",
    "/report.pdf": "unsupported-format",
}


def site_articles(count: int = 10) -> list[SiteArticle]:
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
def running_site(articles: list[SiteArticle]) -> Iterator[SiteServer]:
    """The fixture site on an ephemeral 127.0.0.1 port, plus `/mixed.xml` (see `TROUBLE`)."""
    server = SiteServer()
    server.routes.update(build_site(server.base, articles, CRAWL_DELAY))
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
