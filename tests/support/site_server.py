"""A real HTTP server on 127.0.0.1 serving a small Arabic news site, for fetch and crawl tests.

Routes are plain functions of the request; every request is logged with server-side
monotonic start and end times (same clock as the fetcher, same process), so tests can
check that requests to one host never overlap and are spaced by the delay.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "site"
RIYADH = timezone(timedelta(hours=3))


@dataclass(frozen=True)
class Request:
    path: str
    headers: Mapping[str, str]
    number: int  # how many times this path was requested before, plus one


@dataclass(frozen=True)
class Response:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    sleep: float = 0.0  # seconds to stall before answering
    send_length: bool = True
    trickle: float = 0.0  # seconds between single bytes of the status line and headers


@dataclass
class Logged:
    """One request as the server saw it; `finished` is set once the answer was written."""

    path: str
    headers: Mapping[str, str]
    started: float
    finished: float = float("inf")


Route = Callable[[Request], Response]
MakeSite = Callable[..., "SiteServer"]  # the conftest fixture that starts fixture sites


class SiteServer:
    """A threaded HTTP server on an ephemeral local port, with a request log."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self._log: list[Logged] = []
        self._in_flight = 0
        self._lock = threading.Condition()
        self._counts: dict[str, int] = {}
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def _serve(self) -> None:
        self._httpd.serve_forever(poll_interval=0.05)

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def log(self) -> list[Logged]:
        """Every request so far, once those in progress have been answered.

        A request is logged as soon as it arrives (so a client that got its answer
        always finds it here) and completed after its answer was written; waiting for
        that keeps `finished` honest without racing the client.
        """
        with self._lock:
            self._lock.wait_for(lambda: self._in_flight == 0, timeout=5)
            return list(self._log)

    def paths(self) -> list[str]:
        return [entry.path for entry in self.log]

    def requests_to(self, path: str) -> list[Logged]:
        return [entry for entry in self.log if entry.path == path]

    def _count(self, path: str) -> int:
        with self._lock:
            self._counts[path] = self._counts.get(path, 0) + 1
            return self._counts[path]

    def _arrived(self, entry: Logged) -> None:
        with self._lock:
            self._log.append(entry)
            self._in_flight += 1

    def _answered(self, entry: Logged) -> None:
        with self._lock:
            entry.finished = time.monotonic()
            self._in_flight -= 1
            self._lock.notify_all()


