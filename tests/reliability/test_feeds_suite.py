"""Regressions of unattended collection: no feed or sitemap stops a crawl round.

Reported on real corpora: an undeclared namespace prefix, or an entry link whose host
holds `[`, raised `ValueError` and every later round crashed for every source; a bare
`&` corrupted links; id-only Atom entries, CDF feeds and href-less links were dropped;
sitemaps with a BOM, feeds used as sitemaps and text sitemaps with one junk line were
missed. Here a local site serves feedparser's own test feeds, with the HTTP headers
the suite serves them with, and those cases, and a real crawl round reads them all:
bad documents are per-source errors, the links feedparser finds in the others are
fetched.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from support.feed_corpus import CorpusFeed, corpus_feeds, reference_links
from support.site_server import SiteArticle, SiteServer, static
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest.fetch import Fetcher, FetchPolicy
from marsad.services.crawl import CrawlReport, crawl_once
from marsad.services.sources import add_source, list_sources
from marsad.store import SQLiteStore

POLICY = FetchPolicy(delay=0.01, connect_timeout=0.5, read_timeout=0.5, max_attempts=1)
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
# Where a host names an XML namespace or a DTD: rewriting it would change the document.
_NAMING_CONTEXT = rb"(?:xmlns[\w:.-]*\s*=\s*[\"']|<!DOCTYPE[^>]*)https?://"
# Files served with HTTP headers that decide their links: a charset named only in
# Content-Type, or relative links resolved against Content-Location.
HEADER_CASES = {
    "encoding/http_text_xml_charset_2.xml",
    "encoding/http_text_xml_charset_overrides_encoding_2.xml",
    "wellformed/base/http_entry_id_base_content_location.xml",
    "wellformed/base/http_entry_link_base_content_location.xml",
    "wellformed/base/http_item_link_base_content_location.xml",
}
# Documents of the suite that hold no usable feed, and the start of the reason given.
BAD_FEEDS = {
    "illformed/rss_empty_document.xml": "not a feed",
    "illformed/aaa_illformed.xml": "malformed XML",
    "illformed/undeclared_namespace.xml": "malformed XML",
    "illformed/rss_incomplete_cdata.xml": "malformed XML",
}
FAST = ["--delay", "0.01"]
# Feeds whose only entry link is unusable (a host with `[`): read, nothing queued.
UNUSABLE_LINKS = ["wellformed/rss/item_guid_isPermaLink_ValueError.xml"]
RUN_ROUND_MARK = (
    "the crawl round itself raised: per-source isolation of the round "
    "(services/crawl.py) is what must catch this"
)


def _local_copy(feed: CorpusFeed, base: str, located: str) -> CorpusFeed | None:
    """The feed with the hosts of its entry links pointed at the local site `base`, and
    an absolute Content-Location header at the other local site `located` (so links
    resolved against it are told from links resolved against the feed's address), or
    None when that cannot be done cleanly (a link host that also names a namespace or
    a DTD in the document)."""
    hosts = {urlsplit(link).netloc for link in reference_links(feed) if link}
    if any(re.search(_NAMING_CONTEXT + re.escape(host.encode()), feed.data) for host in hosts):
        return None
    data = feed.data
    for host in sorted(hosts, key=len, reverse=True):
        for scheme in (b"http://", b"https://"):
            data = data.replace(scheme + host.encode(), base.encode())
    headers = dict(feed.headers)
    if feed.content_location:
        headers["content-location"] = _moved(feed.content_location, located)
    local = replace(feed, data=data, headers=headers)
    links = [link for link in reference_links(local, _address(local, base)) if link]
    return local if all(link.startswith((base + "/", located + "/")) for link in links) else None


def _moved(address: str, located: str) -> str:
    """An absolute web address moved to the site `located`; any other value unchanged."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return address
    return located + address[len(f"{parts.scheme}://{parts.netloc}") :]


def _address(feed: CorpusFeed, base: str) -> str:
    return f"{base}/tests/{feed.name}"


def _serve(site: SiteServer, feed: CorpusFeed) -> str:
    """Serve the feed with the headers the suite gives it (Content-Type, Content-Location)."""
    path = f"/tests/{feed.name}"
    extra = {"Content-Location": feed.content_location} if feed.content_location else {}
    site.routes[path] = static(feed.data, feed.content_type or "application/xml", headers=extra)
    return site.url(path)


def _crawl(store: SQLiteStore) -> CrawlReport:
    with Fetcher(POLICY) as fetcher:
        try:
            return crawl_once(store, fetcher, now=T0)
        except Exception as error:  # the failure names the part that must catch it
            pytest.fail(f"{RUN_ROUND_MARK}: {type(error).__name__}: {error}")


@pytest.fixture
def located() -> Iterator[SiteServer]:
    """A second local site, named by the feeds' absolute Content-Location headers."""
    server = SiteServer().start()
    yield server
    server.stop()


def test_feedparsers_suite_served_to_a_crawl(site: SiteServer, located: SiteServer) -> None:
    good: dict[str, list[str]] = {}
    served_with_headers: set[str] = set()
    for feed in corpus_feeds():
        if not any(reference_links(feed)):
            continue
        local = _local_copy(feed, site.base, located.base)
        if local is None:
            continue
        links = [link for link in reference_links(local, _address(local, site.base)) if link]
        good[_serve(site, local)] = links
        served_with_headers.update([feed.name] if feed.name in HEADER_CASES else [])
    assert served_with_headers == HEADER_CASES
    bad = {_serve(site, feed): BAD_FEEDS[feed.name] for feed in _corpus(BAD_FEEDS)}
    bad[site.url("/")] = "not a feed: the root element is <html>"
    for feed in _corpus(dict.fromkeys(UNUSABLE_LINKS, "")):
        good[_serve(site, feed)] = []
    assert len(good) >= 30
    with SQLiteStore(":memory:") as store:
        for url in [*good, *bad]:
            add_source(store, url, kind="feed", now=T0)
        report = _crawl(store)
        assert report.sources_polled == len(good) + len(bad)
        assert report.sources_failed == len(bad)
        health = {row["url"]: row for row in list_sources(store, now=T0)}
    for url, reason in bad.items():
        assert health[url]["last_error"] == "bad-feed", url
        message = health[url]["last_error_message"]
        assert message.startswith(reason) and "\n" not in message, (url, message)
    for url in good:
        assert health[url]["last_error"] is None, (url, health[url]["last_error_message"])
    requested = {
        (server.base, _page(path)) for server in (site, located) for path in server.paths()
    }
    for url, links in good.items():
        for link in links:
            parts = urlsplit(link)
            origin = f"{parts.scheme}://{parts.netloc}"
            assert (origin, _page(parts.path)) in requested, (url, link)


def _page(path: str) -> str:
    """A requested path as the crawl's canonical URLs compare it (one fetch per page)."""
    return unquote(path).rstrip("/")


def _corpus(names: dict[str, str]) -> list[CorpusFeed]:
    return [feed for feed in corpus_feeds() if feed.name in names]


# ---------------------------------------------------------------- the reported cases


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def _reported_cases(site: SiteServer, articles: list[SiteArticle]) -> dict[str, str]:
    """Feeds and sitemaps of the reported cases, each listing one real article:
    path -> the article's slug ("" for a source that must fail)."""
    page = [f"/news/{article.slug}.html" for article in articles]
    base = site.base
    rss_items = (
        "<item><title>bad host</title><link>http://[foo/</link></item>"
        "<itunes:subtitle>undeclared prefix</itunes:subtitle>"
        f"<item><title>a</title><link>{base}{page[0]}?id=123&cat=5&lang=ar</link></item>"
    )
    documents = {
        "/feeds/ampersand-and-bracket.xml": (
            f"<rss version='2.0'><channel><title>t</title>{rss_items}</channel></rss>",
            "application/rss+xml",
            articles[0].slug,
        ),
        "/feeds/id-only.xml": (
            "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
            f"<entry><id>{base}{page[1]}</id><title>b</title></entry></feed>",
            "application/atom+xml",
            articles[1].slug,
        ),
        "/feeds/channel.cdf": (
            f"<?xml version='1.0'?><CHANNEL HREF='{base}/'><TITLE>c</TITLE>"
            f"<ITEM HREF='{page[2]}'><TITLE>c</TITLE></ITEM></CHANNEL>",
            "application/xml",
            articles[2].slug,
        ),
        "/feeds/text-link.xml": (
            f"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='{base}/news/'><title>t</title>"
            f"<entry><link>{articles[3].slug}.html</link><id>tag:d</id></entry></feed>",
            "text/xml",
            articles[3].slug,
        ),
        "/sitemaps/bom.xml": (
            "\ufeff\n<?xml version='1.0' encoding='UTF-8'?>"
            "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<url><loc>{base}{page[4]}</loc></url></urlset>",
            "application/xml",
            articles[4].slug,
        ),
        "/sitemaps/news-feed.xml": (
            f"<rss version='2.0'><channel><title>t</title><item><title>f</title>"
            f"<link>{base}{page[5]}</link></item></channel></rss>",
            "application/xml",
            articles[5].slug,
        ),
        "/sitemaps/list.txt": (
            f"{base}{page[6]}\n<html>404</html>\nhttp://[foo/\n",
            "text/plain",
            articles[6].slug,
        ),
    }
    for path, (body, content_type, _) in documents.items():
        site.routes[path] = static(body.encode(), content_type)
    whole = gzip.compress(f"{base}{page[7]}\n{base}{page[8]}\n".encode())
    site.routes["/sitemaps/cut.txt.gz"] = static(whole[:-12], "application/x-gzip")
    slugs = {path: slug for path, (_, _, slug) in documents.items()}
    return {**slugs, "/sitemaps/cut.txt.gz": ""}


def test_reported_cases_through_the_commands(
    site: SiteServer, site_articles: list[SiteArticle], tmp_path: Path
) -> None:
    db = str(tmp_path / "m.db")
    cases = _reported_cases(site, site_articles)
    for path in cases:
        # feeds, and the sitemap with a BOM, are recognised by `sources add` itself
        given = path.startswith("/sitemaps/") and path != "/sitemaps/bom.xml"
        kind = ["--kind", "sitemap"] if given else []
        status, out = _run("sources", "add", site.url(path), *kind, *FAST, "--db", db)
        assert status == 0, out
    status, out = _run("crawl", "--once", "--no-enrich", *FAST, "--db", db)
    assert status == 0, f"{RUN_ROUND_MARK}: {out}"  # the round completes
    listed = _run("sources", "list", "--json", "--db", db)[1].splitlines()
    health = {urlsplit(row["url"]).path: row for row in map(json.loads, listed)}
    assert set(health) == set(cases)
    for path, slug in cases.items():
        row = health[path]
        if slug:
            assert (row["kind"], row["last_error"]) == (
                "sitemap" if path.startswith("/sitemaps/") else "feed",
                None,
            ), (path, row["last_error_message"])
            assert row["articles"] == 1, path
            assert f"/news/{slug}.html" in site.paths(), path
    cut = health["/sitemaps/cut.txt.gz"]
    assert cut["last_error"] == "truncated"
    assert "gzip data truncated" in cut["last_error_message"]
    assert f"/news/{site_articles[7].slug}.html" in site.paths()  # read before the cut
    assert f"/news/{site_articles[8].slug}.html" not in site.paths()
