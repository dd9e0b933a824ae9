"""The crawl service against a real local news site: rounds, rejects, resume, health."""

from __future__ import annotations

import os
import signal
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from support.site import TROUBLE, article_url, stored
from support.site_server import Request, Response, SiteArticle, SiteServer, rss, static

from marsad.ingest import read_paths
from marsad.ingest.fetch import Fetcher, FetchPolicy, RequestRecord, user_agent
from marsad.services import crawl_sources
from marsad.services.crawl import (
    CrawlReport,
    crawl_forever,
    crawl_once,
    seconds_until_due,
    stop_on_signals,
)
from marsad.services.crawl_archive import WarcArchive
from marsad.services.ingest import ingest
from marsad.services.sources import add_source, list_sources
from marsad.services.stories import Tracker
from marsad.store import SQLiteStore
from marsad.urls import canonical_url

POLICY = FetchPolicy(
    delay=0.01,
    connect_timeout=0.5,
    read_timeout=0.3,
    max_attempts=1,  # a 503 is retried by the next round, not within the fetch
    max_bytes=20_000,  # the fixture's /big page is about 56 kB, its articles under 4 kB
)
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def _fetcher(**extra: object) -> Fetcher:
    return Fetcher(POLICY, **extra)  # type: ignore[arg-type]


def _crawl(store: SQLiteStore, now: datetime = T0, **extra: object) -> CrawlReport:
    with _fetcher() as fetcher:
        return crawl_once(store, fetcher, now=now, **extra)  # type: ignore[arg-type]


def _add(store: SQLiteStore, url: str, kind: str) -> None:
    add_source(store, url, kind=kind, now=T0)


