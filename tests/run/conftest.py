"""Fixtures of the runners: demo records as JSON Lines and as pages, a small real input.

The first records of the bundled demo sample (real Arabic news, SaudiNewsNet) are
written as one JSON Lines file and, for the next ones, as HTML page files, so that
both the records a reader makes and the pages a worker extracts are exercised; an
empty page and a wrong file type add rejections to compare.
"""

from __future__ import annotations

import gzip
import html
import json
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from marsad.services.demo import demo_sample


def demo_records(count: int) -> list[dict[str, Any]]:
    with gzip.open(demo_sample(), "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, count)]


def as_page(record: dict[str, Any]) -> str:
    """A plain news page around one record (title, date, paragraphs)."""
    escape = html.escape
    paragraphs = "".join(
        f"<p>{escape(part.strip())}</p>" for part in record["text"].split("\n") if part.strip()
    )
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{escape(record['title'])}</title>"
        f'<meta property="article:published_time" content="{escape(record["published"] or "")}">'
        f'<link rel="canonical" href="{escape(record["url"])}">'
        f"</head><body><article><h1>{escape(record['title'])}</h1>{paragraphs}</article>"
        "</body></html>"
    )


def write_demo_input(folder: Path, records: int = 36, pages: int = 14) -> Path:
    """`records` demo records as JSON Lines and the next `pages` as page files."""
    taken = demo_records(records + pages)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "a-records.jsonl").open("w", encoding="utf-8") as out:
        for record in taken[:records]:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    pages_folder = folder / "pages"
    pages_folder.mkdir()
    for number, record in enumerate(taken[records:]):
        (pages_folder / f"{number:03d}.html").write_text(as_page(record), encoding="utf-8")
    (pages_folder / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"not a page")
    return folder


@pytest.fixture(scope="module")
def demo_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The input folder of `write_demo_input`, made once per test module."""
    return write_demo_input(tmp_path_factory.mktemp("demo-input"))
