"""Getting raw documents in: readers for HTML pages, text dumps, JSON Lines and WARC."""

from marsad.ingest.dump import extract_document, extract_dump
from marsad.ingest.encoding import decode_bytes
from marsad.ingest.files import read_paths
from marsad.ingest.html import extract_html
from marsad.ingest.jsonl import read_jsonl
from marsad.ingest.warc import read_warc

__all__ = [
    "decode_bytes",
    "extract_document",
    "extract_dump",
    "extract_html",
    "read_jsonl",
    "read_paths",
    "read_warc",
]
