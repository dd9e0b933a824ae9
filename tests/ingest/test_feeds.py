"""Feeds: RSS 2.0, Atom and RDF built from real articles, and broken feeds."""

from __future__ import annotations

from pathlib import Path

from support.site_server import SiteArticle, SiteServer, atom, rss

from marsad.ingest.feeds import BAD_FEED, iso_datetime, parse_feed
from marsad.ingest.fetch import Fetcher, FetchPolicy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BASE = "http://news.example"


def test_rss_entries_carry_link_title_date_and_guid(site_articles: list[SiteArticle]) -> None:
    articles = site_articles[:5]
    feed = parse_feed(rss(BASE, articles).encode(), url=BASE + "/rss.xml")
    assert feed.ok and feed.kind == "rss"
    assert feed.title == "صحيفة الاختبار" and feed.link == BASE + "/"
    assert [e.url for e in feed.entries] == [f"{BASE}/news/{a.slug}.html" for a in articles]
    assert [e.title for e in feed.entries] == [a.title for a in articles]
    assert [e.published for e in feed.entries] == [a.published.isoformat() for a in articles]
    assert [e.guid for e in feed.entries] == [f"snn:{a.slug}" for a in articles]
    # the description held escaped HTML: the summary is its text, without markup
    first_words = articles[0].text.split()[:3]
    assert feed.entries[0].summary.split()[:3] == first_words
    assert "<p>" not in feed.entries[0].summary


def test_atom_links_are_resolved_against_xml_base(site_articles: list[SiteArticle]) -> None:
    articles = site_articles[5:]
    feed = parse_feed(atom(BASE, articles).encode(), url=BASE + "/atom.xml")
    assert feed.ok and feed.kind == "atom" and feed.title == "أتوم الاختبار"
    assert [e.url for e in feed.entries] == [f"{BASE}/news/{a.slug}.html" for a in articles]
    assert [e.title for e in feed.entries] == [a.title for a in articles]
    assert [e.published for e in feed.entries] == [a.published.isoformat() for a in articles]
    assert feed.entries[0].guid == f"tag:test,2015:{articles[0].slug}"


def test_rdf_feed() -> None:
    feed = parse_feed((FIXTURES / "rdf.xml").read_bytes(), url="http://wire.example/rss")
    assert feed.ok and feed.kind == "rdf" and feed.title == "وكالة الأنباء"
    first, second = feed.entries
    assert first.url == "http://wire.example/news/101"
    assert first.title == "مجلس الوزراء يعقد جلسته الأسبوعية"
    assert first.published == "2015-08-10T14:30:00+03:00"
    assert first.summary == "عقد مجلس الوزراء جلسته الأسبوعية اليوم."
    assert second.url == "http://wire.example/news/102"  # from rdf:about, no <link>
    assert second.published == "2015-08-11"


def test_malformed_feed_is_flagged_and_what_can_be_read_is_kept() -> None:
    feed = parse_feed((FIXTURES / "feed-broken.xml").read_bytes())
    assert feed.error == BAD_FEED and not feed.ok
    assert "recovered" in feed.message
    urls = [entry.url for entry in feed.entries]
    assert "http://example.com/news/1.html" in urls
    dated = [entry for entry in feed.entries if entry.url == "http://example.com/news/1.html"]
    assert dated[0].published == "2015-08-10T09:15:00+03:00"
    assert dated[0].title == "أمير منطقة عسير يستقبل المعزين في شهداء الطوارئ"


def test_documents_that_are_not_feeds_say_so() -> None:
    for data in (b"", b"   ", b"<html><body><p>page</p></body></html>", b"\x00\x01garbage"):
        feed = parse_feed(data)
        assert feed.error == BAD_FEED and feed.entries == ()
        assert feed.message


def test_rss_guid_permalink_stands_in_for_a_missing_link() -> None:
    data = (
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><title>a</title><guid>https://x.example/a</guid></item>"
        b"<item><title>b</title><guid isPermaLink='false'>https://x.example/b</guid></item>"
        b"<item><title>c</title><link>/c</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(data, url="https://x.example/feed")
    assert [e.url for e in feed.entries] == ["https://x.example/a", None, "https://x.example/c"]


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss version='2.0'><channel><title>&x;</title></channel></rss>"
    ).encode()
    feed = parse_feed(data)
    assert "TOP-SECRET" not in feed.title


def test_dates_in_the_shapes_feeds_use() -> None:
    assert iso_datetime("Sun, 09 Aug 2015 17:26:01 +0300") == "2015-08-09T17:26:01+03:00"
    assert iso_datetime("Sun, 09 Aug 2015 14:26:01 GMT") == "2015-08-09T14:26:01+00:00"
    assert iso_datetime("2015-08-09T17:26:01Z") == "2015-08-09T17:26:01+00:00"
    assert iso_datetime("2015-08-09") == "2015-08-09"
    assert iso_datetime("not a date") is None
    assert iso_datetime("") is None


def test_feeds_fetched_over_http(site: SiteServer, site_articles: list[SiteArticle]) -> None:
    policy = FetchPolicy(delay=0.02, connect_timeout=0.5, read_timeout=0.5, max_attempts=1)
    with Fetcher(policy) as fetcher:
        good = fetcher.fetch(site.url("/rss.xml"))
        broken = fetcher.fetch(site.url("/feed-broken.xml"))
    assert good.ok and broken.ok  # HTTP worked; the XML is judged by the parser
    feed = parse_feed(good.body or b"", url=good.final_url)
    assert feed.ok and [e.title for e in feed.entries] == [a.title for a in site_articles[:5]]
    assert parse_feed(broken.body or b"", url=broken.final_url).error == BAD_FEED
