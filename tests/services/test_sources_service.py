"""Sources as data: discovery on add, listing with health, removal, OPML round trip."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.site_server import Response, SiteServer, static

from marsad.errors import InputError, NotFound
from marsad.ingest.discover import COMMON_FEED_PATHS, COMMON_SITEMAP_PATHS
from marsad.ingest.fetch import Fetcher, FetchPolicy
from marsad.ingest.opml import read_opml
from marsad.services.sources import (
    DISCOVERY_REQUESTS,
    add_source,
    export_opml,
    import_opml,
    list_sources,
    remove_source,
)
from marsad.store import SQLiteStore

POLICY = FetchPolicy(delay=0.01, connect_timeout=0.5, read_timeout=0.5, max_attempts=1)
OPML = Path(__file__).resolve().parents[1] / "fixtures" / "site" / "subscriptions.opml"
CONTRACT_KEYS = ["id", "url", "name", "kind", "last_success", "last_error", "articles", "errors"]
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def test_a_home_page_is_resolved_into_its_feeds_and_sitemaps(
    store: SQLiteStore, site: SiteServer
) -> None:
    with Fetcher(POLICY) as fetcher:
        done = add_source(store, site.url("/"), fetcher=fetcher, now=T0)
        again = add_source(store, site.url("/"), fetcher=fetcher, now=T0)
    assert [(row.kind, row.url, row.name) for row in done.added] == [
        ("feed", site.url("/rss.xml"), "آخر الأخبار"),
        ("feed", site.url("/atom.xml"), "أتوم"),
        ("sitemap", site.url("/sitemap_index.xml"), None),
    ]
    assert all(row.home_url == site.url("/") for row in done.added)
    assert again.added == () and [row.id for row in again.existing] == [1, 2, 3]


def test_a_feed_url_is_registered_as_it_is_with_the_given_name(
    store: SQLiteStore, site: SiteServer
) -> None:
    with Fetcher(POLICY) as fetcher:
        done = add_source(store, site.url("/atom.xml"), "صحيفة الاختبار", fetcher=fetcher)
    [row] = done.added
    assert (row.kind, row.name, row.home_url) == ("feed", "صحيفة الاختبار", None)


def test_a_site_without_feeds_or_sitemaps_becomes_a_page_source(
    store: SQLiteStore, site: SiteServer
) -> None:
    site.routes["/"] = static(b"<html><body><a href='/news/a1.html'>x</a></body></html>", None)
    site.routes["/robots.txt"] = static(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    for path in ("/rss.xml", "/atom.xml", "/sitemap_index.xml"):  # nothing to probe
        del site.routes[path]
    with Fetcher(POLICY) as fetcher:
        done = add_source(store, site.url("/"), fetcher=fetcher)
    assert [(row.kind, row.url) for row in done.added] == [("page", site.url("/"))]


def test_an_unreachable_url_is_refused_and_nothing_is_registered(
    store: SQLiteStore, site: SiteServer
) -> None:
    with Fetcher(POLICY) as fetcher, pytest.raises(InputError, match="http-error"):
        add_source(store, site.url("/gone"), fetcher=fetcher)
    with pytest.raises(InputError, match="not an http"):
        add_source(store, "ftp://example.org/feed", kind="feed")
    assert store.list_sources() == []


def test_list_gives_the_contract_keys_first(store: SQLiteStore) -> None:
    add_source(store, "https://news.example/feed", "أخبار", kind="feed", now=T0)
    [row] = list_sources(store, now=T0)
    assert list(row)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert row["name"] == "أخبار" and row["kind"] == "feed" and row["articles"] == 0
    assert row["last_success"] is None and row["stale"] is False


def test_remove_by_id_or_by_url(store: SQLiteStore) -> None:
    add_source(store, "https://a.example/feed", kind="feed")
    add_source(store, "https://b.example/sitemap.xml", kind="sitemap")
    assert remove_source(store, "1").url == "https://a.example/feed"
    # the URL is compared in canonical form (case of the host, trailing slash)
    assert remove_source(store, "https://B.example/sitemap.xml/").id == 2
    assert store.list_sources() == []
    with pytest.raises(NotFound):
        remove_source(store, "7")


def test_opml_import_then_export_round_trips(store: SQLiteStore) -> None:
    original = read_opml(OPML.read_bytes())
    done = import_opml(store, OPML.read_bytes(), where=str(OPML))
    assert (done.added, done.existing) == (len(original.feeds), 0)
    assert import_opml(store, OPML.read_bytes()).existing == len(original.feeds)
    add_source(store, "https://b.example/sitemap.xml", kind="sitemap")  # not a feed: left out
    exported = read_opml(export_opml(store))
    assert exported.feeds == original.feeds


def test_a_file_that_is_not_opml_is_refused(store: SQLiteStore) -> None:
    with pytest.raises(InputError, match="not an OPML file"):
        import_opml(store, b"<rss><channel/></rss>", where="x.opml")


@pytest.mark.timeout(60)
def test_discovery_of_a_trickling_site_is_bounded(store: SQLiteStore) -> None:
    server = SiteServer()
    page = b"<html><body>slow</body></html>"
    for path in ("/", *COMMON_FEED_PATHS, *COMMON_SITEMAP_PATHS):  # every request trickles
        server.routes[path.split("?", 1)[0]] = lambda request: Response(page, trickle=1.0)
    server.start()
    policy = FetchPolicy(delay=0.01, deadline=1.0, read_timeout=10.0, allow_private=True)
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match="timeout"):
            add_source(store, server.url("/"), fetch_policy=policy)
        # the home page timed out: discovery ends there, no well-known path is probed
        assert sorted(server.paths()) == ["/", "/robots.txt"]
    finally:
        server.stop()
    # one request deadline for the home page, well within discovery's own end
    assert time.monotonic() - started < DISCOVERY_REQUESTS * 1.0 + 1.5
    assert store.list_sources() == []


def test_a_site_map_line_in_robots_txt_is_discovered_like_sitemap(
    store: SQLiteStore, site: SiteServer
) -> None:
    robots = f"User-agent: *\nDisallow: /private/\nSite-map: {site.url('/sitemap_index.xml')}\n"
    site.routes["/robots.txt"] = static(robots.encode(), "text/plain")
    with Fetcher(POLICY) as fetcher:
        done = add_source(store, site.url("/"), fetcher=fetcher, now=T0)
    assert ("sitemap", site.url("/sitemap_index.xml")) in [(r.kind, r.url) for r in done.added]
    assert "/sitemap.xml" not in site.paths()  # announced, so no probing for one
