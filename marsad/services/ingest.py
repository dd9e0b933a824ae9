"""Ingest: documents in, articles stored, a report of what happened.

The input is streamed: articles are enriched a few at a time (an enricher that can
take several, such as `Enricher`, reads them in one call) and written in batches,
so memory holds one batch, never the whole input. A document that a step rejects
(a `MarsadError`) is counted under its code; any other failure is a bug or a bad
record, counted in `errors` and logged with where the document came from, and the
run goes on. Duplicates of stored articles are counted, not written.

Tracking (copies, stories) cannot be lost to a kill: the store marks each new
article pending in the transaction that inserts it, the tracker unmarks it in the
transaction that tracks it, and a run with tracking first resumes whatever an
earlier run left pending (`marsad.services.pending`). Each written batch is tracked
one store transaction at a time, the grouping a resumed run sees.

Each article keeps when Marsad first had it (`Article.first_seen`): a crawl's fetch
time or a WARC record's capture date, as the reader gave it, else the time it is
written. That is an undated article's time in stories, stored with it so a resumed
run reads the same. Relative day names ("أمس الجمعة") are counted back only from a
fetch or capture time, which the enricher sees: the time a file is ingested says
nothing of when its pages were written (a backfill of old pages would get this
year's dates).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from marsad.errors import InputError, MarsadError
from marsad.model import Article, IngestReport, Rejected
from marsad.services.pending import resume_pending
from marsad.store.protocol import Store

BATCH_SIZE = 500
BATCH_VARIABLE = "MARSAD_INGEST_BATCH"  # overrides BATCH_SIZE (articles per written batch)
ENRICH_GROUP = 8  # articles an enricher with `many` reads in one call
# Code of the examples kept for failures that are not rejections (see module doc).
INTERNAL_ERROR = "internal-error"

log = logging.getLogger(__name__)


def _where(article: Article) -> str:
    return article.origin or article.url or article.external_id or "?"


def _note_error(report: IngestReport, where: str, message: str, keep_examples: int = 20) -> None:
    """Count an error and keep an example, without counting it as a rejection."""
    report.errors += 1
    log.warning("%s: %s", where, message)
    if len(report.examples) < keep_examples:
        report.examples.append(Rejected(INTERNAL_ERROR, message, where))


@dataclass(frozen=True, slots=True)
class Failure:
    """An article that failed for a reason other than a rejection (a bug, a bad
    record): counted in `errors`, with where it came from."""

    where: str
    message: str


# What enriching one article gave: the enriched article, its rejection, or a failure.
Enriched = Article | Rejected | Failure


def _enrich_one(article: Article, enrich: Callable[[Article], Article] | None) -> Enriched:
    """`enrich(article)`, or the rejection or failure it ended in."""
    if enrich is None:
        return article
    try:
        return enrich(article)
    except MarsadError as error:
        return Rejected(error.code, error.message, error.where or _where(article))
    except Exception as error:  # one bad document must not stop the run
        log.debug("enrichment failed", exc_info=True)
        return Failure(_where(article), f"{type(error).__name__}: {error}")


@runtime_checkable
class GroupEnricher(Protocol):
    """An enricher that can also take several articles in one call."""

    def __call__(self, article: Article) -> Article: ...

    def many(self, articles: list[Article]) -> list[Article]: ...


def enrich_group(
    group: list[Article], enrich: Callable[[Article], Article] | None
) -> list[Enriched]:
    """The group enriched in one call when the enricher can, else (or when that call
    fails) one article at a time, so a bad article costs only itself. Pure: the
    outcomes are values, so a worker process can compute them and the writer count
    them (`record`)."""
    if isinstance(enrich, GroupEnricher) and len(group) > 1:
        try:
            return list(enrich.many(group))
        except Exception:  # find the culprit below, article by article
            log.debug("enriching a group failed; retrying one by one", exc_info=True)
    return [_enrich_one(article, enrich) for article in group]


def record(report: IngestReport, outcome: Rejected | Failure) -> None:
    """Count a rejection or a failure in the report."""
    if isinstance(outcome, Rejected):
        report.reject(outcome)
    else:
        _note_error(report, outcome.where, outcome.message)


def _enriched_group(
    group: list[Article], enrich: Callable[[Article], Article] | None, report: IngestReport
) -> list[Article]:
    """The group's enriched articles; its rejections and failures counted in `report`."""
    kept: list[Article] = []
    for outcome in enrich_group(group, enrich):
        if isinstance(outcome, Article):
            kept.append(outcome)
        else:
            record(report, outcome)
    return kept


