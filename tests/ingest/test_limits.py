"""Size caps: a document above the limit is refused with its size and the limit, unread."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from marsad import errors
from marsad.errors import InputError
from marsad.ingest.limits import (
    LIMIT_VARIABLE,
    MAX_DOCUMENT_BYTES,
    DocumentTooLarge,
    document_limit,
    read_capped,
    read_file_capped,
)


class CountingStream(io.RawIOBase):
    """An endless stream that counts how many bytes were asked of it."""

    def __init__(self) -> None:
        self.served = 0

    def read(self, size: int = -1, /) -> bytes:
        size = 1 << 20 if size < 0 else size
        self.served += size
        return b"x" * size


def test_bounded_read_stops_just_after_the_limit() -> None:
    stream = CountingStream()
    with pytest.raises(DocumentTooLarge) as caught:
        read_capped(stream, 3_000_000, "<stdin>")
    assert stream.served == 3_000_001
    assert caught.value.code == errors.TOO_LARGE
    assert "the limit is 2.9 MB" in caught.value.message
    assert caught.value.where == "<stdin>"


def test_small_input_is_read_whole() -> None:
    assert read_capped(io.BytesIO(b"abc"), 3, "-") == b"abc"


def test_file_size_is_named(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>" + b"a" * 5000 + b"</p>")
    with pytest.raises(DocumentTooLarge) as caught:
        read_file_capped(page, 1024)
    assert "4.9 KB, the limit is 1.0 KB" in caught.value.message


def test_gzip_bomb_is_stopped_at_the_limit(tmp_path: Path) -> None:
    page = tmp_path / "bomb.html.gz"
    page.write_bytes(gzip.compress(b"a" * 5_000_000))
    assert page.stat().st_size < 100_000
    with pytest.raises(DocumentTooLarge) as caught:
        read_file_capped(page, 1_000_000)
    assert "once decompressed" in caught.value.message


def test_limit_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert document_limit() == MAX_DOCUMENT_BYTES
    monkeypatch.setenv(LIMIT_VARIABLE, "2048")
    assert document_limit() == 2048
    assert document_limit(100) == 100
    monkeypatch.setenv(LIMIT_VARIABLE, "lots")
    with pytest.raises(InputError):
        document_limit()
    with pytest.raises(InputError):
        document_limit(0)
