"""Feeds: RSS 2.0, Atom and RDF built from real articles, and broken feeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.site_server import SiteArticle, SiteServer, atom, rss

from marsad.errors import BAD_URL
from marsad.ingest import feeds
from marsad.ingest.feeds import (
    BAD_FEED,
    FeedError,
    escape_bare_ampersands,
    iso_datetime,
    parse_feed,
    read_feed,
)
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


# ---------------------------------------------------------------- reported cases


def test_an_undeclared_prefix_is_read_not_raised() -> None:
    data = (
        b"<rss version='2.0'><channel><title>t</title><itunes:subtitle>x</itunes:subtitle>"
        b"<item><title>\xd8\xae\xd8\xa8\xd8\xb1</title><media:thumbnail url='a.jpg'/>"
        b"<link>https://x.example/1</link></item></channel></rss>"
    )
    feed = parse_feed(data, url="https://x.example/feed")
    assert feed.error == BAD_FEED and "unbound prefix" in feed.message
    assert [(e.url, e.title) for e in feed.entries] == [("https://x.example/1", "خبر")]


def test_a_link_with_a_bracket_in_its_host_is_skipped_with_a_reason() -> None:
    data = (
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><title>a</title><link>http://[foo/</link></item>"
        b"<item><title>b</title><link>https://x.example/]b</link></item>"
        b"<item><title>c</title><link>https://x.example/c</link></item>"
        b"</channel></rss>"
    )
    for url in ("https://x.example/feed", None):
        feed = parse_feed(data, url=url)
        assert [e.url for e in feed.entries] == [
            None,
            "https://x.example/]b",
            "https://x.example/c",
        ]
        [skipped] = feed.skipped
        assert skipped.code == BAD_URL and skipped.message
    # without a base to resolve against, the raw link is kept in the reason
    assert parse_feed(data).skipped[0].url == "http://[foo/"


def test_bare_ampersands_in_links_are_kept() -> None:
    data = (
        b"<rss version='2.0'><channel><title>t &amp; u</title>"
        b"<item><title>a & b</title><link>https://x.example/a.php?id=123&cat=5&page=2</link></item>"
        b"<item><title>c</title><link>https://x.example/b.php?id=1&lang=ar&copy=2</link></item>"
        b"<item><title><![CDATA[d & e]]></title><link>https://x.example/c?a=1&amp;b=2</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(data, url="https://x.example/feed")
    assert [e.url for e in feed.entries] == [
        "https://x.example/a.php?id=123&cat=5&page=2",
        "https://x.example/b.php?id=1&lang=ar&copy=2",
        "https://x.example/c?a=1&b=2",
    ]
    assert [e.title for e in feed.entries] == ["a & b", "c", "d & e"]
    assert escape_bare_ampersands(b"<a>&amp; &#38; &#x26; &nbsp; & &x</a>") == (
        b"<a>&amp; &#38; &#x26; &nbsp; &amp; &amp;x</a>"
    )


def test_an_atom_entry_with_only_an_id_uses_the_id_when_it_is_a_web_url() -> None:
    data = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
        b"<entry><id>https://x.example/news/1</id><title>a</title></entry>"
        b"<entry><id>tag:x.example,2015:2</id><title>b</title></entry>"
        b"</feed>"
    )
    feed = parse_feed(data, url="https://x.example/atom")
    assert [(e.url, e.guid) for e in feed.entries] == [
        ("https://x.example/news/1", "https://x.example/news/1"),
        (None, "tag:x.example,2015:2"),
    ]
    assert feed.skipped == ()  # an id that is not a URL is no broken link


def test_cdf_feed() -> None:
    data = (
        b"<?xml version='1.0'?><CHANNEL HREF='http://cdf.example/'><TITLE>c</TITLE>"
        b"<ITEM HREF='http://cdf.example/news/1' LASTMOD='2015-08-09T10:00'>"
        b"<TITLE>\xd8\xae\xd8\xa8\xd8\xb1</TITLE><ABSTRACT>s</ABSTRACT></ITEM>"
        b"<ITEM HREF='/news/2'><TITLE>b</TITLE></ITEM></CHANNEL>"
    )
    feed = parse_feed(data, url="http://cdf.example/channel.cdf")
    assert feed.kind == "cdf" and feed.title == "c"
    assert [e.url for e in feed.entries] == [
        "http://cdf.example/news/1",
        "http://cdf.example/news/2",
    ]
    assert feed.entries[0].title == "خبر" and feed.entries[0].summary == "s"


def test_a_link_without_href_gives_its_text() -> None:
    data = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
        b"<entry><title>a</title><link>https://x.example/1</link><id>tag:a</id></entry>"
        b"<entry><title>b</title><link rel='alternate'>/2</link><id>tag:b</id></entry>"
        b"</feed>"
    )
    feed = parse_feed(data, url="https://x.example/atom")
    assert [e.url for e in feed.entries] == ["https://x.example/1", "https://x.example/2"]


def test_relation_links_other_than_alternate_are_not_the_article() -> None:
    data = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title><entry><title>a</title>"
        b"<link rel='license' href='https://creativecommons.example/by'/>"
        b"<link rel='enclosure' href='https://x.example/a.mp3'/>"
        b"<link rel='alternate' type='text/html' href='https://x.example/1'/>"
        b"</entry><entry><title>b</title><id>tag:b</id>"
        b"<link rel='related' href='https://other.example/'/></entry></feed>"
    )
    feed = parse_feed(data, url="https://x.example/atom")
    assert [e.url for e in feed.entries] == ["https://x.example/1", None]


def test_xml_base_resolves_relative_links_at_every_level() -> None:
    data = (
        b"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='http://b.example/ar/'>"
        b"<title>t</title><link href='index.html'/>"
        b"<entry><link href='news/1.html'/><id>tag:1</id></entry>"
        b"<entry xml:base='politics/'><link href='2.html'/><id>tag:2</id></entry>"
        b"<entry xml:base='http://c.example/'><link href='/3'/><id>tag:3</id></entry>"
        b"<entry><link href='//d.example/4'/><id>tag:4</id></entry>"
        b"</feed>"
    )
    feed = parse_feed(data, url="http://feeds.example/atom.xml")
    assert feed.link == "http://b.example/ar/index.html"
    assert [e.url for e in feed.entries] == [
        "http://b.example/ar/news/1.html",
        "http://b.example/ar/politics/2.html",
        "http://c.example/3",
        "http://d.example/4",
    ]
    # a relative xml:base is itself resolved against the feed's address
    relative = data.replace(b"xml:base='http://b.example/ar/'", b"xml:base='ar/'")
    feed = parse_feed(relative, url="http://feeds.example/f/atom.xml")
    assert feed.entries[0].url == "http://feeds.example/f/ar/news/1.html"


def test_content_location_is_the_base_of_relative_links() -> None:
    data = (
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><title>a</title><link>news/1.html</link></item></channel></rss>"
    )
    url = "http://proxy.example/cache/7"
    located = parse_feed(data, url=url, content_location="http://site.example/ar/rss.xml")
    assert located.entries[0].url == "http://site.example/ar/news/1.html"
    relative = parse_feed(data, url=url, content_location="/ar/rss.xml")
    assert relative.entries[0].url == "http://proxy.example/ar/news/1.html"
    unsafe = parse_feed(data, url=url, content_location="javascript:alert(1)")
    assert unsafe.entries[0].url == "http://proxy.example/cache/news/1.html"
    assert parse_feed(data, url=url).entries[0].url == "http://proxy.example/cache/news/1.html"


def test_a_document_without_a_feed_raises_only_the_feed_error() -> None:
    for data in (b"", b"  \n", b"<html><body>x</body></html>", b"\x00\xff\xfe junk"):
        with pytest.raises(FeedError) as raised:
            read_feed(data, url="https://x.example/feed")
        assert raised.value.code == BAD_FEED
        assert raised.value.message.startswith("not a feed") and "\n" not in str(raised.value)
    page = parse_feed(b"<!DOCTYPE html><html><body>x</body></html>")
    assert page.kind == "unknown" and page.message == "not a feed: the root element is <html>"


def test_the_encoding_named_by_the_server_is_used() -> None:
    title = "أمير منطقة عسير يستقبل المعزين"
    data = (
        f"<rss version='2.0'><channel><title>t</title><item><title>{title}</title>"
        "<link>https://x.example/1</link></item></channel></rss>"
    ).encode("windows-1256")
    feed = parse_feed(data, content_type="application/rss+xml; charset=windows-1256")
    assert feed.entries[0].title == title


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), cut=st.integers(min_value=0, max_value=2000))
def test_no_bytes_make_the_parser_raise(data: bytes, cut: int) -> None:
    """Random bytes, and a real feed cut anywhere with random bytes after the cut."""
    real = (FIXTURES / "feed-broken.xml").read_bytes()
    for document in (data, real[:cut] + data):
        try:
            feed = read_feed(document, url="https://x.example/feed")
        except FeedError as error:
            assert error.message and "\n" not in error.message
        else:
            assert all(
                e.url is None or e.url.startswith(("http://", "https://")) for e in feed.entries
            )
        parse_feed(document)


def test_a_failure_inside_the_feed_parser_is_a_feed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded\nwhile parsing")

    monkeypatch.setattr(feeds.feedparser, "parse", failing)
    with pytest.raises(FeedError, match="RecursionError"):
        read_feed(b"<rss><channel/></rss>")
    feed = parse_feed(b"<rss><channel/></rss>")
    assert feed.error == BAD_FEED and "\n" not in feed.message
