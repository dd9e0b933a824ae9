"""Files and folders -> Articles: the reader behind `marsad ingest PATH...`.

Dispatch is by file name: HTML pages, plain-text dumps, JSON Lines and WARC archives.
Folders are walked in sorted order so two runs see documents in the same order.
Every document either becomes an Article with text and an `origin`, or a Rejected
with a stable code and the place it came from; nothing is dropped silently.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from marsad import errors
from marsad.errors import MarsadError
from marsad.ingest.dump import extract_document
from marsad.ingest.jsonl import read_jsonl
from marsad.ingest.warc import read_warc
from marsad.model import Article, Rejected

MAX_PAGE_BYTES = 20 * 1024 * 1024  # a news page is never this big; bigger is not a page
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt", ".txt.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")

Reader = Callable[[Path], Iterator[Article | Rejected]]


def read_paths(paths: Iterable[Path]) -> Iterator[Article | Rejected]:
    """Every document under the given files and folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not child.name.startswith("."):
                    yield from read_file(child)
        elif path.exists():
            yield from read_file(path)
        else:
            yield Rejected(errors.UNSUPPORTED, "no such file or folder", str(path))


def read_file(path: Path) -> Iterator[Article | Rejected]:
    """The documents of one file, chosen by its name's ending."""
    reader = reader_for(path)
    if reader is None:
        yield Rejected(errors.UNSUPPORTED, f"unsupported file type: {path.name}", str(path))
        return
    for item in reader(path):
        if isinstance(item, Article) and not item.text.strip():
            yield Rejected(errors.EMPTY_TEXT, "no article text", item.origin or str(path))
        else:
            yield item


def reader_for(path: Path) -> Reader | None:
    """The reader for a file name, or None if the format is not supported."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return read_warc
    if name.endswith(JSONL_SUFFIXES):
        return read_jsonl
    if name.endswith(PAGE_SUFFIXES):
        return read_page
    return None


def read_page(path: Path) -> Iterator[Article | Rejected]:
    """One HTML page or plain-text dump (gzip-compressed pages are accepted)."""
    where = str(path)
    try:
        data = _read_capped(path)
    except MarsadError as error:
        yield Rejected(error.code, error.message, where)
        return
    except OSError as error:
        yield Rejected(errors.BAD_RECORD, f"cannot read the file: {error.strerror}", where)
        return
    try:
        yield extract_document(data, where=where)
    except MarsadError as error:
        yield Rejected(error.code, error.message, where)


def _read_capped(path: Path) -> bytes:
    """The file's bytes (decompressed for .gz), refusing anything above MAX_PAGE_BYTES."""
    where = str(path)
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise _TooLarge(f"larger than {MAX_PAGE_BYTES} bytes", where)
    if not path.name.lower().endswith(".gz"):
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as stream:
            data = stream.read(MAX_PAGE_BYTES + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise _Truncated(f"damaged gzip file: {error}", where) from error
    if len(data) > MAX_PAGE_BYTES:
        raise _TooLarge(f"larger than {MAX_PAGE_BYTES} bytes once decompressed", where)
    return data


class _TooLarge(MarsadError):
    code = errors.TOO_LARGE


class _Truncated(MarsadError):
    code = errors.TRUNCATED