def _handler_for(server: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            headers = {key.lower(): value for key, value in self.headers.items()}
            entry = Logged(path, headers, time.monotonic())
            server._arrived(entry)
            try:
                route = server.routes.get(path, _not_found)
                self._send(route(Request(path, headers, server._count(path))))
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                server._answered(entry)

        def _send(self, response: Response) -> None:
            if response.sleep:
                time.sleep(response.sleep)
            if response.trickle:
                self._trickle(response)
                return
            self.send_response(response.status)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            if response.send_length:
                self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            for start in range(0, len(response.body), 8192):
                self.wfile.write(response.body[start : start + 8192])
            self.wfile.flush()

        def _trickle(self, response: Response) -> None:
            """The answer one byte at a time, as a server stuck in a slow loop sends it."""
            head = f"HTTP/1.1 {response.status} OK\r\n"
            if response.content_type:
                head += f"Content-Type: {response.content_type}\r\n"
            head += f"Content-Length: {len(response.body)}\r\n\r\n"
            for byte in head.encode("latin-1") + response.body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(response.trickle)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the log that matters is `server.log`."""

    return Handler


def _not_found(request: Request) -> Response:
    return Response(b"<html><body>not found</body></html>", status=404)


def static(body: bytes, content_type: str | None, **extra: Any) -> Route:
    response = Response(body=body, content_type=content_type, **extra)
    return lambda request: response


# ---------------------------------------------------------------- the site's content


@dataclass(frozen=True)
class SiteArticle:
    """A real article (SaudiNewsNet) as the fixture site publishes it."""

    slug: str
    title: str
    text: str
    published: datetime
    source: str

    def html(self, charset: str = "utf-8", header_meta: bool = True) -> str:
        paragraphs = "".join(
            f"<p>{escape(line.strip())}</p>\n" for line in self.text.splitlines() if line.strip()
        )
        meta = f'<meta charset="{charset}">' if header_meta else ""
        return (
            f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head>{meta}'
            f"<title>{escape(self.title)}</title></head><body>"
            f'<nav><a href="/">الرئيسية</a></nav>'
            f"<article><h1>{escape(self.title)}</h1>\n{paragraphs}</article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>"
        )


def build_site(base: str, articles: list[SiteArticle], crawl_delay: float) -> dict[str, Route]:
    """All routes of the fixture site at `base` (its host is known only once bound)."""
    html = "text/html; charset=utf-8"
    routes: dict[str, Route] = {
        "/": static(_home(articles).encode(), html),
        "/robots.txt": static(_robots(base, crawl_delay).encode(), "text/plain"),
        "/rss.xml": static(rss(base, articles[:5]).encode(), "application/rss+xml"),
        "/atom.xml": static(atom(base, articles[5:]).encode(), "application/atom+xml"),
        "/feed-broken.xml": static((FIXTURES / "feed-broken.xml").read_bytes(), "text/xml"),
        "/sitemap_index.xml": static(_sitemap_index(base).encode(), "application/xml"),
        "/sitemaps/pages.xml.gz": static(
            gzip.compress(urlset(base, articles).encode()), "application/x-gzip"
        ),
        "/sitemaps/news.xml": static(news_sitemap(base, articles[:3]).encode(), "text/xml"),
        "/private/secret.html": static(b"<html><body>secret</body></html>", html),
        "/report.pdf": static(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
    }
    for article in articles:
        routes[f"/news/{article.slug}.html"] = static(article.html().encode(), html)
    legacy = articles[0].html(charset="windows-1256")
    routes["/legacy/1.html"] = static(
        legacy.encode("windows-1256", errors="xmlcharrefreplace"), "text/html"
    )
    routes.update(_troublemakers(articles[0]))
    return routes


def _troublemakers(article: SiteArticle) -> dict[str, Route]:
    """Routes that misbehave in the ways real servers do."""
    page = article.html().encode()
    big = ("<html><body>" + "<p>" + "نص طويل " * 4000 + "</p></body></html>").encode()
    return {
        "/busy": lambda r: (
            Response(b"busy", status=503, headers={"Retry-After": "1"})
            if r.number == 1
            else Response(page)
        ),
        "/always-500": static(b"oops", "text/plain", status=500),
        "/old": static(b"", None, status=301, headers={"Location": "/older"}),
        "/older": static(
            b"", None, status=301, headers={"Location": "/news/" + article.slug + ".html"}
        ),
        "/loop-a": static(b"", None, status=302, headers={"Location": "/loop-b"}),
        "/loop-b": static(b"", None, status=302, headers={"Location": "/loop-a"}),
        "/big": static(big, "text/html; charset=utf-8"),
        "/big-stream": static(big, "text/html; charset=utf-8", send_length=False),
        "/slow": static(page, "text/html; charset=utf-8", sleep=1.5),
        "/etag": _with_etag(page, '"v1"'),
        "/modified": _with_last_modified(page, "Sun, 09 Aug 2015 14:26:01 GMT"),
    }


def _with_etag(body: bytes, etag: str) -> Route:
    def route(request: Request) -> Response:
        if request.headers.get("if-none-match") == etag:
            return Response(status=304, content_type=None, headers={"ETag": etag})
        return Response(body, headers={"ETag": etag})

    return route


def _with_last_modified(body: bytes, stamp: str) -> Route:
    def route(request: Request) -> Response:
        if request.headers.get("if-modified-since") == stamp:
            return Response(status=304, content_type=None)
        return Response(body, headers={"Last-Modified": stamp})

    return route


def _home(articles: list[SiteArticle]) -> str:
    links = "".join(
        f'<li><a href="/news/{a.slug}.html">{escape(a.title)}</a></li>' for a in articles
    )
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        "<title>صحيفة الاختبار</title>"
        '<link rel="alternate" type="application/rss+xml" title="آخر الأخبار" href="/rss.xml">'
        '<link rel="alternate" type="application/atom+xml" title="أتوم" href="/atom.xml">'
        '<link rel="stylesheet" href="/style.css">'
        f"</head><body><ul>{links}</ul></body></html>"
    )


def _robots(base: str, crawl_delay: float) -> str:
    return (
        "# fixture site\nUser-agent: *\nDisallow: /private/\n"
        f"Crawl-delay: {crawl_delay}\n\nSitemap: {base}/sitemap_index.xml\n"
    )


def rss(base: str, articles: list[SiteArticle]) -> str:
    items = "".join(
        "<item>"
        f"<title>{escape(a.title)}</title>"
        f"<link>{base}/news/{a.slug}.html</link>"
        f'<guid isPermaLink="false">snn:{a.slug}</guid>'
        f"<pubDate>{format_datetime(a.published)}</pubDate>"
        f"<description>{escape('<p>' + escape(a.text[:200]) + '</p>')}</description>"
        "</item>\n"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>صحيفة الاختبار</title><link>{base}/</link>"
        f"<description>آخر الأخبار</description>\n{items}</channel></rss>"
    )


def atom(base: str, articles: list[SiteArticle]) -> str:
    entries = "".join(
        "<entry>"
        f"<title>{escape(a.title)}</title>"
        f'<link rel="alternate" type="text/html" href="/news/{a.slug}.html"/>'
        f"<id>tag:test,2015:{a.slug}</id>"
        f"<published>{a.published.isoformat()}</published>"
        f"<updated>{a.published.isoformat()}</updated>"
        f"<summary>{escape(a.text[:200])}</summary>"
        "</entry>\n"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base={quoteattr(base + "/")}>'
        f"<title>أتوم الاختبار</title><id>{base}/</id>"
        f"<updated>2015-08-11T00:00:00+03:00</updated>\n{entries}</feed>"
    )


def _sitemap_index(base: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemaps/pages.xml.gz</loc><lastmod>2015-08-11</lastmod></sitemap>"
        f"<sitemap><loc>{base}/sitemaps/news.xml</loc></sitemap>"
        "</sitemapindex>"
    )


def urlset(base: str, articles: list[SiteArticle]) -> str:
    urls = "".join(
        f"<url><loc>{base}/news/{a.slug}.html</loc>"
        f"<lastmod>{a.published.isoformat()}</lastmod></url>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def news_sitemap(base: str, articles: list[SiteArticle]) -> str:
    urls = "".join(
        f"<url><loc>{base}/news/{a.slug}.html</loc><news:news>"
        "<news:publication><news:name>صحيفة الاختبار</news:name>"
        "<news:language>ar</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    )
