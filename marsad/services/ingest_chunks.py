"""Ingest in chunks: the seam between reading, enrichment and the one writer.

`marsad ingest` cuts its input into chunks of work units, in input order: a page
file's bytes (read here, under the size cap, so a worker on another machine needs no
access to the files), or a record another reader already made (JSON Lines, WARC).
An `Executor` turns each chunk into its outcomes, with `enrich_chunk`, in this
process or in others (`marsad.run.executors`), and hands them back in input order;
`store_chunks` counts them and writes the articles through the one writer, batch by
batch, tracking copies and stories as the store commits them. Since every executor
runs the same function on the same chunks and the writer sees them in the same
order, the archive comes out the same whichever executor ran.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Protocol, runtime_checkable

from marsad import errors
from marsad.errors import MarsadError
from marsad.ingest.dump import extract_document
from marsad.ingest.files import read_file, read_page, reader_for
from marsad.ingest.limits import document_limit, read_file_capped
from marsad.ingest.repairs import Repair, RepairSink, ignore_repair
from marsad.model import Article, IngestReport, Rejected
from marsad.services.ingest import (
    ENRICH_GROUP,
    Enriched,
    Failure,
    Track,
    batch_size_setting,
    enrich_group,
    record,
    store_batch,
)
from marsad.services.ingest_known import Known, KnownArticles
from marsad.services.pending import resume_pending
from marsad.store.protocol import Store

CHUNK_SIZE = ENRICH_GROUP  # work units per chunk: one enricher call's worth of pages

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageData:
    """A page file's bytes, read under the size cap, to be extracted by a worker."""

    where: str
    data: bytes


# A unit of work: a page to extract, or a record (or rejection) a reader already made,
# or a record known as a duplicate before enrichment (passed through, counted).
Unit = PageData | Article | Rejected | Known
# What a unit came to: an article, a rejection, a failure, a known duplicate, or a
# repair to report.
Outcome = Enriched | Known | Repair
Enrich = Callable[[Article], Article]
# Whether an article is a duplicate of a stored one or of one already handled.
IsKnown = Callable[[Article], bool]


@dataclass(frozen=True, slots=True)
class ChunkDone:
    """The outcomes of one chunk, in input order, and how many units it held."""

    units: int
    outcomes: list[Outcome]


class Executor(Protocol):
    """Runs `enrich_chunk` over chunks (here, in worker processes, on a cluster) and
    yields each chunk's outcomes in input order."""

    def run(self, chunks: Iterable[list[Unit]]) -> Iterator[ChunkDone]: ...


@runtime_checkable
class ChecksPages(Protocol):
    """An executor that runs chunks in the writer's process, so it can also check
    the articles extracted from pages before enriching them."""

    def check_pages(self, is_known: IsKnown) -> None: ...


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _file_units(path: Path, on_repair: RepairSink) -> Iterator[Unit]:
    """A page file as its bytes; any other file as the records its reader makes."""
    if reader_for(path) is not read_page:
        yield from read_file(path, on_repair=on_repair)
        return
    try:
        yield PageData(str(path), read_file_capped(path, document_limit()))
    except MarsadError as error:
        yield Rejected(error.code, error.message, str(path))
    except OSError as error:
        yield Rejected(errors.BAD_RECORD, f"cannot read the file: {_reason(error)}", str(path))


def work_units(paths: Iterable[Path], *, on_repair: RepairSink = ignore_repair) -> Iterator[Unit]:
    """Every document under the files and folders, in the stable order of
    `marsad.ingest.read_paths`, with the same rejections for what cannot be read."""
    for path in paths:
        try:
            if path.is_dir():
                children = sorted(p for p in path.rglob("*") if p.is_file())
                for child in children:
                    if not child.name.startswith("."):
                        yield from _file_units(child, on_repair)
            elif path.exists():
                yield from _file_units(path, on_repair)
            else:
                yield Rejected(errors.UNSUPPORTED, "no such file or folder", str(path))
        except OSError as error:
            yield Rejected(errors.BAD_RECORD, f"cannot read: {_reason(error)}", str(path))


