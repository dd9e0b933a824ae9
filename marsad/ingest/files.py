"""Files and folders -> Articles: the reader behind `marsad ingest PATH...`.

Dispatch is by file name: HTML pages, plain-text dumps, JSON Lines and WARC archives.
Folders are walked in sorted order so two runs see documents in the same order.
Every document either becomes an Article with text and an `origin`, or a Rejected
with a stable code and the place it came from; nothing is dropped silently. Pages
above the size cap (`marsad.ingest.limits`) are refused without being read whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from marsad import errors
from marsad.errors import MarsadError
from marsad.ingest.dump import extract_document
from marsad.ingest.jsonl import read_jsonl
from marsad.ingest.limits import document_limit, read_file_capped
from marsad.ingest.repairs import RepairSink, ignore_repair
from marsad.ingest.warc import read_warc
from marsad.model import Article, Rejected

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt", ".txt.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")

Reader = Callable[[Path, RepairSink], Iterator[Article | Rejected]]


def read_paths(
    paths: Iterable[Path], *, on_repair: RepairSink = ignore_repair
) -> Iterator[Article | Rejected]:
    """Every document under the given files and folders, in a stable order."""
    for path in paths:
        try:
            if path.is_dir():
                children = sorted(p for p in path.rglob("*") if p.is_file())
                for child in children:
                    if not child.name.startswith("."):
                        yield from read_file(child, on_repair=on_repair)
            elif path.exists():
                yield from read_file(path, on_repair=on_repair)
            else:
                yield Rejected(errors.UNSUPPORTED, "no such file or folder", str(path))
        except OSError as error:
            yield Rejected(errors.BAD_RECORD, f"cannot read: {_reason(error)}", str(path))


def read_file(path: Path, *, on_repair: RepairSink = ignore_repair) -> Iterator[Article | Rejected]:
    """The documents of one file, chosen by its name's ending."""
    reader = reader_for(path)
    if reader is None:
        yield Rejected(errors.UNSUPPORTED, f"unsupported file type: {path.name}", str(path))
        return
    try:
        for item in reader(path, on_repair):
            if isinstance(item, Article) and not item.text.strip():
                yield Rejected(errors.EMPTY_TEXT, "no article text", item.origin or str(path))
            else:
                yield item
    except MarsadError as error:
        yield Rejected(error.code, error.message, error.where or str(path))
    except OSError as error:
        yield Rejected(errors.BAD_RECORD, f"cannot read the file: {_reason(error)}", str(path))


def reader_for(path: Path) -> Reader | None:
    """The reader for a file name, or None if the format is not supported."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return lambda found, sink: read_warc(found, on_repair=sink)
    if name.endswith(JSONL_SUFFIXES):
        return lambda found, sink: read_jsonl(found, on_repair=sink)
    if name.endswith(PAGE_SUFFIXES):
        return read_page
    return None


def read_page(
    path: Path, on_repair: RepairSink = ignore_repair, max_bytes: int | None = None
) -> Iterator[Article | Rejected]:
    """One HTML page or plain-text dump (gzip-compressed pages are accepted)."""
    where = str(path)
    try:
        data = read_file_capped(path, document_limit(max_bytes))
    except MarsadError as error:
        yield Rejected(error.code, error.message, where)
        return
    except OSError as error:
        yield Rejected(errors.BAD_RECORD, f"cannot read the file: {_reason(error)}", where)
        return
    try:
        yield extract_document(data, where=where, on_repair=on_repair)
    except MarsadError as error:
        yield Rejected(error.code, error.message, where)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
