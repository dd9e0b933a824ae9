"""Sitemaps: an index with a gzipped URL set and a Google News sitemap, over real HTTP."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.site_server import (
    Response,
    SiteArticle,
    SiteServer,
    atom,
    news_sitemap,
    rss,
    urlset,
)

from marsad.ingest.fetch import Fetcher, FetchPolicy, FetchResult
from marsad.ingest.sitemaps import (
    BAD_SITEMAP,
    SitemapTooLarge,
    SitemapTruncated,
    gunzip,
    parse_sitemap,
    read_sitemaps,
)

POLICY = FetchPolicy(delay=0.02, connect_timeout=0.5, read_timeout=0.5, max_attempts=1)
BASE = "http://news.example"


def test_index_gzip_and_news_sitemaps_over_http(
    site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    with Fetcher(POLICY) as fetcher:
        crawl = read_sitemaps(site.url("/sitemap_index.xml"), fetcher.fetch)
    assert crawl.problems == ()
    assert crawl.fetched == (
        site.url("/sitemap_index.xml"),
        site.url("/sitemaps/pages.xml.gz"),
        site.url("/sitemaps/news.xml"),
    )
    pages = [u for u in crawl.urls if u.news_title is None]
    news = [u for u in crawl.urls if u.news_title is not None]
    assert [u.url for u in pages] == [site.url(f"/news/{a.slug}.html") for a in site_articles]
    assert [u.lastmod for u in pages] == [a.published.isoformat() for a in site_articles]
    assert [u.news_title for u in news] == [a.title for a in site_articles[:3]]
    assert [u.news_published for u in news] == [a.published.isoformat() for a in site_articles[:3]]
    assert {u.news_language for u in news} == {"ar"}


def test_children_older_than_modified_since_are_skipped(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        crawl = read_sitemaps(
            site.url("/sitemap_index.xml"), fetcher.fetch, modified_since="2015-08-12"
        )
    # pages.xml.gz has lastmod 2015-08-11; news.xml has none, so it is still read
    assert crawl.fetched == (site.url("/sitemap_index.xml"), site.url("/sitemaps/news.xml"))


def test_depth_and_count_are_bounded() -> None:
    def index_of(url: str) -> bytes:
        child = url.rsplit("/", 1)[0] + "/" + str(int(url.rsplit("/", 1)[1]) + 1)
        return (
            b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + f"<sitemap><loc>{child}</loc></sitemap>".encode()
            + b"</sitemapindex>"
        )

    def fetch(url: str) -> FetchResult:
        return FetchResult(url, url, status=200, body=index_of(url))

    deep = read_sitemaps(BASE + "/0", fetch, max_depth=2)
    assert deep.fetched == (BASE + "/0", BASE + "/1", BASE + "/2")
    assert [p.url for p in deep.problems] == [BASE + "/3"]
    wide = read_sitemaps(BASE + "/0", fetch, max_depth=10, max_files=4)
    assert len(wide.fetched) == 4 and wide.problems[0].code == BAD_SITEMAP


def test_a_failed_child_is_a_problem_not_an_exception(site: SiteServer) -> None:
    site.routes["/sitemap_index.xml"] = lambda r: Response(
        (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{site.url('/gone.xml')}</loc></sitemap>"
            f"<sitemap><loc>{site.url('/sitemaps/news.xml')}</loc></sitemap></sitemapindex>"
        ).encode(),
        content_type="application/xml",
    )
    with Fetcher(POLICY) as fetcher:
        crawl = read_sitemaps(site.url("/sitemap_index.xml"), fetcher.fetch)
    assert [(p.url, p.code) for p in crawl.problems] == [(site.url("/gone.xml"), "http-error")]
    assert len(crawl.urls) == 3


def test_gzip_is_recognised_by_content_not_name(site_articles: list[SiteArticle]) -> None:
    plain = urlset(BASE, site_articles).encode()
    assert parse_sitemap(gzip.compress(plain)).urls == parse_sitemap(plain).urls
    assert len(parse_sitemap(plain).urls) == len(site_articles)


def test_gzip_bomb_guard_and_broken_gzip() -> None:
    big = gzip.compress(b"<urlset>" + b" " * 200_000 + b"</urlset>")
    assert len(gunzip(big, limit=300_000)) > 200_000
    with pytest.raises(SitemapTooLarge, match="larger"):
        gunzip(big, limit=100_000)
    assert parse_sitemap(b"\x1f\x8bnot really gzip").error == BAD_SITEMAP


def test_news_sitemap_fields(site_articles: list[SiteArticle]) -> None:
    article = site_articles[0]
    sitemap = parse_sitemap(news_sitemap(BASE, [article]).encode())
    (entry,) = sitemap.urls
    assert entry.url == f"{BASE}/news/{article.slug}.html"
    assert entry.news_title == article.title
    assert entry.news_published == article.published.isoformat()


def test_plain_text_sitemap_and_garbage() -> None:
    text = parse_sitemap(b"https://a.example/1\nhttps://a.example/2\n")
    assert text.kind == "text" and [u.url for u in text.urls] == [
        "https://a.example/1",
        "https://a.example/2",
    ]
    assert parse_sitemap(b"hello world").error == BAD_SITEMAP
    assert parse_sitemap(b"<html><body>x</body></html>").error == BAD_SITEMAP
    broken = parse_sitemap(b"<urlset><url><loc>https://a.example/1</loc></url><url><loc>")
    assert broken.error == BAD_SITEMAP and [u.url for u in broken.urls] == ["https://a.example/1"]


def test_a_utf8_bom_and_blank_lines_before_the_xml_are_ignored(
    site_articles: list[SiteArticle],
) -> None:
    plain = urlset(BASE, site_articles).encode()
    for prefix in (b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n  ", b"\r\n\t"):
        sitemap = parse_sitemap(prefix + plain)
        assert sitemap.error is None and sitemap.kind == "urlset"
        assert [u.url for u in sitemap.urls] == [
            f"{BASE}/news/{a.slug}.html" for a in site_articles
        ]
    text = parse_sitemap(b"\xef\xbb\xbfhttps://a.example/1\nhttps://a.example/2\n")
    assert text.kind == "text" and len(text.urls) == 2 and text.skipped == ()


def test_a_feed_served_as_a_sitemap_is_read_as_a_feed(site_articles: list[SiteArticle]) -> None:
    articles = site_articles[:4]
    expected = [f"{BASE}/news/{a.slug}.html" for a in articles]
    from_rss = parse_sitemap(rss(BASE, articles).encode(), url=BASE + "/sitemap.xml")
    assert from_rss.kind == "feed" and from_rss.error is None
    assert [u.url for u in from_rss.urls] == expected
    assert [u.lastmod for u in from_rss.urls] == [a.published.isoformat() for a in articles]
    # Atom with relative links (xml:base), and gzipped with a BOM in front
    data = gzip.compress(b"\xef\xbb\xbf" + atom(BASE, articles).encode())
    from_atom = parse_sitemap(data, url=BASE + "/sitemap.xml.gz")
    assert from_atom.kind == "feed" and [u.url for u in from_atom.urls] == expected


def test_a_feed_served_as_a_sitemap_is_read_with_its_http_headers(site: SiteServer) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>أخبار</title>'
        "<item><link>الرياضة/1.html</link></item></channel></rss>"
    ).encode("windows-1256")
    site.routes["/sitemap.xml"] = lambda request: Response(
        feed,
        "application/rss+xml; charset=windows-1256",
        headers={"Content-Location": "/ar/"},
    )
    with Fetcher(POLICY) as fetcher:
        crawl = read_sitemaps(site.url("/sitemap.xml"), fetcher.fetch)
    assert crawl.problems == ()
    assert [u.url for u in crawl.urls] == [site.url("/ar/الرياضة/1.html")]


def test_text_sitemap_keeps_every_url_and_counts_junk_lines() -> None:
    data = (
        b"https://a.example/1\n"
        b"<html>oops</html>\n"
        b"https://a.example/2\n"
        b"http://[broken/\n"
        b"/relative/3\n"
        b"   \n"
        b"https://a.example/4\n"
    )
    sitemap = parse_sitemap(data)
    assert sitemap.error is None and sitemap.kind == "text"
    assert [u.url for u in sitemap.urls] == [f"https://a.example/{n}" for n in (1, 2, 4)]
    assert [p.url for p in sitemap.skipped] == [
        "<html>oops</html>",
        "http://[broken/",
        "/relative/3",
    ]
    assert {p.code for p in sitemap.skipped} == {"bad-url"}


def test_locations_with_a_bad_host_are_skipped_not_raised() -> None:
    data = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://[foo/</loc></url>"
        b"<url><loc>https://a.example/]x[</loc></url>"
        b"<url><loc>/relative</loc></url>"
        b"<url><lastmod>2015-08-09</lastmod></url>"
        b"<url><loc>https://a.example/ok</loc></url></urlset>"
    )
    sitemap = parse_sitemap(data, url="https://a.example/sitemap.xml")
    assert sitemap.error is None
    assert [u.url for u in sitemap.urls] == [
        "https://a.example/]x[",
        "https://a.example/relative",
        "https://a.example/ok",
    ]
    assert [(p.url, p.code) for p in sitemap.skipped] == [
        ("http://[foo/", "bad-url"),
        ("", BAD_SITEMAP),
    ]


def test_undeclared_news_prefix_in_a_sitemap_is_read() -> None:
    data = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://a.example/1</loc><news:news><news:title>\xd8\xae\xd8\xa8\xd8\xb1"
        b"</news:title></news:news></url></urlset>"
    )
    sitemap = parse_sitemap(data)
    assert sitemap.error == BAD_SITEMAP  # not well-formed: the prefix is undeclared
    assert [(u.url, u.news_title) for u in sitemap.urls] == [("https://a.example/1", "خبر")]


def test_a_truncated_gzip_sitemap_is_a_clear_error_with_what_was_read(
    site_articles: list[SiteArticle],
) -> None:
    whole = gzip.compress(urlset(BASE, site_articles).encode())
    expected = [f"{BASE}/news/{a.slug}.html" for a in site_articles]
    cut = whole[: len(whole) * 2 // 3]
    sitemap = parse_sitemap(cut)
    assert sitemap.error == "truncated"
    assert sitemap.message.startswith("gzip data truncated")
    # only whole URLs: never one cut in the middle of its <loc>
    assert 0 < len(sitemap.urls) < len(site_articles)
    assert [u.url for u in sitemap.urls] == expected[: len(sitemap.urls)]
    lines = "".join(url + "\n" for url in expected).encode()
    text = parse_sitemap(gzip.compress(lines)[:-30])
    assert text.error == "truncated" and text.kind == "text"
    assert [u.url for u in text.urls] == expected[: len(text.urls)]
    with pytest.raises(SitemapTruncated):
        gunzip(cut)
    header_only = parse_sitemap(whole[:12])
    assert header_only.error in ("truncated", BAD_SITEMAP) and header_only.urls == ()


def test_a_truncated_child_is_a_problem_of_the_walk(site_articles: list[SiteArticle]) -> None:
    child = gzip.compress(urlset(BASE, site_articles).encode())
    bodies = {
        BASE + "/index.xml": (
            b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<sitemap><loc>" + BASE.encode() + b"/pages.xml.gz</loc></sitemap></sitemapindex>"
        ),
        BASE + "/pages.xml.gz": child[:-40],
    }

    def fetch(url: str) -> FetchResult:
        return FetchResult(url, url, status=200, body=bodies[url])

    crawl = read_sitemaps(BASE + "/index.xml", fetch)
    assert [(p.url, p.code) for p in crawl.problems] == [(BASE + "/pages.xml.gz", "truncated")]
    assert 0 < len(crawl.urls) < len(site_articles)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), cut=st.integers(min_value=0, max_value=600))
def test_no_bytes_make_the_sitemap_parser_raise(data: bytes, cut: int) -> None:
    """Random bytes, and a real sitemap (plain and gzipped) cut anywhere, junk after it."""
    plain = (
        b"\xef\xbb\xbf<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        b"<url><loc>https://a.example/1</loc><lastmod>2015-08-09</lastmod></url>"
        b"<url><loc>http://[x/</loc></url><url><loc>https://a.example/2</loc></url></urlset>"
    )
    for document in (data, plain[:cut] + data, gzip.compress(plain)[:cut] + data):
        sitemap = parse_sitemap(document, url="https://a.example/sitemap.xml")
        assert all(u.url.startswith(("http://", "https://")) for u in sitemap.urls)
        assert sitemap.error is not None or sitemap.kind != "unknown"
