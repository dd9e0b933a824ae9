"""Discovery of feeds and sitemaps from a home page, and telling documents apart."""

from __future__ import annotations

import gzip
import socket
from pathlib import Path

from support.site_server import Response, SiteArticle, SiteServer, atom, rss, static, urlset

from marsad.ingest.discover import FEED, PAGE, SITEMAP, Candidate, classify, discover, feed_links
from marsad.ingest.fetch import Fetcher, FetchPolicy, RequestRecord
from marsad.ingest.robots import ROBOTS_UNREACHABLE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "site"
POLICY = FetchPolicy(delay=0.02, connect_timeout=0.5, read_timeout=0.5, max_attempts=1)
BASE = "http://news.example"
PLAIN_HOME = b"<!DOCTYPE html><html><head><title>home</title></head><body>hi</body></html>"


def test_announced_feeds_and_robots_sitemaps_need_no_probing(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        found = discover(site.url("/"), fetcher)
    assert found.problems == ()
    assert found.candidates == (
        Candidate(site.url("/rss.xml"), FEED, "آخر الأخبار", "link"),
        Candidate(site.url("/atom.xml"), FEED, "أتوم", "link"),
        Candidate(site.url("/sitemap_index.xml"), SITEMAP, None, "robots"),
    )
    assert sorted(site.paths()) == ["/", "/robots.txt"]


def test_common_paths_are_probed_when_nothing_is_announced(site: SiteServer) -> None:
    site.routes["/"] = static(PLAIN_HOME, "text/html")
    site.routes["/robots.txt"] = static(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.routes["/sitemap.xml"] = site.routes.pop("/sitemap_index.xml")
    with Fetcher(POLICY) as fetcher:
        found = discover(site.url("/"), fetcher)
    assert [(c.url, c.kind, c.found_by) for c in found.candidates] == [
        (site.url("/rss.xml"), FEED, "probe"),
        (site.url("/sitemap.xml"), SITEMAP, "probe"),
    ]
    # probing stops at the first hit: /feed.xml and /atom.xml were never asked for
    assert "/feed.xml" not in site.paths() and "/atom.xml" not in site.paths()
    assert site.paths().count("/feed") == 1


def test_a_page_served_where_a_feed_was_expected_is_not_a_feed(site: SiteServer) -> None:
    site.routes["/"] = static(PLAIN_HOME, "text/html")
    for path in ("/feed", "/rss", "/rss.xml", "/atom.xml"):
        site.routes[path] = static(PLAIN_HOME, "application/rss+xml")
    with Fetcher(POLICY) as fetcher:
        found = discover(site.url("/"), fetcher, probe="auto")
    assert [c.kind for c in found.candidates] == [SITEMAP]


def test_a_feed_url_given_as_home_is_the_source_itself(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        found = discover(site.url("/atom.xml"), fetcher)
    assert found.candidates == (Candidate(site.url("/atom.xml"), FEED, None, "self"),)


def test_unreachable_home_is_reported(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        found = discover(site.url("/no-home"), fetcher, probe="never")
    assert [(p.code, p.url) for p in found.problems] == [("http-error", site.url("/no-home"))]
    assert [c.kind for c in found.candidates] == [SITEMAP]  # robots.txt still names one


def test_a_home_page_that_times_out_ends_discovery_at_once(site: SiteServer) -> None:
    site.routes["/"] = static(PLAIN_HOME, "text/html", sleep=1.5)  # past the read timeout
    with Fetcher(POLICY) as fetcher:
        found = discover(site.url("/"), fetcher, probe="always")
    assert [(p.url, p.code) for p in found.problems] == [(site.url("/"), "timeout")]
    assert found.candidates == ()
    assert sorted(site.paths()) == ["/", "/robots.txt"]  # no well-known path was probed


def test_a_host_that_refuses_connections_ends_discovery_at_once() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    sent: list[RequestRecord] = []
    with Fetcher(POLICY, on_request=sent.append) as fetcher:
        found = discover(f"http://127.0.0.1:{port}/", fetcher)
    [problem] = found.problems
    assert problem.code == ROBOTS_UNREACHABLE and "connect-error" in problem.message
    assert found.candidates == ()
    assert [record.url for record in sent] == [f"http://127.0.0.1:{port}/robots.txt"]


def test_a_home_page_that_answers_404_still_probes(site: SiteServer) -> None:
    site.routes["/"] = static(PLAIN_HOME, "text/html", status=404)
    with Fetcher(POLICY) as fetcher:
        found = discover(site.url("/"), fetcher)
    assert [(p.code, p.url) for p in found.problems] == [("http-error", site.url("/"))]
    assert Candidate(site.url("/rss.xml"), FEED, None, "probe") in found.candidates
    assert "/feed" in site.paths()


def test_classify_by_content_whatever_the_label(site_articles: list[SiteArticle]) -> None:
    feed = rss(BASE, site_articles[:2]).encode()
    assert classify(BASE + "/x", feed, "text/html") == FEED
    assert classify(BASE + "/x", atom(BASE, site_articles[:2]).encode(), None) == FEED
    assert classify(BASE + "/x", (FIXTURES / "rdf.xml").read_bytes(), "text/xml") == FEED
    assert classify(BASE + "/x", (FIXTURES / "feed-broken.xml").read_bytes(), "text/xml") == FEED
    sitemap = urlset(BASE, site_articles).encode()
    assert classify(BASE + "/s.xml.gz", gzip.compress(sitemap), "application/x-gzip") == SITEMAP
    assert classify(BASE + "/sitemap.txt", b"https://a.example/1\n", "text/plain") == SITEMAP
    assert classify(BASE + "/notes.txt", b"https://a.example/1\n", "text/plain") == PAGE
    assert classify(BASE + "/", site_articles[0].html().encode(), "text/html") == PAGE
    assert classify(BASE + "/", b"", "application/rss+xml") == FEED
    assert classify(BASE + "/", b"", None) == PAGE


def test_feed_links_respect_base_and_ignore_other_links() -> None:
    page = (
        '<html><head><base href="https://cdn.example/ar/">'
        '<link rel="alternate" type="application/rss+xml" href="feeds/main.xml" title="الرئيسية">'
        '<link rel="alternate" type="text/html" hreflang="en" href="https://en.example/">'
        '<link rel="stylesheet" href="s.css">'
        '<link rel="Alternate Feed" type="application/atom+xml; charset=utf-8" href="/atom">'
        "</head><body></body></html>"
    )
    assert feed_links(page, "https://news.example/") == [
        Candidate("https://cdn.example/ar/feeds/main.xml", FEED, "الرئيسية", "link"),
        Candidate("https://cdn.example/atom", FEED, None, "link"),
    ]
    assert feed_links("", "https://news.example/") == []


def test_home_page_in_windows_1256_is_decoded_before_reading_links(site: SiteServer) -> None:
    home = (
        '<html><head><meta charset="windows-1256"><title>الصفحة</title>'
        '<link rel="alternate" type="application/rss+xml" title="الأخبار" href="/rss.xml">'
        "</head><body></body></html>"
    ).encode("windows-1256")
    site.routes["/"] = lambda r: Response(home, content_type="text/html")
    with Fetcher(POLICY) as fetcher:
        found = discover(site.url("/"), fetcher)
    assert found.candidates[0] == Candidate(site.url("/rss.xml"), FEED, "الأخبار", "link")
