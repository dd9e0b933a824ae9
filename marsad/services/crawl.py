"""The crawl: poll due sources, queue new article URLs, fetch, extract, enrich, store.

One round (`crawl_once`):

1. every source the schedule says is due is read with a conditional GET (feeds and
   page sources) or walked (sitemaps, skipping children unchanged since the last
   success); the article URLs it lists are queued, minus those already stored or
   queued (compared by canonical URL);
2. the due queue (pending URLs, and failed ones whose retry time has come) is fetched
   through one shared polite `Fetcher`, hosts in parallel;
3. each page is extracted with its declared charset, enriched and stored in batches by
   the ingest service; each queue row is then marked done, or failed with its reason
   and, for transient failures, a time to try again;
4. each source's schedule state, validators and health counts are saved.

The queue is written before any page is fetched and each batch is written as soon as
it is full, so a crawl that is stopped (the `stop` event, set by a signal handler)
abandons the requests in flight, writes what it fetched and leaves the rest pending
for the next run. A round also ends at its own deadline (`CrawlOptions.round_deadline`;
each request has the fetcher's deadline), leaving what is left pending.
`crawl_forever` repeats rounds, sleeping until the next source or retry is due.

No source can stop a round: whatever goes wrong while one source is polled (a feed
that makes a parser raise, a store error on its URLs) is recorded on that source (its
last error and error count, so its schedule backs off), logged and counted, and the
round goes on with the others. A page that fails the same way is a rejected page.
Failures are values: every rejected page is counted under its stable code.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from marsad.errors import CANCELLED, HTTP_ERROR, MarsadError
from marsad.ingest.dump import extract_document
from marsad.ingest.fetch import (
    RETRY_ERRORS,
    RETRY_STATUSES,
    Fetcher,
    FetchRequest,
    FetchResult,
    Problem,
)
from marsad.ingest.robots import ROBOTS_UNREACHABLE
from marsad.ingest.schedule import DEFAULT_POLICY, SchedulePolicy, due_sources, next_due
from marsad.model import Article, IngestReport, Rejected
from marsad.services.crawl_archive import WarcArchive
from marsad.services.crawl_sources import SourceRead, SourceReader, save_poll
from marsad.services.ingest import INTERNAL_ERROR, Track, first_seen_at, ingest
from marsad.services.pending import resume_pending
from marsad.services.sources import state_of, utc_now
from marsad.store.protocol import AddResult, Store
from marsad.store.protocol_sources import (
    DONE,
    FAILED,
    PageOutcome,
    QueueItem,
    SourceRow,
)

Enrich = Callable[[Article], Article]
# A page that failed this way is tried again in a later round (the fetcher's own
# definition of transient, and robots.txt that could not be read yet).
TRANSIENT_ERRORS = RETRY_ERRORS | {ROBOTS_UNREACHABLE}

log = logging.getLogger(__name__)


# Every store keeps sources and the fetch queue (`protocol_sources`); the name stays
# for the crawl functions' signatures.
CrawlStore = Store


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    """Limits of one round; the politeness itself is the fetcher's policy."""

    batch_size: int = 20  # pages stored per transaction
    max_pages: int = 2000  # queued pages fetched per round
    max_page_attempts: int = 4  # a transient failure is retried until this many
    retry_base: timedelta = timedelta(minutes=5)  # doubled after each failed attempt
    max_links_per_page: int = 200  # links queued from one `page` source
    round_deadline: float = 900.0  # seconds; what is left stays pending for the next round
    schedule: SchedulePolicy = DEFAULT_POLICY


@dataclass(slots=True)
class Rejections:
    """Things turned away, counted by stable reason code, with the first few as examples."""

    count: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    examples: list[Rejected] = field(default_factory=list)

    def reject(self, rejected: Rejected, keep_examples: int = 20) -> None:
        self.count += 1
        self.reasons[rejected.code] = self.reasons.get(rejected.code, 0) + 1
        if len(self.examples) < keep_examples:
            self.examples.append(rejected)

    def add(self, other: Rejections, keep_examples: int = 20) -> None:
        """Fold another count into this one."""
        self.count += other.count
        for reason, number in other.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + number
        self.examples.extend(other.examples[: max(0, keep_examples - len(self.examples))])


