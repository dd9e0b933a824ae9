"""The fetcher against a real local HTTP server: politeness, retries, caps, results."""

from __future__ import annotations

import ipaddress
import itertools
import random
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from support.site_server import Logged, MakeSite, Response, SiteArticle, SiteServer

from marsad.errors import ROBOTS, TOO_LARGE, UNSUPPORTED
from marsad.ingest.dump import extract_document
from marsad.ingest.fetch import (
    CONNECT_ERROR,
    HTTP_ERROR,
    TIMEOUT,
    TOO_MANY_REDIRECTS,
    Fetcher,
    FetchPolicy,
    FetchRequest,
    RequestRecord,
)
from marsad.ingest.guard import ALLOW_PRIVATE_VARIABLE, PRIVATE_ADDRESS, refused_kind
from marsad.ingest.politeness import HostGates, backoff_seconds, parse_retry_after
from marsad.ingest.robots import ROBOTS_UNREACHABLE

DELAY = 0.05
POLICY = FetchPolicy(
    delay=DELAY,
    contact_url="https://marsad.example/about",
    connect_timeout=0.5,
    read_timeout=0.5,
    max_attempts=2,
    backoff_base=0.05,
    backoff_max=0.2,
)


def assert_polite(log: Sequence[Logged], spacing: float) -> None:
    """Requests to one host never overlap and each starts `spacing` after the last ended."""
    ordered = sorted(log, key=lambda entry: entry.started)
    for before, after in itertools.pairwise(ordered):
        assert after.started >= before.finished + spacing, (before.path, after.path)


