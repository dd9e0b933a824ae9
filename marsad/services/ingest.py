"""Ingest: documents in, articles stored, a report of what happened.

The input is streamed: articles are enriched a few at a time (an enricher that can
take several, such as `Enricher`, reads them in one call) and written in batches,
so memory holds one batch, never the whole input. A document that a step rejects
(a `MarsadError`) is counted under its code; any other failure is a bug or a bad
record, counted in `errors` and logged with where the document came from, and the
run goes on. Duplicates of stored articles are counted, not written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Protocol, runtime_checkable

from marsad.errors import MarsadError
from marsad.model import Article, IngestReport, Rejected
from marsad.store.protocol import Store

BATCH_SIZE = 500
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


def _enriched(
    article: Article, enrich: Callable[[Article], Article] | None, report: IngestReport
) -> Article | None:
    """`enrich(article)`, or None after recording why it failed."""
    if enrich is None:
        return article
    try:
        return enrich(article)
    except MarsadError as error:
        report.reject(Rejected(error.code, error.message, error.where or _where(article)))
    except Exception as error:  # one bad document must not stop the run
        log.debug("enrichment failed", exc_info=True)
        _note_error(report, _where(article), f"{type(error).__name__}: {error}")
    return None


@runtime_checkable
class GroupEnricher(Protocol):
    """An enricher that can also take several articles in one call."""

    def __call__(self, article: Article) -> Article: ...

    def many(self, articles: list[Article]) -> list[Article]: ...


def _enriched_group(
    group: list[Article], enrich: Callable[[Article], Article] | None, report: IngestReport
) -> list[Article]:
    """The group enriched in one call when the enricher can, else (or when that call
    fails) one article at a time, so a bad article costs only itself."""
    if isinstance(enrich, GroupEnricher) and len(group) > 1:
        try:
            return enrich.many(group)
        except Exception:  # find the culprit below, article by article
            log.debug("enriching a group failed; retrying one by one", exc_info=True)
    enriched = (_enriched(article, enrich, report) for article in group)
    return [article for article in enriched if article is not None]


# Called with each batch's newly stored articles (ids set): copy detection, stories.
Track = Callable[[Store, list[Article]], None]


def _flush(
    store: Store, batch: list[Article], report: IngestReport, track: Track | None = None
) -> None:
    stored: list[Article] = []
    for article, result in zip(batch, store.add_articles(batch), strict=True):
        if result.new:
            report.new += 1
            stored.append(replace(article, id=result.id))
        elif result.error is None:
            report.duplicates += 1
        else:
            _note_error(report, _where(article), result.error)
    batch.clear()
    if track is not None and stored:
        track(store, stored)


def ingest(
    store: Store,
    items: Iterable[Article | Rejected],
    *,
    enrich: Callable[[Article], Article] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    track: Track | None = None,
) -> IngestReport:
    """Enrich and store every article of `items`; count rejects from the readers too.

    `on_progress(seen)` is called after each written batch with the number of input
    items handled so far. Batches already written stay written if this raises.
    `track(store, stored)` gets each batch's new articles with their ids (e.g.
    `marsad.services.stories.Tracker().track`: copies and stories).
    """
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
            _flush(store, batch, report, track)
            if on_progress is not None:
                on_progress(seen)
    batch.extend(_enriched_group(group, enrich, report))
    if batch:
        _flush(store, batch, report, track)
    if on_progress is not None:
        on_progress(seen)
    return report
