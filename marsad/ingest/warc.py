"""WARC archives (.warc, .warc.gz) -> Articles, one per HTML response record.

Web archives are large and often cut short (a crawl stopped, a download broke). The
reader streams records with FastWARC, extracts every HTML response like a page, and
on damage yields the records read so far followed by one `Rejected(TRUNCATED)`;
nothing escapes the iterator as an exception.

A record's WARC-Date is when the page was captured: the article's `first_seen`, not
its publication time, which only the page itself can give. A page without one is
undated, its event time estimated like a crawled page's, so ingesting a crawl's
archive rebuilds the articles the crawl stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastwarc.warc import ArchiveIterator, WarcRecordType

from marsad import errors
from marsad.errors import MarsadError
from marsad.ingest.dump import extract_document
from marsad.ingest.limits import describe_size, document_limit
from marsad.ingest.published import normalize_published
from marsad.ingest.repairs import RepairSink, ignore_repair
from marsad.model import Article, Rejected

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    path: Path, *, on_repair: RepairSink = ignore_repair, max_record_bytes: int | None = None
) -> Iterator[Article | Rejected]:
    """Yield an Article (or Rejected) per HTML response record, then TRUNCATED if cut short."""
    name = str(path)
    limit = document_limit(max_record_bytes)
    number = 0
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream, parse_http=True):
                number += 1
                where = f"{name}#{number}"
                if _is_damaged(record):
                    yield Rejected(errors.TRUNCATED, "the archive ends inside a record", where)
                    return
                if record.record_type != WarcRecordType.response:
                    continue
                result = _read_response(record, where, limit, on_repair)
                if result is not None:
                    yield result
    except OSError as error:
        yield Rejected(errors.TRUNCATED, f"the archive is damaged: {error}", f"{name}#{number + 1}")


def _is_damaged(record: Any) -> bool:
    """A record cut short: no WARC Content-Length, or an unknown type made of leftover bytes."""
    return (
        record.headers.get("Content-Length") is None or record.record_type == WarcRecordType.unknown
    )


def _read_response(
    record: Any, where: str, limit: int, on_repair: RepairSink
) -> Article | Rejected | None:
    """The article in one response record; None for responses that are not HTML pages."""
    content_type = (record.http_content_type or "").lower() if record.is_http else ""
    if content_type and content_type not in HTML_TYPES:
        return None
    if record.content_length > limit:
        size, most = describe_size(record.content_length), describe_size(limit)
        return Rejected(
            errors.TOO_LARGE, f"record is too large: {size}, the limit is {most}", where
        )
    payload = record.reader.read(limit + 1)
    if len(payload) < record.content_length:
        return Rejected(errors.TRUNCATED, "the archive ends inside a record", where)
    url = record.headers.get("WARC-Target-URI")
    try:
        article = extract_document(
            payload,
            url=url,
            where=where,
            declared_charset=record.http_charset,
            on_repair=on_repair,
        )
    except MarsadError as error:
        return Rejected(error.code, error.message, where)
    captured = _captured(record.headers.get("WARC-Date"))
    return dataclasses.replace(article, origin=where, first_seen=captured)


def _captured(warc_date: str | None) -> str | None:
    """The record's WARC-Date as a UTC time to the second (how `first_seen` is kept);
    None when it is missing or unreadable (the store then counts its own time)."""
    found = normalize_published(warc_date)
    if found is None:
        return None
    try:
        moment = datetime.fromisoformat(found)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