def test_fetches_a_utf8_page_with_its_headers(
    site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/news/a1.html"))
    assert result.ok and result.status == 200 and result.error is None
    assert result.charset == "utf-8"
    assert site_articles[1].title in result.text()
    assert result.final_url == site.url("/news/a1.html")
    sent = site.requests_to("/news/a1.html")[0].headers
    assert sent["user-agent"].startswith("Marsad/")
    assert sent["user-agent"].endswith("(+https://marsad.example/about)")


def test_content_location_is_kept_as_sent(site: SiteServer) -> None:
    site.routes["/feed"] = lambda request: Response(
        b"<rss/>", "application/rss+xml", headers={"Content-Location": "/feeds/ar/main.xml"}
    )
    with Fetcher(POLICY) as fetcher:
        located = fetcher.fetch(site.url("/feed"))
        plain = fetcher.fetch(site.url("/news/a1.html"))
    assert located.ok and located.content_location == "/feeds/ar/main.xml"
    assert located.content_type == "application/rss+xml"
    assert plain.ok and plain.content_location is None


def test_windows_1256_page_declared_only_in_meta(
    site: SiteServer, site_articles: list[SiteArticle]
) -> None:
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/legacy/1.html"))
    assert result.ok and result.charset is None
    assert result.body is not None
    title = site_articles[0].title
    assert title.encode("utf-8") not in result.body  # really not UTF-8 on the wire
    article = extract_document(result.body, url=result.final_url, declared_charset=result.charset)
    assert article.title == title


def test_robots_disallowed_path_is_never_requested(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        blocked = fetcher.fetch(site.url("/private/secret.html"))
        allowed = fetcher.fetch(site.url("/news/a2.html"))
    assert blocked.error == ROBOTS and blocked.attempts == 0
    assert allowed.ok
    assert "/private/secret.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1  # read once, then cached


def test_redirect_into_a_disallowed_path_is_refused(site: SiteServer) -> None:
    site.routes["/moved"] = lambda r: Response(
        status=301, content_type=None, headers={"Location": "/private/secret.html"}
    )
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/moved"))
    assert result.error == ROBOTS
    assert "/private/secret.html" not in site.paths()


def test_crawl_delay_longer_than_our_delay_is_honoured(make_site: MakeSite) -> None:
    site = make_site(crawl_delay=0.2)
    with Fetcher(POLICY) as fetcher:
        for slug in ("a0", "a1", "a2"):
            assert fetcher.fetch(site.url(f"/news/{slug}.html")).ok
    assert len(site.log) == 4
    assert_polite(site.log, 0.2)


def test_missing_robots_allows_all_and_failing_robots_blocks_for_now(make_site: MakeSite) -> None:
    missing, failing = make_site(), make_site()
    del missing.routes["/robots.txt"]
    failing.routes["/robots.txt"] = lambda r: Response(b"down", status=500)
    with Fetcher(POLICY) as fetcher:
        assert fetcher.fetch(missing.url("/private/secret.html")).ok
        refused = fetcher.fetch(failing.url("/news/a0.html"))
    assert refused.error == ROBOTS_UNREACHABLE
    assert refused.message.startswith("robots.txt unreachable: http-error: HTTP 500")
    assert "disallowed until robots.txt is read again" in refused.message
    assert failing.paths() == ["/robots.txt"]


def test_a_robots_txt_that_cannot_be_reached_is_not_called_a_disallow(make_site: MakeSite) -> None:
    site = make_site()
    site.routes["/robots.txt"] = lambda r: Response(b"late", sleep=1.0)
    with Fetcher(replace(POLICY, read_timeout=0.2, max_attempts=1)) as fetcher:
        refused = fetcher.fetch(site.url("/news/a0.html"))
    assert refused.error == ROBOTS_UNREACHABLE and refused.attempts == 0
    assert refused.message.startswith("robots.txt unreachable: timeout")
    assert "/news/a0.html" not in site.paths()


def test_a_server_trickling_its_headers_costs_one_deadline(site: SiteServer) -> None:
    site.routes["/trickle"] = lambda r: Response(b"<html><body>x</body></html>", trickle=1.0)
    started = time.monotonic()
    with Fetcher(replace(POLICY, deadline=2.0, read_timeout=5.0, max_attempts=3)) as fetcher:
        result = fetcher.fetch(site.url("/trickle"))
    took = time.monotonic() - started
    assert result.error == TIMEOUT and result.attempts == 1  # not retried: time is up
    assert result.message.startswith("deadline passed")
    assert 2.0 <= took < 3.0


def test_stop_abandons_a_request_in_flight(site: SiteServer) -> None:
    site.routes["/trickle"] = lambda r: Response(b"<html><body>x</body></html>", trickle=1.0)
    with Fetcher(replace(POLICY, deadline=30.0, read_timeout=5.0)) as fetcher:
        threading.Timer(0.5, fetcher.stop).start()
        started = time.monotonic()
        result = fetcher.fetch(site.url("/trickle"))
    assert result.error == "cancelled" and time.monotonic() - started < 2.0


def test_private_addresses_are_refused_unless_allowed(
    site: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_VARIABLE)
    with Fetcher(POLICY) as fetcher:
        by_address = fetcher.fetch(site.url("/news/a0.html"))
        by_name = fetcher.fetch(site.url("/news/a1.html").replace("127.0.0.1", "localhost"))
    for result in (by_address, by_name):
        assert result.error == PRIVATE_ADDRESS and "loopback" in result.message
    assert "--allow-private" in by_address.message
    assert site.paths() == []  # not even robots.txt was asked for
    with Fetcher(replace(POLICY, allow_private=True)) as fetcher:
        assert fetcher.fetch(site.url("/news/a0.html")).ok


def test_a_public_name_resolving_to_a_private_address_is_refused(
    site: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = int(site.base.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def resolve(host: str, *args: object, **kwargs: object) -> object:
        if host == "news.example":  # checked after resolution, not on the name
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with Fetcher(replace(POLICY, allow_private=False)) as fetcher:
        result = fetcher.fetch(f"http://news.example:{port}/news/a0.html")
    assert result.error == PRIVATE_ADDRESS and "news.example" in result.message
    assert site.paths() == []
    with Fetcher(replace(POLICY, allow_private=True)) as fetcher:
        assert fetcher.fetch(f"http://news.example:{port}/news/a0.html").ok


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("fd00::1", "private"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("93.184.215.14", None),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert refused_kind(ipaddress.ip_address(address)) == kind


def test_404_is_an_http_error_without_retry(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/no-such-page"))
    assert (result.error, result.status, result.attempts, result.body) == (HTTP_ERROR, 404, 1, None)


def test_503_with_retry_after_succeeds_on_the_next_try(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/busy"))
    assert result.ok and result.attempts == 2
    first, second = site.requests_to("/busy")
    assert second.started >= first.finished + 1.0  # Retry-After: 1


def test_persistent_500_gives_up_after_the_attempt_limit(site: SiteServer) -> None:
    with Fetcher(replace(POLICY, max_attempts=3)) as fetcher:
        result = fetcher.fetch(site.url("/always-500"))
    assert (result.error, result.status, result.attempts) == (HTTP_ERROR, 500, 3)
    assert len(site.requests_to("/always-500")) == 3
    assert_polite(site.log, DELAY)


def test_redirect_chain_reports_the_final_url(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/old"))
    assert result.ok
    assert result.url == site.url("/old")
    assert result.final_url == site.url("/news/a0.html")
    assert result.redirects == (site.url("/older"), site.url("/news/a0.html"))


def test_redirect_loop_stops(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/loop-a"))
    assert result.error == TOO_MANY_REDIRECTS
    assert len(site.requests_to("/loop-a")) + len(site.requests_to("/loop-b")) <= 6


def test_redirect_limit_counts_hops(site: SiteServer) -> None:
    with Fetcher(replace(POLICY, max_redirects=1)) as fetcher:
        result = fetcher.fetch(site.url("/old"))
    assert result.error == TOO_MANY_REDIRECTS
    assert "/news/a0.html" not in site.paths()


def test_size_cap_with_and_without_content_length(site: SiteServer) -> None:
    with Fetcher(replace(POLICY, max_bytes=10_000)) as fetcher:
        declared = fetcher.fetch(site.url("/big"))
        streamed = fetcher.fetch(site.url("/big-stream"))
        small = fetcher.fetch(site.url("/news/a0.html"))
    assert declared.error == TOO_LARGE and declared.body is None
    assert streamed.error == TOO_LARGE and streamed.body is None
    assert small.ok


def test_a_server_that_never_answers_times_out(site: SiteServer) -> None:
    with Fetcher(replace(POLICY, read_timeout=0.3)) as fetcher:
        result = fetcher.fetch(site.url("/slow"))
    assert result.error == TIMEOUT and result.attempts == 2


def test_connection_refused_is_a_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Fetcher(replace(POLICY, respect_robots=False)) as fetcher:
        result = fetcher.fetch(f"http://127.0.0.1:{port}/")
    assert result.error == CONNECT_ERROR and result.attempts == 2


def test_etag_gives_not_modified_on_the_second_fetch(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        first = fetcher.fetch(site.url("/etag"))
        second = fetcher.fetch(site.url("/etag"), etag=first.etag)
    assert first.ok and first.etag == '"v1"'
    assert second.not_modified and second.body is None and not second.ok
    assert site.requests_to("/etag")[1].headers["if-none-match"] == '"v1"'


def test_last_modified_gives_not_modified_on_the_second_fetch(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        first = fetcher.fetch(site.url("/modified"))
        second = fetcher.fetch(site.url("/modified"), last_modified=first.last_modified)
    assert first.ok and first.last_modified == "Sun, 09 Aug 2015 14:26:01 GMT"
    assert second.not_modified
    assert site.requests_to("/modified")[1].headers["if-modified-since"] == first.last_modified


def test_pdf_is_rejected_as_unsupported(site: SiteServer) -> None:
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/report.pdf"))
    assert result.error == UNSUPPORTED and result.body is None


def test_untyped_binary_body_is_sniffed_and_rejected(site: SiteServer) -> None:
    site.routes["/download"] = lambda r: Response(
        b"%PDF-1.7 ...", content_type="application/octet-stream"
    )
    with Fetcher(POLICY) as fetcher:
        assert fetcher.fetch(site.url("/download")).error == UNSUPPORTED


def test_non_http_url_is_refused_without_a_request() -> None:
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch("ftp://127.0.0.1/file")
    assert result.error == "bad-url" and result.attempts == 0


def test_many_hosts_in_parallel_one_request_at_a_time_per_host(make_site: MakeSite) -> None:
    sites = [make_site(), make_site(), make_site()]
    records: list[RequestRecord] = []
    lock = threading.Lock()

    def remember(record: RequestRecord) -> None:
        with lock:
            records.append(record)

    requests = [FetchRequest(site.url(f"/news/a{n}.html")) for site in sites for n in range(6)]
    # A wide spacing, so that a loaded machine's scheduling jitter cannot make parallel
    # hosts look serial (each host's pages span about a second).
    delay = 0.2
    with Fetcher(replace(POLICY, delay=delay), on_request=remember) as fetcher:
        results = list(fetcher.fetch_many(requests))
    assert sorted(r.url for r in results) == sorted(r.url for r in requests)
    assert all(result.ok for result in results)
    assert len(records) == len(requests) + len(sites)  # pages + one robots.txt per host
    for site in sites:
        assert len(site.log) == 7
        assert_polite(site.log, delay)
    # Hosts are served side by side: each host's first page comes before any host's last.
    firsts = [min(entry.started for entry in site.log) for site in sites]
    lasts = [max(entry.started for entry in site.log) for site in sites]
    assert max(firsts) < min(lasts)


def test_stop_cancels_what_is_still_queued(site: SiteServer) -> None:
    fetcher = Fetcher(replace(POLICY, delay=0.2))
    requests = [site.url(f"/news/a{n}.html") for n in range(8)]
    results = []
    for result in fetcher.fetch_many(requests):
        results.append(result)
        if len(results) == 2:
            fetcher.stop()
    fetcher.close()
    assert len(results) == len(requests)
    assert sum(1 for r in results if r.ok) >= 2
    assert any(r.error == "cancelled" for r in results)
    assert len(site.log) < len(requests) + 1


def test_a_long_retry_after_ends_the_fetch_and_is_reported(site: SiteServer) -> None:
    site.routes["/overloaded"] = lambda r: Response(
        b"later", status=429, headers={"Retry-After": "3600"}
    )
    with Fetcher(POLICY) as fetcher:
        result = fetcher.fetch(site.url("/overloaded"))
    assert (result.error, result.status, result.attempts) == (HTTP_ERROR, 429, 1)
    assert result.retry_after == 3600.0  # for the scheduler to honour


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    now = datetime(2015, 8, 10, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Mon, 10 Aug 2015 12:01:30 GMT", now) == 90.0
    assert parse_retry_after("Mon, 10 Aug 2015 11:00:00 GMT", now) == 0.0  # already past
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    rng = random.Random(7)
    for attempt, step in ((1, 2.0), (2, 4.0), (3, 8.0), (10, 60.0)):
        waits = [backoff_seconds(attempt, 2.0, 60.0, rng) for _ in range(200)]
        assert all(step / 2 <= wait <= step for wait in waits)
        assert max(waits) - min(waits) > step / 4  # jittered, not constant


def test_a_host_turn_later_than_the_round_end_is_refused_at_once() -> None:
    gates = HostGates(0.01)
    gates.push_back("http://news.example", 60.0)  # e.g. a Retry-After of a minute
    started = time.monotonic()
    with gates.turn("http://news.example", until=started + 1.0) as go:
        assert not go
    with gates.turn("http://other.example", until=started + 1.0) as go:
        assert go
    assert time.monotonic() - started < 0.5


def test_a_round_end_while_robots_txt_is_read_cancels_without_blaming_the_site(
    site: SiteServer,
) -> None:
    robots = site.routes["/robots.txt"]
    slow = Response(b"User-agent: *\nDisallow: /private/\n", "text/plain", trickle=0.2)
    site.routes["/robots.txt"] = lambda request: slow if request.number == 1 else robots(request)
    with Fetcher(replace(POLICY, read_timeout=5.0)) as fetcher:
        started = time.monotonic()
        with fetcher.ending_at(started + 0.5):
            cut = fetcher.fetch(site.url("/news/a0.html"))
        assert time.monotonic() - started < 1.5
        after = fetcher.fetch(site.url("/news/a0.html"))  # robots.txt is read again
    assert cut.error == "cancelled" and cut.attempts == 0
    assert after.ok and len(site.requests_to("/robots.txt")) == 2