def test_a_feed_and_a_sitemap_bring_every_article_of_the_site(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    _add(store, site.url("/rss.xml"), "feed")
    _add(store, site.url("/sitemap_index.xml"), "sitemap")
    report = _crawl(store)
    assert report.pages.new == len(site_articles) and report.pages.rejected == 0
    assert report.sources_polled == 2 and report.sources_failed == 0 and report.pending == 0
    held = stored(store)
    assert {url for url, _, _ in held} == {
        canonical_url(article_url(site, a)) for a in site_articles
    }
    assert {title for _, title, _ in held} == {a.title for a in site_articles}
    health = {row["url"]: row for row in list_sources(store, now=T0)}
    feed, sitemap = health[site.url("/rss.xml")], health[site.url("/sitemap_index.xml")]
    assert feed["articles"] == 5  # the feed lists the five newest; it was read first
    assert sitemap["articles"] == len(site_articles) - 5
    assert feed["last_success"] == sitemap["last_success"] == T0.isoformat()
    assert feed["last_error"] is None and feed["errors"] == 0 and not feed["stale"]


def test_crawled_articles_get_stories_when_tracked(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    _add(store, site.url("/rss.xml"), "feed")
    _crawl(store, track=Tracker().track)
    tracked = list(store.iter_articles())
    assert len(tracked) == 5
    assert all(article.story is not None for article in tracked)


def test_a_crawled_page_is_first_seen_when_it_was_fetched(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    _add(store, site.url("/rss.xml"), "feed")
    before = datetime.now(UTC).replace(microsecond=0)
    _crawl(store)  # the round's own clock (T0) is not the fetch time
    after = datetime.now(UTC)
    seen = [datetime.fromisoformat(article.first_seen or "") for article in store.iter_articles()]
    assert len(seen) == 5 and all(before <= moment <= after for moment in seen)


def test_rejected_pages_are_counted_with_their_reasons(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    _add(store, site.url("/mixed.xml"), "feed")
    report = _crawl(store)
    expected: dict[str, int] = {}
    for reason in TROUBLE.values():
        expected[reason] = expected.get(reason, 0) + 1
    assert report.pages.reasons == expected
    assert report.pages.new == 1  # the windows-1256 page
    assert report.retrying == 2  # the 503 and the timeout are transient
    assert "/private/secret.html" not in site.paths()  # robots.txt forbids it
    [legacy] = list(store.iter_articles())
    assert legacy.title == site_articles[0].title  # decoded right from windows-1256
    assert legacy.text.split("\n\n")[0] == site_articles[0].text.splitlines()[0].strip()
    [health] = list_sources(store, now=T0)
    assert health["errors"] == 4  # the pages that failed for good
    # next round, once the retry time has come: the busy page answers (it is a copy of
    # the legacy page, so it is recognised, not stored twice); the slow one times out again
    later = _crawl(store, now=T0 + timedelta(hours=1))
    assert len(site.requests_to("/busy")) == 2 and len(site.requests_to("/missing.html")) == 1
    assert later.pages.duplicates == 1 and later.pages.reasons == {"timeout": 1}
    assert later.retrying == 1 and store.queue_counts()["done"] == 2


def test_the_second_round_is_conditional_and_refetches_nothing_unchanged(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    feed = rss(site.base, site_articles[:5]).encode()

    def etag_feed(request: Request) -> Response:
        if request.headers.get("if-none-match") == '"feed-1"':
            return Response(status=304, content_type=None, headers={"ETag": '"feed-1"'})
        return Response(feed, "application/rss+xml", headers={"ETag": '"feed-1"'})

    site.routes["/rss.xml"] = etag_feed
    _add(store, site.url("/rss.xml"), "feed")
    _add(store, site.url("/sitemap_index.xml"), "sitemap")
    _crawl(store)
    first_round = len(site.log)
    second = _crawl(store, now=T0 + timedelta(days=1))
    again = [entry for entry in site.log[first_round:]]
    assert second.not_modified == 1 and second.pages.new == 0 and second.queued == 0
    assert [e.headers.get("if-none-match") for e in again if e.path == "/rss.xml"] == ['"feed-1"']
    assert not [e for e in again if e.path.startswith("/news/")]
    # the gzipped child sitemap was last modified before the first round: skipped
    assert "/sitemaps/pages.xml.gz" not in [e.path for e in again]


def test_an_interrupted_crawl_resumes_to_the_same_articles(
    site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    with SQLiteStore(":memory:") as whole, SQLiteStore(":memory:") as halves:
        for target in (whole, halves):
            _add(target, site.url("/rss.xml"), "feed")
            _add(target, site.url("/sitemap_index.xml"), "sitemap")
        _crawl(whole)
        stop = threading.Event()
        pages: list[str] = []

        def count(record: RequestRecord) -> None:
            if "/news/" in record.url:
                pages.append(record.url)
                if len(pages) == 3:
                    stop.set()

        with _fetcher(on_request=count) as fetcher:
            first = crawl_once(halves, fetcher, now=T0, stop=stop)
        assert first.stopped and 3 <= halves.count() < len(site_articles)
        assert first.pending == len(site_articles) - halves.count()
        resumed = _crawl(halves, now=T0 + timedelta(seconds=1))
        assert not resumed.stopped and resumed.pending == 0
        assert stored(halves) == stored(whole)
        assert len(stored(whole)) == len(site_articles)


def test_health_of_a_failing_source_and_stale_flags_with_a_fake_clock(
    store: SQLiteStore, site: SiteServer
) -> None:
    _add(store, site.url("/rss.xml"), "feed")
    _add(store, site.url("/always-500"), "feed")
    _crawl(store)
    working, failing = list_sources(store, now=T0 + timedelta(hours=1))
    assert failing["last_error"] == "http-error" and failing["errors"] == 1
    assert failing["consecutive_failures"] == 1 and failing["last_success"] is None
    assert failing["last_error_message"] == "HTTP 500 Internal Server Error"
    assert not failing["stale"] and not working["stale"]
    _, failing = list_sources(store, now=T0 + timedelta(days=2))
    assert failing["stale"] and failing["stale_reason"] == "never-succeeded"
    # the working feed goes quiet: nothing new for longer than a week is stale
    _crawl(store, now=T0 + timedelta(hours=2))
    working, _ = list_sources(store, now=T0 + timedelta(hours=3))
    assert working["articles_per_day"] == 0.0 and not working["stale"]
    working, _ = list_sources(store, now=T0 + timedelta(days=8))
    assert working["stale"] and working["stale_reason"] == "no-new-articles"


def test_a_page_source_queues_its_same_site_links(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    _add(store, site.url("/"), "page")
    report = _crawl(store)
    assert report.pages.new == len(site_articles)
    assert {url for url, _, _ in stored(store)} == {
        canonical_url(article_url(site, a)) for a in site_articles
    }


def test_the_archive_replays_into_the_same_articles(
    store: SQLiteStore, site: SiteServer, tmp_path: Path
) -> None:
    _add(store, site.url("/rss.xml"), "feed")
    _add(store, site.url("/mixed.xml"), "feed")
    with WarcArchive(tmp_path / "warc", user_agent=user_agent(None)) as archive:
        _crawl(store, archive=archive)
    assert archive.records > 0 and all(path.exists() for path in archive.files)
    with SQLiteStore(":memory:") as replayed:
        report = ingest(replayed, read_paths([tmp_path / "warc"]))
        assert report.errors == 0
        assert stored(replayed) == stored(store)


def test_crawl_forever_stops_cleanly_and_keeps_what_it_fetched(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    _add(store, site.url("/rss.xml"), "feed")
    stop = threading.Event()
    rounds: list[CrawlReport] = []

    def after_round(report: CrawlReport) -> None:
        rounds.append(report)
        stop.set()

    with _fetcher() as fetcher:
        total = crawl_forever(
            store, fetcher, stop=stop, clock=lambda: T0, on_round=after_round, min_sleep=0
        )
    assert total.stopped and len(rounds) == 1 and total.pages.new == 5 == store.count()
    # the feed was polled at T0 with news: next due after the minimum interval
    assert seconds_until_due(store, T0) == pytest.approx(15 * 60)


def test_a_stop_while_polling_is_not_held_against_the_source(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    _add(store, site.url("/sitemap_index.xml"), "sitemap")
    stop = threading.Event()
    fetchers: list[Fetcher] = []

    def stop_at_the_index(record: RequestRecord) -> None:
        if record.url.endswith("/sitemap_index.xml"):  # as the signal handler does
            stop.set()
            fetchers[0].stop()

    with _fetcher(on_request=stop_at_the_index) as fetcher:
        fetchers.append(fetcher)
        report = crawl_once(store, fetcher, now=T0, stop=stop)
    assert report.stopped and report.sources_polled == report.sources_failed == 0
    [row] = list_sources(store, now=T0)
    assert (row["errors"], row["last_error"], row["last_success"]) == (0, None, None)
    assert _crawl(store, now=T0 + timedelta(seconds=1)).pages.new == len(site_articles)


def test_signals_ask_for_a_clean_stop_and_handlers_are_restored() -> None:
    stop = threading.Event()
    before = signal.getsignal(signal.SIGTERM)
    with stop_on_signals(stop):
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(5)
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_source_whose_parser_raises_is_recorded_and_the_round_goes_on(
    store: SQLiteStore,
    site: SiteServer,
    site_articles: list[SiteArticle],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_parse = crawl_sources.parse_feed

    def parse(data: bytes, url: str, **headers: str | None) -> object:
        if url.endswith("/rss.xml"):
            raise ValueError("unexpected token in a feed")  # a parser's bug on a strange feed
        return real_parse(data, url=url, **headers)

    monkeypatch.setattr(crawl_sources, "parse_feed", parse)
    _add(store, site.url("/rss.xml"), "feed")  # polled first: its failure must not end the round
    _add(store, site.url("/atom.xml"), "feed")
    report = _crawl(store)
    assert report.sources_polled == 2 and report.sources_failed == 1
    assert report.pages.new == len(site_articles) - 5  # the Atom feed's articles
    [problem] = report.problems
    assert problem.code == "internal-error" and "ValueError" in problem.message
    broken, working = list_sources(store, now=T0)
    assert (broken["last_error"], broken["errors"], broken["consecutive_failures"]) == (
        "internal-error",
        1,
        1,
    )
    assert "unexpected token" in broken["last_error_message"]
    assert working["last_error"] is None and working["articles"] == len(site_articles) - 5
    # the next rounds go on too; the failing source backs off instead of blocking them
    later = _crawl(store, now=T0 + timedelta(hours=1))
    assert later.sources_failed == 1 and later.sources_polled == 2
    assert list_sources(store, now=T0)[0]["errors"] == 2


def test_every_source_is_polled_now_when_asked_whatever_its_schedule(
    store: SQLiteStore, site: SiteServer
) -> None:
    _add(store, site.url("/rss.xml"), "feed")
    _add(store, site.url("/atom.xml"), "feed")
    assert _crawl(store).sources_polled == 2
    soon = T0 + timedelta(minutes=1)
    assert _crawl(store, now=soon).sources_polled == 0  # not due yet
    polled_before = len(site.requests_to("/rss.xml"))
    forced = _crawl(store, now=soon, every_source=True)
    assert forced.sources_polled == 2 and forced.sources_failed == 0
    assert len(site.requests_to("/rss.xml")) == polled_before + 1


def test_an_interrupt_while_polling_is_not_swallowed(
    store: SQLiteStore, site: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(data: bytes, url: str, **headers: str | None) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(crawl_sources, "parse_feed", interrupted)
    _add(store, site.url("/rss.xml"), "feed")
    with pytest.raises(KeyboardInterrupt):
        _crawl(store)
    [row] = list_sources(store, now=T0)
    assert (row["errors"], row["last_error"]) == (0, None)  # not held against the source


def test_a_page_source_that_cannot_be_parsed_is_a_failure_not_an_empty_success(
    store: SQLiteStore, site: SiteServer
) -> None:
    site.routes["/section"] = lambda request: Response(b"", "text/html")  # nothing to parse
    _add(store, site.url("/section"), "page")
    report = _crawl(store)
    assert report.sources_failed == 1 and report.queued == 0
    [row] = list_sources(store, now=T0)
    assert row["last_error"] == "bad-html" and row["last_success"] is None


def test_a_page_whose_robots_txt_is_unreachable_is_retried_later_not_given_up(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    down = SiteServer()
    down.routes["/robots.txt"] = lambda request: Response(b"down", status=503)
    down.routes["/news/a0.html"] = lambda request: Response(site_articles[0].html().encode())
    down.start()
    try:
        item = f"<item><title>t</title><link>{down.url('/news/a0.html')}</link></item>"
        feed = rss(site.base, []).replace("</channel>", item + "</channel>").encode()
        site.routes["/elsewhere.xml"] = lambda request: Response(feed, "application/rss+xml")
        _add(store, site.url("/elsewhere.xml"), "feed")
        report = _crawl(store)
        [example] = report.pages.examples
        assert report.pages.reasons == {"robots-unreachable": 1} and report.retrying == 1
        assert example.message.startswith("robots.txt unreachable: http-error: HTTP 503")
        assert down.paths() == ["/robots.txt"]  # the page itself was not asked for
        [row] = list_sources(store, now=T0)
        assert row["errors"] == 0  # not given up: no error against the source yet
        down.routes["/robots.txt"] = lambda request: Response(b"", status=404)
        later = _crawl(store, now=T0 + timedelta(hours=1))
        assert later.pages.new == 1 and later.retrying == 0
    finally:
        down.stop()


def _arabic_feed(base: str, article: SiteArticle, path: str) -> bytes:
    """An RSS feed in windows-1256 whose XML declaration names no encoding."""
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>أخبار محلية</title>'
        f"<item><title>{article.title}</title><link>{base}{path}</link></item>"
        "</channel></rss>"
    ).encode("windows-1256", errors="xmlcharrefreplace")


def test_a_charset_named_only_in_the_http_header_reads_the_feeds_arabic_links(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    article = site_articles[0]
    path = "/أخبار/محلية.html"
    feed = _arabic_feed(site.base, article, path)
    assert path.encode("utf-8") not in feed  # the link is not UTF-8 on the wire
    site.routes[quote(path)] = static(article.html().encode(), "text/html; charset=utf-8")
    site.routes["/ar.xml"] = static(feed, "application/rss+xml; charset=windows-1256")
    _add(store, site.url("/ar.xml"), "feed")
    report = _crawl(store)
    assert (report.sources_failed, report.queued, report.pages.new) == (0, 1, 1)
    assert quote(path) in site.paths()
    [(url, title, _)] = stored(store)
    assert url == canonical_url(site.url(path)) and title == article.title


def test_relative_feed_links_are_resolved_against_content_location(
    store: SQLiteStore, site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    article = site_articles[0]
    items = "<item><title>t</title><link>news/a0.html</link></item>"
    feed = f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()
    site.routes["/feeds/latest"] = static(
        feed, "application/rss+xml", headers={"Content-Location": "/ar/"}
    )
    site.routes["/ar/news/a0.html"] = static(article.html().encode(), "text/html")
    _add(store, site.url("/feeds/latest"), "feed")
    report = _crawl(store)
    assert (report.sources_failed, report.pages.new) == (0, 1)
    assert "/ar/news/a0.html" in site.paths() and "/feeds/news/a0.html" not in site.paths()


def _rss_links(*links: str) -> bytes:
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    return f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()


def test_links_a_source_lists_but_cannot_be_used_are_counted_by_reason(
    store: SQLiteStore, site: SiteServer
) -> None:
    feed = _rss_links(site.url("/news/a0.html"), "http://[foo/", "javascript:x()")
    site.routes["/links.xml"] = static(feed, "application/rss+xml")
    entries = (
        f"<url><loc>{site.url('/news/a1.html')}</loc></url>"
        "<url><lastmod>2024-01-01</lastmod></url><url><loc>http://[bar/</loc></url>"
    )
    sitemap = f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</urlset>"
    site.routes["/links-sitemap.xml"] = static(sitemap.encode(), "application/xml")
    _add(store, site.url("/links.xml"), "feed")
    _add(store, site.url("/links-sitemap.xml"), "sitemap")
    report = _crawl(store)
    assert (report.sources_failed, report.queued, report.pages.new) == (0, 2, 2)
    skipped = report.skipped_links
    assert skipped.count == 4 and skipped.reasons == {"bad-url": 3, "bad-sitemap": 1}
    by_source = {(example.where, example.code, example.message) for example in skipped.examples}
    assert (site.url("/links.xml"), "bad-url", "a link that is not a valid URL") in by_source
    scheme = "link javascript:x(): not an http(s) URL (scheme 'javascript')"
    assert (site.url("/links.xml"), "bad-url", scheme) in by_source
    assert (site.url("/links-sitemap.xml"), "bad-sitemap", "<url> without <loc>") in by_source
    assert canonical_url(site.url("/news/a0.html")) in {url for url, _, _ in stored(store)}
    total = CrawlReport()
    total.add(report)
    total.add(report)
    assert total.skipped_links.count == 8 and total.skipped_links.reasons["bad-url"] == 6


def test_a_sources_error_message_does_not_repeat_its_url(
    store: SQLiteStore, site: SiteServer
) -> None:
    site.routes["/not-a-sitemap.xml"] = static(b"<html><body>x</body></html>", "application/xml")
    index = (
        "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<sitemap><loc>{site.url('/gone.xml')}</loc></sitemap></sitemapindex>"
    )
    site.routes["/index.xml"] = static(index.encode(), "application/xml")
    undecodable = b"<html><body>" + bytes(range(0x80, 0x100)) * 4 + b"</body></html>"
    site.routes["/section"] = static(undecodable, "text/html; charset=no-such-charset")
    _add(store, site.url("/not-a-sitemap.xml"), "sitemap")
    _add(store, site.url("/index.xml"), "sitemap")
    _add(store, site.url("/section"), "page")
    report = _crawl(store)
    problems = {problem.where: (problem.code, problem.message) for problem in report.problems}
    assert problems[site.url("/not-a-sitemap.xml")] == ("bad-sitemap", "root element is <html>")
    # a child file of the source that failed is named: it is not the source's own URL
    assert problems[site.url("/index.xml")] == (
        "http-error",
        f"{site.url('/gone.xml')}: HTTP 404 Not Found",
    )
    code, message = problems[site.url("/section")]
    assert code == "bad-encoding" and message.startswith("could not decode")
    health = {row["url"]: row for row in list_sources(store, now=T0)}
    for where, (_, message) in problems.items():
        assert health[where]["last_error_message"] == message


def test_a_feed_source_that_serves_no_feed_is_a_failure_with_its_reason(
    store: SQLiteStore, site: SiteServer
) -> None:
    documents = {
        "/": "not a feed: the root element is <html>",
        "/empty.xml": "not a feed: empty document",
        "/cut.xml": "malformed XML",
    }
    site.routes["/empty.xml"] = static(b"", "application/rss+xml")
    site.routes["/cut.xml"] = static(b"<rss version='2.0'><channel><item><tit", "text/xml")
    for path in documents:
        _add(store, site.url(path), "feed")
    report = _crawl(store)
    assert report.sources_failed == len(documents) and report.queued == 0
    health = {row["url"]: row for row in list_sources(store, now=T0)}
    for path, reason in documents.items():
        row = health[site.url(path)]
        assert row["last_error"] == "bad-feed" and row["last_success"] is None, path
        assert row["last_error_message"].startswith(reason), row["last_error_message"]
