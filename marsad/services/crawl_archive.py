"""Provenance: every response a crawl read, kept byte for byte in WARC files.

A monitor's claims ("outlet X published this at 09:14") are only as good as the copy
it kept. With an archive directory, each successful response (feeds, sitemaps and
article pages alike) is written as a WARC request/response pair: the target URI,
the time it was received, the HTTP status and headers that matter, and the exact
body bytes, so `marsad ingest DIR` can rebuild the articles later, or another tool
can read the archive. Files are gzipped per record and rotated past a size, so a
crawl killed mid-write leaves every earlier record readable.
"""

from __future__ import annotations

import io
import os
import threading
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.ingest.fetch import ACCEPT_HEADER, FetchResult

MAX_FILE_BYTES = 1024 * 1024 * 1024


class WarcArchive:
    """Writes fetched responses to `directory/marsad-<time>-<pid>-<n>.warc.gz`. Thread-safe."""

    def __init__(
        self, directory: Path, *, user_agent: str, max_file_bytes: int = MAX_FILE_BYTES
    ) -> None:
        self.directory = directory
        self.user_agent = user_agent
        self.max_file_bytes = max_file_bytes
        self.files: list[Path] = []
        self.records = 0
        self._lock = threading.Lock()
        self._stream: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        directory.mkdir(parents=True, exist_ok=True)

    def record(self, result: FetchResult) -> None:
        """Archive `result` if it carries a body (errors and 304s have nothing to keep)."""
        if not result.ok or result.body is None or result.status is None:
            return
        with self._lock:
            writer = self._current_writer()
            date = _warc_date(datetime.now(UTC))
            request = writer.create_warc_record(
                result.final_url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=self._request_headers(result.final_url),
                warc_headers_dict={"WARC-Date": date},
            )
            response = writer.create_warc_record(
                result.final_url,
                "response",
                payload=io.BytesIO(result.body),
                http_headers=_response_headers(result),
                warc_headers_dict={"WARC-Date": date},
            )
            request.rec_headers.add_header(
                "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
            )
            writer.write_record(request)
            writer.write_record(response)
            assert self._stream is not None
            self._stream.flush()
            self.records += 1

    def _request_headers(self, url: str) -> StatusAndHeaders:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [("Host", parts.netloc), ("User-Agent", self.user_agent)]
        headers.append(("Accept", ACCEPT_HEADER))
        return StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)

    def _current_writer(self) -> WARCWriter:
        """The open file's writer, opening a new file first when none is open or it is full."""
        if self._stream is not None and self._stream.tell() >= self.max_file_bytes:
            self._close_file()
        if self._writer is None:
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
            path = self.directory / f"marsad-{stamp}-{os.getpid()}-{len(self.files)}.warc.gz"
            self._stream = path.open("xb")
            self._writer = WARCWriter(self._stream, gzip=True)
            self.files.append(path)
        return self._writer

    def _close_file(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = None
        self._writer = None

    def close(self) -> None:
        with self._lock:
            self._close_file()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _response_headers(result: FetchResult) -> StatusAndHeaders:
    """The status line and the headers a reader needs; the body length is what was kept.

    The body is stored decoded of any transfer or content encoding (that is what the
    HTTP client hands over), so neither header is repeated.
    """
    status = result.status or 200
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    headers: list[tuple[str, str]] = []
    if result.content_type:
        headers.append(("Content-Type", result.content_type))
    if result.etag:
        headers.append(("ETag", result.etag))
    if result.last_modified:
        headers.append(("Last-Modified", result.last_modified))
    headers.append(("Content-Length", str(len(result.body or b""))))
    return StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
