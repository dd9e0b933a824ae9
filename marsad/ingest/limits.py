"""Size caps on input documents, enforced while reading so a huge file is never loaded.

A news page is a few hundred kilobytes; a 200 MB "page" is a mistake or an attack, and
parsing it would take gigabytes of memory. Every reader reads at most the cap plus one
byte and refuses the document with `DocumentTooLarge`, which names the size and the
limit. The cap is `MAX_DOCUMENT_BYTES`, or `$MARSAD_MAX_DOCUMENT_BYTES` when set.
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path
from typing import Protocol

from marsad import errors
from marsad.errors import InputError, MarsadError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
LIMIT_VARIABLE = "MARSAD_MAX_DOCUMENT_BYTES"
_CHUNK = 1024 * 1024


class ByteStream(Protocol):
    """What `read_capped` needs of a file, a gzip stream or stdin."""

    def read(self, size: int = -1, /) -> bytes: ...


class DocumentTooLarge(MarsadError):
    """A document above the size cap; refused before it is parsed."""

    code = errors.TOO_LARGE


class DamagedFile(MarsadError):
    """A compressed file that ends early or is corrupt."""

    code = errors.TRUNCATED


def document_limit(explicit: int | None = None) -> int:
    """The cap in bytes: `explicit`, else `$MARSAD_MAX_DOCUMENT_BYTES`, else the default."""
    if explicit is not None:
        return _positive(explicit, "--max-bytes")
    value = os.environ.get(LIMIT_VARIABLE)
    if value is None or not value.strip():
        return MAX_DOCUMENT_BYTES
    try:
        return _positive(int(value), LIMIT_VARIABLE)
    except ValueError:
        raise InputError(f"{LIMIT_VARIABLE} must be a number of bytes, got {value!r}") from None


def _positive(limit: int, name: str) -> int:
    if limit <= 0:
        raise InputError(f"{name} must be a positive number of bytes, got {limit}")
    return limit


def describe_size(size: int) -> str:
    """A byte count as people read it: "200.0 MB", "512 bytes"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def too_large(size: int | None, limit: int, where: str, what: str = "document") -> DocumentTooLarge:
    """The error for a document over `limit`; `size` None means "more than the limit"."""
    shown = describe_size(size) if size is not None else f"more than {describe_size(limit)}"
    return DocumentTooLarge(
        f"{what} is too large: {shown}, the limit is {describe_size(limit)} "
        f"(set {LIMIT_VARIABLE} to change it)",
        where,
    )


def read_capped(stream: ByteStream, limit: int, where: str, what: str = "document") -> bytes:
    """At most `limit` bytes of `stream`, read in chunks; raises if there is more."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise too_large(None, limit, where, what)


def read_file_capped(path: Path, limit: int) -> bytes:
    """A file's bytes (decompressed for .gz) if they fit under `limit`; never reads more."""
    where = str(path)
    size = path.stat().st_size
    if size > limit:
        raise too_large(size, limit, where, "file")
    if not path.name.lower().endswith(".gz"):
        with open(path, "rb") as stream:
            return read_capped(stream, limit, where, "file")
    try:
        with gzip.open(path, "rb") as stream:
            return read_capped(stream, limit, where, "file once decompressed")
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise DamagedFile(f"damaged gzip file: {error}", where) from error
