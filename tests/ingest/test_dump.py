"""The plain-text page dump reader, checked against the hand-written seed expectation."""

from __future__ import annotations

import json

import pytest
from ingest_data import FIXTURES, SEED_DUMP

from marsad.errors import ExtractionError
from marsad.ingest import extract_document, extract_dump
from marsad.ingest.dump import looks_like_html


def test_SEED_DUMP_matches_hand_written_expectation() -> None:
    expected = json.loads((FIXTURES / "seed_expected.json").read_text(encoding="utf-8"))
    article = extract_document(SEED_DUMP.read_bytes(), where=str(SEED_DUMP))
    assert article.title == expected["title"]
    assert article.site == expected["site"]
    assert article.source == expected["source"]
    assert list(article.tags) == expected["tags"]
    assert list(article.related) == expected["related"]
    assert article.lang == expected["lang"]
    assert article.text == expected["text"]
    assert (article.author, article.published) == (expected["author"], expected["published"])
    for unwanted in ["مقالات ذات صلة", "بلدي نيوز", "austin_tice", *expected["related"]]:
        assert unwanted not in article.text
    assert article.origin == str(SEED_DUMP)


def test_dump_without_repeated_title_or_tags() -> None:
    text = (
        "انتخابات برلمانية في العراق | وكالة الأنباء\n\n"
        "رويترز\n\n"
        "توجه الناخبون العراقيون إلى صناديق الاقتراع يوم السبت لاختيار برلمان جديد.\n\n"
        "وقالت المفوضية إن نسبة المشاركة بلغت 44 في المئة.\n\n"
        "اقرأ أيضا: العبادي يعلن نتائج أولية للانتخابات\n"
    )
    article = extract_dump(text, where="t.txt")
    assert article.title == "انتخابات برلمانية في العراق"
    assert article.site == "وكالة الأنباء"
    assert article.source == "رويترز"
    assert article.tags == ()
    assert article.related == ("العبادي يعلن نتائج أولية للانتخابات",)
    assert article.text.startswith("توجه الناخبون")
    assert "اقرأ أيضا" not in article.text


def test_dump_reads_a_date_meta_line() -> None:
    text = "عنوان الخبر هنا\n2019-03-14\n\nنص الخبر الأول وهو فقرة كاملة تتحدث عن الحدث.\n"
    assert extract_dump(text).published == "2019-03-14"


def test_title_only_dump_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract_dump("عنوان فقط - موقع\n\n", where="t.txt")
    with pytest.raises(ExtractionError):
        extract_dump("  \n", where="t.txt")


def test_html_is_told_from_a_dump() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body><p>نص</p></body></html>")
    assert looks_like_html("  <html lang='ar'><head></head></html>")
    assert not looks_like_html(SEED_DUMP.read_text(encoding="utf-8"))