# Called with each batch's newly stored articles (ids set): copy detection, stories.
Track = Callable[[Store, list[Article]], None]


def first_seen_at(moment: datetime | None = None) -> str:
    """`Article.first_seen` of a page Marsad has at `moment` (default: now), in UTC to
    the second, as the store keeps it."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def _seen_now(article: Article) -> Article:
    """The article with a first-seen time: its own (a fetch, an archive's), else now."""
    return article if article.first_seen else replace(article, first_seen=first_seen_at())


def batch_size_setting() -> int:
    """Articles per written batch: `$MARSAD_INGEST_BATCH` when set, else `BATCH_SIZE`."""
    value = os.environ.get(BATCH_VARIABLE, "").strip()
    if not value:
        return BATCH_SIZE
    try:
        size = int(value)
    except ValueError:
        raise InputError(f"{BATCH_VARIABLE} must be a number of articles, got {value!r}") from None
    if size <= 0:
        raise InputError(f"{BATCH_VARIABLE} must be a positive number, got {size}")
    return size


def store_batch(
    store: Store, batch: list[Article], report: IngestReport, track: Track | None = None
) -> None:
    """Write `batch` (then empty it), count what became of each article, and track the
    new ones one store transaction at a time, the grouping a resumed run sees."""
    batch[:] = [_seen_now(article) for article in batch]
    stored: dict[int, list[Article]] = {}  # new articles by the store transaction
    per_transaction = store.batch_size or len(batch)
    for index, (article, result) in enumerate(zip(batch, store.add_articles(batch), strict=True)):
        if result.new:
            report.new += 1
            stored.setdefault(index // per_transaction, []).append(replace(article, id=result.id))
        elif result.error is None:
            report.duplicates += 1
        else:
            _note_error(report, _where(article), result.error)
    batch.clear()
    if track is not None:
        for written in stored.values():
            track(store, written)


def ingest(
    store: Store,
    items: Iterable[Article | Rejected],
    *,
    enrich: Callable[[Article], Article] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int | None = None,
    track: Track | None = None,
) -> IngestReport:
    """Enrich and store every article of `items`; count rejects from the readers too.

    `on_progress(seen)` is called after each written batch with the number of input
    items handled so far. Batches already written stay written if this raises.
    `track(store, stored)` gets each batch's new articles with their ids (e.g.
    `marsad.services.stories.Tracker().track`: copies and stories), after the
    articles an interrupted run left pending. `batch_size` defaults to
    `batch_size_setting()`.
    """
    batch_size = batch_size or batch_size_setting()
    if track is not None:
        resume_pending(store, track)
    report = IngestReport()
    batch: list[Article] = []
    group: list[Article] = []
    group_size = min(ENRICH_GROUP, batch_size) if isinstance(enrich, GroupEnricher) else 1
    seen = 0
    for item in items:
        seen += 1
        if isinstance(item, Rejected):
            report.reject(item)
            continue
        group.append(item)
        if len(group) >= group_size:
            batch.extend(_enriched_group(group, enrich, report))
            group = []
        if len(batch) >= batch_size:
            store_batch(store, batch, report, track)
            if on_progress is not None:
                on_progress(seen)
    batch.extend(_enriched_group(group, enrich, report))
    if batch:
        store_batch(store, batch, report, track)
    if on_progress is not None:
        on_progress(seen)
    return report