def chunks_of(units: Iterable[Unit], size: int = CHUNK_SIZE) -> Iterator[list[Unit]]:
    """The units in consecutive chunks of `size`, streamed."""
    iterator = iter(units)
    while chunk := list(islice(iterator, size)):
        yield chunk


def skip_known(units: Iterable[Unit], known: KnownArticles) -> Iterator[Unit]:
    """The units, each record the store holds (or this input had before) replaced by
    its `Known` marker, so no executor enriches it."""
    for unit in units:
        if isinstance(unit, Article) and known.is_known(unit):
            yield Known(unit.origin or unit.url or unit.external_id or "?")
        else:
            yield unit


def _extract(page: PageData) -> list[Outcome]:
    """A page's article (or why not), with the repairs made on the way; as
    `marsad.ingest.read_file` does for a page read where it lies."""
    repairs: list[Repair] = []
    try:
        article = extract_document(page.data, where=page.where, on_repair=repairs.append)
    except MarsadError as error:
        return [*repairs, Rejected(error.code, error.message, error.where or page.where)]
    if not article.text.strip():
        return [
            *repairs,
            Rejected(errors.EMPTY_TEXT, "no article text", article.origin or page.where),
        ]
    return [*repairs, article]


def _checked(outcomes: list[Outcome], is_known: IsKnown | None) -> list[Outcome]:
    """A page's outcomes, its article replaced by `Known` when `is_known` says so."""
    if is_known is None:
        return outcomes
    return [
        Known(item.origin or item.url or "?")
        if isinstance(item, Article) and is_known(item)
        else item
        for item in outcomes
    ]


def enrich_chunk(
    units: list[Unit], enrich: Enrich | None, is_known: IsKnown | None = None
) -> ChunkDone:
    """Extract the chunk's pages and enrich its articles: the work an executor runs.

    With `is_known` (in the writer's process only), an article extracted from a page
    that duplicates a known one is not enriched; records were checked before. The
    outcomes are plain values (picklable), in input order except that the articles'
    enrichment outcomes follow the chunk's repairs and reader rejections.
    """
    read: list[Outcome] = []
    for unit in units:
        read.extend(_checked(_extract(unit), is_known) if isinstance(unit, PageData) else [unit])
    articles = [item for item in read if isinstance(item, Article)]
    others = [item for item in read if not isinstance(item, Article)]
    return ChunkDone(len(units), [*others, *enrich_group(articles, enrich)])


def store_chunks(
    store: Store,
    done: Iterable[ChunkDone],
    *,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int | None = None,
    track: Track | None = None,
    on_repair: RepairSink = ignore_repair,
) -> IngestReport:
    """Count the chunks' outcomes and write their articles, as `ingest` does: batches
    of `batch_size`, tracked after the articles an interrupted run left pending;
    `on_progress(units handled)` after each written batch and at the end."""
    batch_size = batch_size or batch_size_setting()
    if track is not None:
        resume_pending(store, track)
    report = IngestReport()
    batch: list[Article] = []
    seen = 0
    for chunk in done:
        seen += chunk.units
        for outcome in chunk.outcomes:
            if isinstance(outcome, Article):
                batch.append(outcome)
            elif isinstance(outcome, Repair):
                on_repair(outcome)
            elif isinstance(outcome, Known):
                report.duplicates += 1
            else:
                record(report, outcome)
        if len(batch) >= batch_size:
            store_batch(store, batch, report, track)
            if on_progress is not None:
                on_progress(seen)
    if batch:
        store_batch(store, batch, report, track)
    if on_progress is not None:
        on_progress(seen)
    return report


__all__ = [
    "CHUNK_SIZE",
    "ChecksPages",
    "ChunkDone",
    "Enrich",
    "Executor",
    "Failure",
    "IsKnown",
    "Outcome",
    "PageData",
    "Unit",
    "chunks_of",
    "enrich_chunk",
    "skip_known",
    "store_chunks",
    "work_units",
]
