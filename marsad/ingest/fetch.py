"""Polite HTTP fetching for live collection: results are values, never exceptions.

How the pieces of live collection fit, for one round of a crawl service:

1. `schedule.due_sources(states, now)` names the sources to poll (pure policy).
2. `Fetcher.fetch(source_url, etag=..., last_modified=...)` fetches each one with a
   conditional GET; `FetchResult.not_modified` means nothing changed.
3. `discover.classify(...)` says whether the body is a feed or a sitemap;
   `feeds.parse_feed` (given the result's `content_type` and `content_location`, whose
   charset and base the document itself may not state) / `sitemaps.parse_sitemap` (or
   `sitemaps.read_sitemaps` for an index) give entry URLs; URLs already stored (by
   `canonical_url`) are dropped.
4. `Fetcher.fetch_many(urls)` fetches the new pages, many hosts in parallel and one
   request at a time per host; each body goes to `extract_document(result.body,
   url=result.final_url, declared_charset=result.charset)`.
5. `schedule.after_success` / `after_failure` give each source its next state and
   due time. `discover.discover(home_url, fetcher)` runs once when a home page is
   added as a source, and `opml` imports and exports source lists.

The fetcher itself reads robots.txt once per host, waits its turn per host
(`politeness`), retries transient failures with backoff, follows a bounded number of
redirects and stops reading a body past a size cap. Each request (connect, headers and
body together) ends at an overall deadline, and hosts that resolve to loopback,
link-local or private addresses are refused unless allowed (`guard`). Every outcome,
good or bad, is a frozen `FetchResult` with a stable error code, so a crawl can count
and show them.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import metadata
from urllib.parse import urljoin, urlsplit

import httpx

from marsad.errors import (
    BAD_URL,
    CANCELLED,
    CONNECT_ERROR,
    HTTP_ERROR,
    NETWORK_ERROR,
    TIMEOUT,
    TOO_LARGE,
    TOO_MANY_REDIRECTS,
    UNSUPPORTED,
)
from marsad.ingest.encoding import charset_from_content_type, decode_bytes
from marsad.ingest.guard import (
    PRIVATE_ADDRESS,
    DeadlineExceeded,
    GuardedTransport,
    PrivateAddressError,
    RequestStopped,
    deadline,
    private_allowed_by_environment,
)
from marsad.ingest.politeness import HostGates, backoff_seconds, host_key, parse_retry_after
from marsad.ingest.robots import RobotsCache, RobotsRules, rules_from_response

# What is worth trying again (later in the fetch, or in a later crawl round): the one
# definition of a transient failure.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_ERRORS = frozenset({TIMEOUT, CONNECT_ERROR, NETWORK_ERROR})
DEADLINE_MESSAGE = "deadline passed"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_AGENT = "marsad"
# Media types worth reading: pages, feeds, sitemaps (plain or gzipped), plain text.
ACCEPTED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/rss",
        "text/plain",
        "application/gzip",
        "application/x-gzip",
    }
)
# Types that say nothing (sniffed instead) and leading bytes of formats never wanted.
UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream"})
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"RIFF", b"ID3")
ACCEPT_HEADER = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)


def user_agent(contact_url: str | None) -> str:
    """`Marsad/<version> (+<contact URL>)`: who we are and where to complain."""
    try:
        version = metadata.version("marsad")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"Marsad/{version} (+{contact_url})" if contact_url else f"Marsad/{version}"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and how patiently to fetch; times in seconds, sizes in bytes."""

    delay: float = 1.0  # minimum gap between two requests to one host
    contact_url: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 30.0  # one request whole (connect + headers + body), however it drips
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_attempts: int = 4
    backoff_base: float = 2.0
    backoff_max: float = 120.0
    max_retry_after: float = 300.0  # a longer Retry-After ends the fetch instead
    max_crawl_delay: float = 120.0
    robots_retry: float = 600.0  # re-read an unreachable robots.txt after this long
    respect_robots: bool = True
    max_workers: int = 8  # hosts fetched in parallel by fetch_many
    # fetch loopback, link-local and private addresses; None: MARSAD_ALLOW_PRIVATE decides
    allow_private: bool | None = None


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One URL to fetch, with the validators of the copy the caller already has."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What came of fetching one URL. `error` is None on success and on 304."""

    url: str
    final_url: str
    status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes | None = None
    error: str | None = None
    message: str = ""
    attempts: int = 0
    elapsed: float = 0.0
    redirects: tuple[str, ...] = ()
    retry_after: float | None = None
    location: str | None = None  # where a redirect that was not followed pointed
    # the Content-Location header as sent: the base of a feed's relative links
    content_location: str | None = None

    @property
    def ok(self) -> bool:
        """A body was received (HTTP 2xx)."""
        return self.error is None and self.body is not None

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    @property
    def charset(self) -> str | None:
        """The charset the server declared, for `decode_bytes`."""
        return charset_from_content_type(self.content_type)

    def text(self) -> str:
        """The body as text (BOM, header charset, meta charset, detection); may raise."""
        return decode_bytes(self.body or b"", self.charset, self.final_url)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that went wrong with one URL while reading a source: code and message."""

    url: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One HTTP request actually sent, for tests and health pages; times are monotonic."""

    url: str
    purpose: str  # "robots" or "fetch"
    started: float
    finished: float
    status: int | None
    error: str | None


