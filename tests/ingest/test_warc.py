"""WARC archives: HTML responses become articles; a cut archive ends with TRUNCATED."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from ingest_data import seed_paragraphs
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad import errors
from marsad.ingest import read_warc
from marsad.model import Article, Rejected

PARAGRAPHS = seed_paragraphs()


def _archive(paragraphs: list[str], *, compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for index in range(4):
        body = "".join(f"<p>{p}</p>" for p in paragraphs[index : index + 3])
        head = f"<head><title>خبر {index}</title></head>"
        html = f"<html>{head}<body><article>{body}</article></body></html>"
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=windows-1256")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://example.org/{index}",
            "response",
            payload=io.BytesIO(html.encode("windows-1256")),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2020-04-03T08:00:00Z"},
        )
        writer.write_record(record)
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://example.org/x.png",
            "response",
            payload=io.BytesIO(b"\x89PNG"),
            http_headers=image,
        )
    )
    return buffer.getvalue()


@pytest.mark.parametrize("compress", [True, False])
def test_complete_archive(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("a.warc.gz" if compress else "a.warc")
    path.write_bytes(_archive(PARAGRAPHS, compress=compress))
    items = list(read_warc(path))
    assert all(isinstance(item, Article) for item in items)
    articles = [item for item in items if isinstance(item, Article)]
    assert [a.url for a in articles] == [f"https://example.org/{i}" for i in range(4)]
    assert articles[0].text.split("\n\n")[0] == PARAGRAPHS[0]  # charset from HTTP header
    assert articles[0].published is None  # the capture time is not the publication's
    assert articles[0].first_seen == "2020-04-03T08:00:00+00:00"
    assert articles[0].origin == f"{path}#1"


@pytest.mark.parametrize("compress", [True, False])
def test_truncated_archive(tmp_path: Path, compress: bool) -> None:
    data = _archive(PARAGRAPHS, compress=compress)
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(data[: len(data) * 6 // 10])
    items = list(read_warc(path))
    assert len(items) >= 2
    assert all(isinstance(item, Article) for item in items[:-1])
    last = items[-1]
    assert isinstance(last, Rejected)
    assert last.code == errors.TRUNCATED
    assert last.where.startswith(f"{path}#")
