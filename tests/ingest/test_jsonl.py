"""JSON Lines: one record per line, bad lines rejected with file:line, the rest read."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

from ingest_data import seed_paragraphs, shared_data

from marsad import errors
from marsad.ingest import read_jsonl
from marsad.model import Article, Rejected

PARAGRAPHS = seed_paragraphs()


def test_good_and_bad_lines(tmp_path: Path) -> None:
    text = "\n\n".join(PARAGRAPHS[:2])
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": text,
                "title": "عنوان",
                "tags": ["داعش"],
                "published": "2020-04-03",
                "source": "رويترز",
                "site": "بلدي نيوز",
            },
            ensure_ascii=False,
        ).encode(),
        b"",
        b'{"id": "broken", "text": ',
        json.dumps({"id": "a2", "title": "بلا نص"}).encode(),
        b'{"text": "\xff\xfe bad bytes"}',
        json.dumps({"id": "a3", "text": "   "}).encode(),
        json.dumps(["not", "an", "object"]).encode(),
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    results = list(read_jsonl(path))
    first = results[0]
    assert isinstance(first, Article)
    assert (first.external_id, first.title, first.tags) == ("a1", "عنوان", ("داعش",))
    assert (first.source, first.site, first.published) == ("رويترز", "بلدي نيوز", "2020-04-03")
    assert first.text == text
    assert first.origin == f"{path}:1"
    assert first.lang == "ar"
    rejected = [(r.code, r.where) for r in results[1:] if isinstance(r, Rejected)]
    assert rejected == [
        (errors.BAD_JSON, f"{path}:3"),
        (errors.MISSING_TEXT, f"{path}:4"),
        (errors.BAD_ENCODING, f"{path}:5"),
        (errors.EMPTY_TEXT, f"{path}:6"),
        (errors.BAD_RECORD, f"{path}:7"),
    ]


def test_html_field_is_extracted_and_explicit_fields_win(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    head = "<head><title>عنوان الصفحة - موقع</title></head>"
    html = f"<html>{head}<body><article>{body}</article></body></html>"
    record = {"id": "h1", "html": html, "title": "عنوان صريح", "url": "https://example.org/a"}
    path = tmp_path / "pages.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    (article,) = list(read_jsonl(path))
    assert isinstance(article, Article)
    assert article.title == "عنوان صريح"
    assert article.site == "موقع"
    assert article.url == "https://example.org/a"
    assert article.text.split("\n\n")[0] == PARAGRAPHS[0]


def test_corpus_field_aliases() -> None:
    ant = shared_data("ant_corpus_multisource") / "articles.jsonl"
    for item in itertools.islice(read_jsonl(ant), 50):
        assert isinstance(item, Article)
        assert item.site and item.external_id and item.external_id.startswith("ant-")
        assert item.published and item.published[:4] == "2018"
    snn = shared_data("saudinewsnet") / "articles.jsonl"
    first = next(iter(read_jsonl(snn)))
    assert isinstance(first, Article)
    # A bare `source` is the credited outlet (the contract's field), never guessed as the site.
    assert (first.source, first.site) == ("3alyoum", None)
    assert first.published == "2015-08-09T17:26:01"