@dataclass(slots=True)
class _Progress:
    attempts: int = 0
    redirects: list[str] = field(default_factory=list)


class Fetcher:
    """A polite HTTP client: robots.txt, per-host turns, retries, caps. Thread-safe.

    `on_request` is called (from worker threads) after every request sent, robots.txt
    included. `transport` and `seed` exist for tests (a transport given replaces the
    guarded one, so neither deadline nor address checks apply). Close it, or use it as
    a context manager; `stop()` makes waiting, queued and in-flight fetches end at once
    as `cancelled`.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        on_request: Callable[[RequestRecord], None] | None = None,
        transport: httpx.BaseTransport | None = None,
        seed: int | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._on_request = on_request
        self._stopped = threading.Event()
        self._ends: float | None = None  # monotonic end of the current crawl round
        self._gates = HostGates(self.policy.delay, self._stopped)
        self._robots = RobotsCache(self._load_robots, self.policy.robots_retry)
        self._rng = random.Random(seed)
        timeout = httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout)
        self._client = httpx.Client(
            headers={"User-Agent": user_agent(self.policy.contact_url), "Accept": ACCEPT_HEADER},
            timeout=timeout,
            follow_redirects=False,
            transport=transport or GuardedTransport(self.private_allowed),
            trust_env=False,
        )

    @property
    def private_allowed(self) -> bool:
        """Whether hosts on loopback, link-local or private addresses may be fetched."""
        allowed = self.policy.allow_private
        return private_allowed_by_environment() if allowed is None else allowed

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.stop()
        self._client.close()

    def stop(self) -> None:
        self._stopped.set()

    @contextmanager
    def ending_at(self, moment: float) -> Iterator[None]:
        """Inside, requests end by `moment` (monotonic time) at the latest: a round's end.

        A request cut short by it, or not sent because of it, is `cancelled` (not the
        site's fault), so the caller keeps it for later.
        """
        previous, self._ends = self._ends, moment
        try:
            yield
        finally:
            self._ends = previous

    def _time_left(self) -> float:
        return float("inf") if self._ends is None else self._ends - time.monotonic()

    def robots_for(self, url: str) -> RobotsRules:
        """The robots.txt rules of `url`'s host, read once per fetcher."""
        return self._robots.rules(host_key(url))

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch one URL politely; a conditional GET when validators are given."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        progress = _Progress()
        result = self._follow(url, headers, progress)
        return replace(
            result,
            attempts=progress.attempts,
            elapsed=time.monotonic() - started,
            redirects=tuple(progress.redirects),
        )

    def fetch_many(self, requests: Iterable[FetchRequest | str]) -> Iterator[FetchResult]:
        """Fetch many URLs: hosts in parallel, each host's URLs in order, one at a time.

        Results come in completion order; `result.url` says which request each answers.
        Leaving the loop early lets fetches in progress finish and skips the rest.
        """
        batches: dict[str, list[FetchRequest]] = {}
        for item in requests:
            request = FetchRequest(item) if isinstance(item, str) else item
            batches.setdefault(host_key(request.url), []).append(request)
        total = sum(len(batch) for batch in batches.values())
        if total == 0:
            return
        done: queue.Queue[FetchResult] = queue.Queue()
        abandon = threading.Event()
        workers = max(1, min(self.policy.max_workers, len(batches)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="marsad-fetch") as pool:
            futures = [pool.submit(self._run_batch, b, done, abandon) for b in batches.values()]
            try:
                yield from _drain(done, total, futures)
            finally:
                abandon.set()

    def _run_batch(
        self, batch: list[FetchRequest], done: queue.Queue[FetchResult], abandon: threading.Event
    ) -> None:
        for request in batch:
            if abandon.is_set() or self._stopped.is_set():
                done.put(FetchResult(request.url, request.url, error=CANCELLED, message="stopped"))
                continue
            done.put(
                self.fetch(request.url, etag=request.etag, last_modified=request.last_modified)
            )

    def _follow(self, url: str, headers: dict[str, str], progress: _Progress) -> FetchResult:
        """Fetch `url`, following redirects one hop at a time (each hop is polite)."""
        current = url
        seen = {url}
        for _ in range(self.policy.max_redirects + 1):
            refusal = self._refusal(url, current)
            if refusal is not None:
                return refusal
            result = self._with_retries(url, current, headers, progress, purpose="fetch")
            location = _redirect_target(result)
            if location is None:
                return result
            if location in seen:
                message = f"redirect loop at {location}"
                return replace(result, error=TOO_MANY_REDIRECTS, message=message)
            seen.add(location)
            progress.redirects.append(location)
            current = location
        message = f"more than {self.policy.max_redirects} redirects"
        return _failure(url, current, TOO_MANY_REDIRECTS, message)

    def _refusal(self, url: str, current: str) -> FetchResult | None:
        """A result that ends the fetch before sending anything, or None to go on."""
        if urlsplit(current).scheme not in ("http", "https") or not urlsplit(current).netloc:
            return _failure(url, current, BAD_URL, "not an http(s) URL")
        if self._stopped.is_set() or self._time_left() <= 0:
            return _failure(url, current, CANCELLED, "stopped")
        if self.policy.respect_robots:
            rules = self.robots_for(current)
            if not rules.keep:  # not read: the fetcher stopped or the round ended first
                return _failure(url, current, CANCELLED, "stopped before robots.txt was read")
            refused = rules.refusal(current)
            if refused is not None:
                return _failure(url, current, *refused)
        return None

    def _with_retries(
        self,
        url: str,
        current: str,
        headers: dict[str, str],
        progress: _Progress,
        purpose: str,
        max_attempts: int | None = None,
    ) -> FetchResult:
        """One hop, retried on transient failures; the waits push the host's next turn."""
        limit = max_attempts or self.policy.max_attempts
        for attempt in range(1, limit + 1):
            progress.attempts += 1
            result = self._attempt(url, current, headers, purpose)
            if attempt == limit or not _transient(result):
                return result
            wait = result.retry_after
            if wait is None:
                policy = self.policy
                wait = backoff_seconds(attempt, policy.backoff_base, policy.backoff_max, self._rng)
            elif wait > self.policy.max_retry_after:
                return result
            self._gates.push_back(host_key(current), wait)
        raise AssertionError("unreachable: the last attempt always returns")

    def _attempt(
        self, url: str, current: str, headers: dict[str, str], purpose: str
    ) -> FetchResult:
        """Send one GET in the host's turn and read the answer within the caps."""
        with self._gates.turn(host_key(current), self._ends) as go:
            if not go:
                return _failure(url, current, CANCELLED, "stopped")
            started = time.monotonic()
            seconds = self.policy.deadline
            round_left = self._time_left()
            try:
                with (
                    deadline(min(seconds, round_left), self._stopped),
                    self._client.stream("GET", current, headers=headers) as response,
                ):
                    result = self._read(url, current, response)
            except DeadlineExceeded:
                if round_left < seconds:
                    result = _failure(url, current, CANCELLED, "round deadline reached")
                else:
                    message = f"{DEADLINE_MESSAGE}: no complete answer within {seconds:g} s"
                    result = _failure(url, current, TIMEOUT, message)
            except RequestStopped:
                result = _failure(url, current, CANCELLED, "stopped while in flight")
            except PrivateAddressError as error:
                result = _failure(url, current, PRIVATE_ADDRESS, error.message)
            except httpx.TimeoutException as error:
                result = _failure(url, current, TIMEOUT, _describe(error, "timed out"))
            except httpx.ConnectError as error:
                result = _failure(url, current, CONNECT_ERROR, _describe(error, "cannot connect"))
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
                result = _failure(url, current, BAD_URL, _describe(error, "bad URL"))
            except httpx.HTTPError as error:
                result = _failure(url, current, NETWORK_ERROR, _describe(error, "network error"))
            self._record(current, purpose, started, result)
            return result

    def _read(self, url: str, current: str, response: httpx.Response) -> FetchResult:
        headers = response.headers
        result = FetchResult(
            url=url,
            final_url=current,
            status=response.status_code,
            content_type=headers.get("content-type"),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            content_location=headers.get("content-location"),
        )
        status = response.status_code
        if status in REDIRECT_STATUSES and headers.get("location"):
            target = urljoin(current, headers["location"])
            return replace(result, location=target, message=f"redirect to {target}")
        if status == 304:
            return result
        if status >= 400 or status < 200:
            retry_after = parse_retry_after(headers.get("retry-after"))
            message = f"HTTP {status} {response.reason_phrase}".strip()
            return replace(result, error=HTTP_ERROR, message=message, retry_after=retry_after)
        return self._read_body(result, response)

    def _read_body(self, result: FetchResult, response: httpx.Response) -> FetchResult:
        """Stream the body, refusing unwanted formats early and stopping past the cap."""
        media_type = _media_type(result.content_type)
        if not _acceptable(media_type):
            return replace(result, error=UNSUPPORTED, message=f"content type {media_type}")
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            return replace(result, error=TOO_LARGE, message=f"{declared} bytes > {cap}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            if not chunks and media_type in UNTYPED and chunk.startswith(BINARY_MAGIC):
                return replace(result, error=UNSUPPORTED, message="binary content")
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                return replace(result, error=TOO_LARGE, message=f"body over {cap} bytes")
        return replace(result, body=b"".join(chunks))

    def _record(self, url: str, purpose: str, started: float, result: FetchResult) -> None:
        if self._on_request is not None:
            record = RequestRecord(
                url, purpose, started, time.monotonic(), result.status, result.error
            )
            self._on_request(record)

    def _load_robots(self, origin: str) -> RobotsRules:
        """Read `origin`/robots.txt (one attempt per hop, redirects followed) and apply it."""
        current = origin + "/robots.txt"
        progress = _Progress()
        result = _failure(current, current, TOO_MANY_REDIRECTS, "robots.txt redirects")
        for _ in range(self.policy.max_redirects + 1):
            result = self._with_retries(current, current, {}, progress, "robots", max_attempts=1)
            location = _redirect_target(result)
            if location is None:
                break
            current = location
        if result.error == PRIVATE_ADDRESS:
            return RobotsRules.allow_all()  # the page itself is refused for its address
        if result.error == CANCELLED:
            return RobotsRules.deny_all("not read: stopped", keep=False)  # read it next time
        status = result.status if result.error in (None, HTTP_ERROR) else None
        problem = f"{result.error}: {result.message}" if result.error else ""
        rules = rules_from_response(status, result.body, ROBOTS_AGENT, problem)
        if rules.crawl_delay is not None:
            self._gates.set_crawl_delay(origin, min(rules.crawl_delay, self.policy.max_crawl_delay))
        return rules


def _drain(
    done: queue.Queue[FetchResult], total: int, futures: list[Future[None]]
) -> Iterator[FetchResult]:
    """Yield `total` results as they come; re-raise a worker's bug instead of hanging."""
    remaining = total
    while remaining:
        try:
            yield done.get(timeout=0.2)
            remaining -= 1
        except queue.Empty:
            for future in futures:
                if future.done() and future.exception() is not None:
                    raise RuntimeError("a fetch worker failed") from future.exception()


def _redirect_target(result: FetchResult) -> str | None:
    return result.location if result.error is None else None


def _transient(result: FetchResult) -> bool:
    """Worth another attempt now; a request that used up its deadline is not."""
    if result.message.startswith(DEADLINE_MESSAGE):
        return False
    return result.error in RETRY_ERRORS or (
        result.error == HTTP_ERROR and result.status in RETRY_STATUSES
    )


def _failure(url: str, current: str, code: str, message: str) -> FetchResult:
    return FetchResult(url=url, final_url=current, error=code, message=message)


def _acceptable(media_type: str) -> bool:
    """Pages, feeds, sitemaps, any `+xml`; untyped bodies are sniffed later."""
    return media_type in ACCEPTED_TYPES or media_type in UNTYPED or media_type.endswith("+xml")


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _describe(error: Exception, fallback: str) -> str:
    text = str(error).strip()
    return f"{fallback}: {text}" if text else fallback