@dataclass(slots=True)
class CrawlReport:
    """What a crawl did. `pages` counts pages like `ingest` counts documents;
    `skipped_links` counts the links sources listed that could not be queued (not a URL
    that can be fetched, a sitemap entry without a location), by reason."""

    pages: IngestReport = field(default_factory=IngestReport)
    skipped_links: Rejections = field(default_factory=Rejections)
    sources_polled: int = 0
    sources_failed: int = 0
    not_modified: int = 0
    queued: int = 0  # article URLs new to the queue
    fetched: int = 0  # page bodies received
    retrying: int = 0  # failed pages that will be tried again later
    pending: int = 0  # queued pages not fetched yet (stopped, or over the round's limit)
    rounds: int = 0
    stopped: bool = False
    out_of_time: bool = False  # the round's deadline ended it
    problems: list[Rejected] = field(default_factory=list)  # source-level failures

    def add(self, other: CrawlReport) -> None:
        """Fold a round's report into a running total."""
        _merge(self.pages, other.pages)
        self.skipped_links.add(other.skipped_links)
        for name in ("sources_polled", "sources_failed", "not_modified", "queued", "fetched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.retrying, self.pending = other.retrying, other.pending
        self.rounds += other.rounds
        self.stopped = self.stopped or other.stopped
        self.out_of_time = self.out_of_time or other.out_of_time
        self.problems.extend(other.problems[: max(0, 20 - len(self.problems))])


def crawl_once(
    store: CrawlStore,
    fetcher: Fetcher,
    *,
    enrich: Enrich | None = None,
    track: Track | None = None,
    now: datetime | None = None,
    archive: WarcArchive | None = None,
    stop: threading.Event | None = None,
    options: CrawlOptions = CrawlOptions(),
    every_source: bool = False,
) -> CrawlReport:
    """One round: poll the due sources (`every_source`: all of them, now), then fetch
    and store the due pages.

    `enrich` annotates each page and `track` (e.g. `Tracker().track`) finds copies and
    stories for each stored batch, as in `marsad ingest`.
    """
    moment = now or utc_now()
    if track is not None:  # what a killed run stored and did not track goes first
        resume_pending(store, track)
    halt = stop or threading.Event()
    clock = _RoundClock(time.monotonic() + options.round_deadline, halt)
    report = CrawlReport(rounds=1)
    reader = SourceReader(fetcher, archive, options.max_links_per_page)
    rows = {row.id: row for row in store.list_sources()}
    states = {source_id: state_of(row) for source_id, row in rows.items()}
    chosen = list(rows) if every_source else due_sources(states, moment, options.schedule)
    with fetcher.ending_at(clock.ends):
        for source_id in chosen:
            if clock.over():
                break
            _poll_source(store, reader, rows[source_id], moment, report, options)
        if not clock.over():
            steps = (enrich, track)
            _fetch_pages(store, fetcher, moment, steps, archive, clock, report, options)
    report.stopped = halt.is_set()
    report.out_of_time = clock.out_of_time()
    counts = store.queue_counts()
    report.pending, report.retrying = counts["pending"], counts["retrying"]
    return report


@dataclass(frozen=True, slots=True)
class _RoundClock:
    """When a round must end: its deadline (monotonic time) or a stop request."""

    ends: float
    stop: threading.Event

    def out_of_time(self) -> bool:
        return time.monotonic() >= self.ends

    def over(self) -> bool:
        return self.stop.is_set() or self.out_of_time()


def _poll_source(
    store: CrawlStore,
    reader: SourceReader,
    row: SourceRow,
    now: datetime,
    report: CrawlReport,
    options: CrawlOptions,
) -> None:
    """Poll one source and queue what it lists; whatever goes wrong stays with the source.

    An exception (a parser's bug on a strange feed, a URL the store refuses) becomes
    the source's failure, recorded like an HTTP error, so its schedule backs off and
    the round goes on. KeyboardInterrupt and SystemExit are not caught.
    """
    try:
        read = reader.read(row, state_of(row))
        queued = store.enqueue(row.id, read.urls, now)
    except Exception as error:  # one source must not stop the round
        log.exception("source %s (%s) failed", row.id, row.url)
        code, message = _described(error)
        read = SourceRead(
            etag=row.etag, last_modified=row.last_modified, error=code, message=message
        )
        queued = 0
    report.queued += queued
    for problem in read.skipped:
        report.skipped_links.reject(_skipped_link(problem, row.url))
    if read.error == CANCELLED:
        return  # stopped mid-poll: not the source's fault, it stays due
    report.sources_polled += 1
    report.not_modified += read.not_modified
    if read.error is not None:
        report.sources_failed += 1
        report.problems.append(Rejected(read.error, read.message, row.url))
    save_poll(store, row, read, queued, now, options.schedule)


def _skipped_link(problem: Problem, source_url: str) -> Rejected:
    """A link a source listed and the crawl could not use, where the user can find it."""
    message = f"link {problem.url}: {problem.message}" if problem.url else problem.message
    return Rejected(problem.code, message, source_url)


def _described(error: Exception) -> tuple[str, str]:
    """The stable code and one-line message of an unexpected exception."""
    if isinstance(error, MarsadError):
        return error.code, error.message
    return INTERNAL_ERROR, f"{type(error).__name__}: {error}"


def _fetch_pages(
    store: CrawlStore,
    fetcher: Fetcher,
    now: datetime,
    steps: tuple[Enrich | None, Track | None],
    archive: WarcArchive | None,
    clock: _RoundClock,
    report: CrawlReport,
    options: CrawlOptions,
) -> None:
    """Fetch the due queue; store pages a batch at a time.

    Once `stop` is set the fetcher is stopped too: requests in flight are abandoned
    and, with the queued ones, come back cancelled and stay pending. At the round's
    deadline the loop leaves: requests in flight end by their own deadline.
    """
    items = {item.fetch_url: item for item in store.due_pages(now, options.max_pages)}
    batch: list[tuple[QueueItem, Article]] = []
    failures: list[PageOutcome] = []
    for result in fetcher.fetch_many(FetchRequest(url) for url in items):
        if clock.stop.is_set():
            fetcher.stop()
        item = items[result.url]
        if result.error == CANCELLED:
            continue  # never sent, or abandoned: stays pending
        page = _page(item, result, now, report, options, archive)
        if isinstance(page, Article):
            batch.append((item, page))
        else:
            failures.append(page)
        if len(batch) >= options.batch_size:
            _store_batch(store, batch, steps, report, now)
        if clock.out_of_time():
            break  # the rest stays pending for the next round
    _store_batch(store, batch, steps, report, now)
    _finish(store, failures, now)


def _page(
    item: QueueItem,
    result: FetchResult,
    now: datetime,
    report: CrawlReport,
    options: CrawlOptions,
    archive: WarcArchive | None = None,
) -> Article | PageOutcome:
    """The article of a fetched page, or the failed outcome (counted in `report`).

    Any exception while archiving or extracting the page rejects this page only.
    """
    try:
        if archive is not None:
            archive.record(result)
        if not result.ok:
            code = result.error or HTTP_ERROR
            return _failed(item, code, result.message, result, now, report, options)
        report.fetched += 1
        article = extract_document(
            result.body or b"",
            url=result.final_url,
            where=item.fetch_url,
            declared_charset=result.charset,
        )
    except Exception as error:  # one page must not stop the round
        if not isinstance(error, MarsadError):
            log.exception("page %s failed", item.fetch_url)
        code, message = _described(error)
        return _failed(item, code, message, None, now, report, options)
    return replace(article, origin=item.fetch_url, first_seen=first_seen_at())


def _failed(
    item: QueueItem,
    code: str,
    message: str,
    result: FetchResult | None,
    now: datetime,
    report: CrawlReport,
    options: CrawlOptions,
) -> PageOutcome:
    """A failed page: counted as rejected; retried later when the failure was transient."""
    report.pages.reject(Rejected(code, message, item.fetch_url))
    next_try = None
    transient = result is not None and (
        code in TRANSIENT_ERRORS or (code == HTTP_ERROR and result.status in RETRY_STATUSES)
    )
    if transient and item.attempts + 1 < options.max_page_attempts:
        wait = options.retry_base * (2**item.attempts)
        if result is not None and result.retry_after is not None:
            wait = max(wait, timedelta(seconds=result.retry_after))
        next_try = now + wait
    return PageOutcome(
        item.url, FAILED, item.source_id, error=code, message=message, next_try=next_try
    )


def _store_batch(
    store: CrawlStore,
    batch: list[tuple[QueueItem, Article]],
    steps: tuple[Enrich | None, Track | None],
    report: CrawlReport,
    now: datetime,
) -> None:
    """Enrich, store and track a batch through the ingest service; mark each queue row."""
    if not batch:
        return
    recorder = _Recorder(store)
    enrich, track = steps
    articles = [article for _, article in batch]
    part = ingest(recorder, articles, enrich=enrich, track=track, batch_size=len(batch))
    _merge(report.pages, part)
    reasons = {example.where: example for example in part.examples}
    outcomes = []
    for item, article in batch:
        stored = recorder.results.get(article.origin or "")
        if stored is not None and stored.id is not None:
            outcomes.append(PageOutcome(item.url, DONE, item.source_id, article_id=stored.id))
            continue
        why = reasons.get(article.origin or "")
        code = why.code if why is not None else INTERNAL_ERROR
        message = why.message if why is not None else (stored.error if stored else "") or ""
        outcomes.append(PageOutcome(item.url, FAILED, item.source_id, error=code, message=message))
    new_by_source = Counter(
        item.source_id
        for item, article in batch
        if (stored := recorder.results.get(article.origin or "")) is not None and stored.new
    )
    _finish(store, outcomes, now)
    for source_id, count in new_by_source.items():
        if source_id is not None:
            store.count_source_results(source_id, articles=count, errors=0)
    batch.clear()


def _finish(store: CrawlStore, outcomes: list[PageOutcome], now: datetime) -> None:
    """Mark the queue rows; a page that failed for good counts against its source."""
    if not outcomes:
        return
    store.finish_pages(outcomes, now)
    given_up = Counter(o.source_id for o in outcomes if o.status == FAILED and o.next_try is None)
    for source_id, count in given_up.items():
        if source_id is not None:
            store.count_source_results(source_id, articles=0, errors=count)
    outcomes.clear()


class _Recorder:
    """The store as the ingest service sees it, noting each article's `AddResult` by origin."""

    def __init__(self, store: CrawlStore) -> None:
        self.store = store
        self.results: dict[str, AddResult] = {}

    def add_articles(self, articles: Iterable[Article]) -> list[AddResult]:
        batch = list(articles)
        results = self.store.add_articles(batch)
        for article, result in zip(batch, results, strict=True):
            self.results[article.origin or ""] = result
        return results

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def seconds_until_due(
    store: CrawlStore, now: datetime, policy: SchedulePolicy = DEFAULT_POLICY
) -> float:
    """How long until a source is due or a failed page may be retried (0: at once)."""
    if store.queue_counts()["pending"]:
        return 0.0
    moments = [next_due(state_of(row), policy) for row in store.list_sources()]
    retry = store.next_page_try()
    if retry is not None:
        moments.append(retry)
    if not moments:
        return float("inf")
    return max(0.0, (min(moments) - now).total_seconds())


def crawl_forever(
    store: CrawlStore,
    fetcher: Fetcher,
    *,
    enrich: Enrich | None = None,
    track: Track | None = None,
    archive: WarcArchive | None = None,
    stop: threading.Event,
    clock: Callable[[], datetime] = utc_now,
    min_sleep: float = 1.0,
    max_sleep: float = 300.0,
    on_round: Callable[[CrawlReport], None] | None = None,
    options: CrawlOptions = CrawlOptions(),
    every_source: bool = False,
    after_round: Callable[[CrawlStore], object] | None = None,
) -> CrawlReport:
    """Crawl rounds until `stop` is set; sleep (bounded) until something is due.

    `every_source` polls every source in the first round, whatever its schedule.
    `after_round` runs after each round (default: `deliver_alerts`, the watchlists'
    alerts); pass `lambda store: None` to crawl without delivering.
    """
    total = CrawlReport()
    first = True
    while not stop.is_set():
        report = crawl_once(
            store,
            fetcher,
            enrich=enrich,
            track=track,
            now=clock(),
            archive=archive,
            stop=stop,
            options=options,
            every_source=every_source and first,
        )
        first = False
        total.add(report)
        if on_round is not None:
            on_round(report)
        (after_round or deliver_alerts)(store)
        wait = seconds_until_due(store, clock(), options.schedule)
        stop.wait(min(max(wait, min_sleep), max_sleep))
    total.stopped = True
    return total


def deliver_alerts(store: CrawlStore) -> object:
    """Deliver the watchlists' alerts after a round; a failure is logged, never fatal."""
    from marsad.services.alerts import alerts_after_round

    return alerts_after_round(store)


@contextmanager
def stop_on_signals(stop: threading.Event, fetcher: Fetcher | None = None) -> Iterator[None]:
    """While inside, SIGINT and SIGTERM ask for a clean stop instead of killing the crawl.

    The first signal sets `stop` and stops the fetcher: waiting requests are cancelled
    and those in flight abandoned, so the round ends promptly and stores what it has;
    the handlers are then restored, so a second Ctrl-C interrupts at once. Outside the
    main thread (where Python cannot install handlers) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in signals}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    def handle(number: int, frame: FrameType | None) -> None:
        log.info("signal %s: stopping; what was fetched is stored", number)
        stop.set()
        if fetcher is not None:
            fetcher.stop()
        restore()

    for number in signals:
        signal.signal(number, handle)
    try:
        yield
    finally:
        restore()


def _merge(total: IngestReport, part: IngestReport) -> None:
    total.new += part.new
    total.duplicates += part.duplicates
    total.rejected += part.rejected
    total.errors += part.errors
    for reason, count in part.reasons.items():
        total.reasons[reason] = total.reasons.get(reason, 0) + count
    total.examples.extend(part.examples[: max(0, 20 - len(total.examples))])
