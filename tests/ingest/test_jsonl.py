"""JSON Lines: one record per line, bad lines rejected with file:line, the rest read."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

from ingest_data import seed_paragraphs, shared_data

from marsad import errors
from marsad.ingest import read_jsonl
from marsad.ingest.repairs import Repair
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


def test_lone_surrogates_are_repaired_and_reported(tmp_path: Path) -> None:
    good = [
        json.dumps({"id": f"g{n}", "text": f"{PARAGRAPHS[0]} ({n})"}, ensure_ascii=False)
        for n in range(3)
    ]
    # A JSON escape that decodes to a lone surrogate, in the text and the title.
    bad = '{"id": "s1", "title": "عنوان \\udc80", "text": "خبر عن دمشق \\ud83d اليوم"}'
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([good[0], bad, *good[1:]]) + "\n", encoding="utf-8")
    repairs: list[Repair] = []
    results = list(read_jsonl(path, on_repair=repairs.append))
    assert all(isinstance(item, Article) for item in results)
    repaired = results[1]
    assert isinstance(repaired, Article)
    assert repaired.title == "عنوان \ufffd"
    assert repaired.text == "خبر عن دمشق \ufffd اليوم"
    repaired.text.encode("utf-8")  # storable as UTF-8
    assert repairs == [Repair(errors.REPLACED_SURROGATES, 2, f"{path}:2")]


def test_a_few_stray_bytes_are_replaced_not_rejected(tmp_path: Path) -> None:
    text = " ".join(PARAGRAPHS[:2])
    raw = json.dumps({"id": "b1", "text": text}, ensure_ascii=False).encode("utf-8")
    damaged = raw.replace("داعش".encode(), "داعش".encode() + b"\xff", 1)
    assert damaged != raw
    path = tmp_path / "in.jsonl"
    path.write_bytes(damaged + b"\n")
    repairs: list[Repair] = []
    (article,) = list(read_jsonl(path, on_repair=repairs.append))
    assert isinstance(article, Article)
    assert "داعش\ufffd" in article.text
    assert repairs == [Repair(errors.REPLACED_BYTES, 1, f"{path}:1")]


def test_a_line_above_the_cap_is_skipped_without_holding_it(tmp_path: Path) -> None:
    small = json.dumps({"id": "1", "text": PARAGRAPHS[0]}, ensure_ascii=False)
    huge = json.dumps({"id": "2", "text": "ن" * 5000}, ensure_ascii=False)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([small, huge, small.replace('"1"', '"3"')]) + "\n", "utf-8")
    results = list(read_jsonl(path, max_line_bytes=2000))
    assert [type(item) for item in results] == [Article, Rejected, Article]
    too_large = results[1]
    assert isinstance(too_large, Rejected)
    assert (too_large.code, too_large.where) == (errors.TOO_LARGE, f"{path}:2")
    assert isinstance(results[2], Article) and results[2].external_id == "3"


def test_deeply_nested_json_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("[" * 100_000 + "\n", encoding="utf-8")
    (item,) = list(read_jsonl(path))
    assert isinstance(item, Rejected) and item.code == errors.BAD_JSON


def test_damaged_gzip_ends_with_one_rejection(tmp_path: Path) -> None:
    lines = "\n".join(
        json.dumps({"id": str(n), "text": PARAGRAPHS[n % len(PARAGRAPHS)]}) for n in range(200)
    )
    data = gzip.compress(lines.encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    results = list(read_jsonl(path))
    assert isinstance(results[-1], Rejected) and results[-1].code == errors.TRUNCATED
    assert all(isinstance(item, Article) for item in results[:-1])
