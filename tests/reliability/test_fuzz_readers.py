"""Fuzzing the readers and the search query path: arbitrary input, only `MarsadError`.

Readers face whatever a disk, a crawl or an export holds; the query parser faces
whatever a user types. Hypothesis feeds them arbitrary bytes and text (and byte-level
mutations of real Arabic pages); any exception other than a `MarsadError` is a bug.
Reading never raises at all: a bad document comes back as a `Rejected`.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import MarsadError
from marsad.ingest.dump import extract_document, extract_dump
from marsad.ingest.encoding import decode_document
from marsad.ingest.files import read_paths
from marsad.ingest.html import extract_html
from marsad.ingest.jsonl import read_jsonl_stream
from marsad.model import Article, Rejected
from marsad.services.search import search
from marsad.store.sqlite import SQLiteStore
from marsad.store.terms import TermAnalyzer, match_expression
from marsad.text.analyzer import analyze, analyze_query

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PAGE = (
    '<html><head><meta charset="utf-8"><title>الجيش يعلن السيطرة على بلدة - موقع الأخبار'
    '</title><meta property="og:site_name" content="موقع الأخبار"></head><body><article>'
    "<h1>الجيش يعلن السيطرة على بلدة</h1><p>أعلن الجيش اليوم السيطرة على البلدة بعد معارك"
    " استمرت ثلاثة أيام، وفق ما قال مصدر عسكري لوكالة الأنباء.</p><p>وقال المصدر إن نحو 400"
    " ألف شخص نزحوا من المنطقة خلال الأسبوع الماضي.</p></article></body></html>"
)
ARABIC = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(list(" \"'*-():^+|&\\\n\t\x00\x1b\u200f\u202e\ufffd")),
        st.characters(codec="utf-8"),
    ),
    max_size=200,
)
ANY_TEXT = st.one_of(ARABIC, st.text(max_size=200))


@st.composite
def mutated_page(draw: st.DrawFn) -> bytes:
    """The sample page's bytes (in one of its encodings) with random bytes changed."""
    codec = draw(st.sampled_from(["utf-8", "windows-1256", "utf-16"]))
    data = bytearray(PAGE.encode(codec))
    for _ in range(draw(st.integers(0, 20))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


DOCUMENTS = st.one_of(st.binary(max_size=3000), mutated_page())


def _only_marsad_errors(call: object) -> None:
    """Run `call`; a `MarsadError` is an accepted answer, anything else fails the test."""
    assert callable(call)
    with contextlib.suppress(MarsadError):
        call()


@FUZZ
@given(DOCUMENTS, st.sampled_from([None, "windows-1256", "utf-8", "utf-16", "bogus"]))
def test_decoding_raises_only_decoding_errors(data: bytes, declared: str | None) -> None:
    try:
        decoded = decode_document(data, declared, where="fuzz")
    except MarsadError:
        return
    assert isinstance(decoded.text, str) and decoded.replaced >= 0
    decoded.text.encode("utf-8")  # no lone surrogates come out of decoding


@FUZZ
@given(DOCUMENTS)
def test_page_and_dump_reader(data: bytes) -> None:
    try:
        article = extract_document(data, where="fuzz.html")
    except MarsadError:
        return
    assert isinstance(article, Article)


@FUZZ
@given(ANY_TEXT)
def test_html_and_dump_from_text(text: str) -> None:
    _only_marsad_errors(lambda: extract_html(text, where="fuzz.html"))
    _only_marsad_errors(lambda: extract_dump(text, where="fuzz.txt"))
    _only_marsad_errors(lambda: extract_html(f"<p>{text}</p>" * 3, where="fuzz.html"))


def _record_lines() -> st.SearchStrategy[bytes]:
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
        max_leaves=12,
    )
    fields = st.sampled_from(
        ["text", "id", "url", "title", "site", "source", "published", "tags", "html", "author"]
    )
    records = st.dictionaries(fields, values, max_size=6)
    as_json = records.map(lambda record: json.dumps(record).encode("utf-8"))
    return st.one_of(as_json, st.binary(max_size=400), as_json.map(lambda b: b[: len(b) // 2]))


@FUZZ
@given(st.lists(_record_lines(), max_size=6))
def test_jsonl_reader_never_raises(lines: list[bytes]) -> None:
    stream = io.BytesIO(b"\n".join(lines))
    items = list(read_jsonl_stream(stream, "fuzz.jsonl", max_line_bytes=100_000))
    for item in items:
        assert isinstance(item, (Article, Rejected))
        if isinstance(item, Article):
            item.text.encode("utf-8")
            item.title.encode("utf-8")


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@FUZZ
@given(
    name=st.sampled_from(
        ["page.html", "page.html.gz", "dump.txt", "a.jsonl", "a.jsonl.gz", "a.warc"]
    ),
    data=DOCUMENTS,
    compress=st.booleans(),
)
def test_file_readers_never_raise(name: str, data: bytes, compress: bool, folder: Path) -> None:
    path = folder / name
    path.write_bytes(gzip.compress(data) if compress and name.endswith(".gz") else data)
    for item in read_paths([path]):
        assert isinstance(item, (Article, Rejected))


def _warc(payload: bytes, declared_length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    length = len(http) if declared_length is None else declared_length
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
        b"WARC-Date: 2020-04-10T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {length}\r\n\r\n".encode()
    )
    return head + http + b"\r\n\r\n"


@FUZZ
@given(
    payload=mutated_page(),
    declared_length=st.one_of(st.none(), st.integers(0, 5000)),
    cut=st.integers(0, 3000),
)
def test_warc_reader_never_raises(
    payload: bytes, declared_length: int | None, cut: int, folder: Path
) -> None:
    data = _warc(payload, declared_length)
    path = folder / "fuzz.warc"
    path.write_bytes(data[: len(data) - cut] if cut < len(data) else data)
    for item in read_paths([path]):
        assert isinstance(item, (Article, Rejected))


@FUZZ
@given(ANY_TEXT)
def test_query_analysis(query: str) -> None:
    analyze(query)
    groups = analyze_query(query)
    expression = match_expression(TermAnalyzer().analyze_query(query))
    assert expression is None or isinstance(expression, str)
    assert isinstance(groups, list)


@pytest.fixture(scope="module")
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as opened:
        opened.add_articles(
            [
                Article(text="أعلن الجيش السيطرة على بلدة الباغوز", title="الباغوز"),
                Article(text="نزح آلاف اللاجئين السوريين إلى الأردن", title="اللاجئون"),
                Article(text='He said "NEAR" AND OR NOT * ^ column:title', title="English"),
            ]
        )
        yield opened


@FUZZ
@given(query=ANY_TEXT, limit=st.integers(1, 1000), offset=st.integers(0, 50))
def test_search_queries_against_a_real_store(
    query: str, limit: int, offset: int, store: SQLiteStore
) -> None:
    try:
        hits = search(store, query, limit=limit, offset=offset)
    except MarsadError:
        return
    assert all(hit.snippet is not None for hit in hits)
