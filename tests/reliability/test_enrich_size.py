"""Enrichment of very large texts: refused above the cap, enriched below it.

The speed itself is measured by `bench/bench_enrich_size.py`, never here. These tests
check what the size work must keep true: the cap rejects with a counted reason, a
1 MB text of real news goes through, and the position indexes that replaced the
per-number and per-span scans answer exactly what the scans answered.
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from marsad.errors import TOO_LARGE
from marsad.model import Article
from marsad.services.ingest import ingest
from marsad.steps.ner import bounded_sentences, split_sentences
from marsad.steps.pipeline import Enricher
from marsad.steps.text_limit import TextTooLarge
from marsad.store.sqlite import SQLiteStore

DEMO = Path(__file__).resolve().parents[2] / "marsad" / "resources" / "demo" / "articles.jsonl.gz"
MEGABYTE = 2**20


@cache
def enricher() -> Enricher:
    return Enricher.load()


@cache
def demo_paragraphs() -> tuple[str, ...]:
    with gzip.open(DEMO, "rt", encoding="utf-8") as lines:
        return tuple(" ".join(json.loads(line)["text"].split()) for line in lines)


def news_text(size: int) -> str:
    """Real news paragraphs, the sample repeated as needed, up to `size` UTF-8 bytes."""
    chosen: list[str] = []
    total = 0
    while total < size:
        for paragraph in demo_paragraphs():
            chosen.append(paragraph)
            total += len(paragraph.encode("utf-8")) + 1
            if total >= size:
                break
    return "\n".join(chosen)


def test_a_text_above_the_cap_is_refused_with_its_size_and_the_limit() -> None:
    small = replace(enricher(), max_text_bytes=10_000)
    text = news_text(12_000)
    with pytest.raises(TextTooLarge) as raised:
        small(Article(text=text, url="https://example.com/huge"))
    error = raised.value
    assert error.code == TOO_LARGE
    assert f"{len(text.encode('utf-8')):,} bytes" in error.message
    assert "10,000 bytes" in error.message
    assert error.where == "https://example.com/huge"


def test_ingest_counts_a_text_above_the_cap_as_a_rejection() -> None:
    small = replace(enricher(), max_text_bytes=10_000)
    huge = Article(text=news_text(12_000), external_id="huge", site="demo")
    normal = [
        Article(text=paragraph, external_id=str(number), site="demo")
        for number, paragraph in enumerate(demo_paragraphs()[:5])
    ]
    with SQLiteStore(":memory:") as store:
        report = ingest(store, [normal[0], huge, *normal[1:]], enrich=small)
        assert report.new == 5
        assert report.rejected == 1
        assert report.reasons == {TOO_LARGE: 1}
        assert report.examples[0].code == TOO_LARGE
        assert store.count() == 5


@pytest.mark.timeout(600)
def test_a_one_megabyte_text_is_enriched() -> None:
    text = news_text(MEGABYTE)
    article = enricher()(Article(text=text, lang="ar"))
    assert len(article.entities) > 1000
    assert len(article.places) > 500
    assert article.quantities
    assert all(text[span.start : span.end] == span.text for span in article.quantities)
    assert all(text[span.start : span.end] == span.text for span in article.entities)


def test_a_long_text_finds_what_its_paragraphs_find() -> None:
    """Quantities and places depend on their sentence only, so a text made of many
    articles finds, at shifted offsets, what each article finds alone."""
    paragraphs = demo_paragraphs()[:40]
    text = "\n".join(paragraphs)
    together = enricher()(Article(text=text, lang="ar"))
    alone: list[tuple[int, int, float]] = []
    offset = 0
    for paragraph in paragraphs:
        found = enricher()(Article(text=paragraph, lang="ar"))
        alone.extend((s.start + offset, s.end + offset, s.value) for s in found.quantities)
        offset += len(paragraph) + 1
    assert [(s.start, s.end, s.value) for s in together.quantities] == alone


def test_overlong_sentences_are_cut_into_bounded_pieces_that_keep_every_token() -> None:
    words = " ".join(f"كلمة{number}" for number in range(1000))
    text = words + "، " + words + ". جملة قصيرة."
    sentences = split_sentences(text)
    pieces = bounded_sentences(sentences, limit=300)
    assert [token for piece in pieces for token in piece] == [
        token for sentence in sentences for token in sentence
    ]
    assert all(len(piece) <= 300 for piece in pieces)
    assert pieces[-1] == sentences[-1]  # a short sentence is left alone


def test_a_cut_falls_after_punctuation_when_there_is_some() -> None:
    words = [f"كلمة{number}" for number in range(500)]
    words[250] += "،"
    pieces = bounded_sentences(split_sentences(" ".join(words)), limit=300)
    assert pieces[0][-1][0] == "،"
    assert len(pieces[0]) == 252


def test_the_tagger_reads_an_unpunctuated_text_in_pieces_with_the_same_offsets() -> None:
    text = " ".join(demo_paragraphs()[:30]).replace(".", " ").replace("،", " ")
    spans = enricher().tagger.find_entities(text)
    assert spans
    assert all(0 <= start < end <= len(text) for start, end, _ in spans)
    assert all(text[start:end].strip() == text[start:end] for start, end, _ in spans)


@pytest.mark.parametrize("seed", range(5))
def test_enclosing_spans_are_found_as_a_full_scan_finds_them(seed: int) -> None:
    """The index of entity spans that places consult answers as scanning them all."""
    from marsad.steps.places import _Enclosing

    generator = random.Random(seed)
    spans = []
    for _ in range(200):
        start = generator.randrange(0, 1000)
        spans.append((start, start + generator.randrange(1, 40)))
    enclosing = _Enclosing(spans)
    for _ in range(2000):
        start = generator.randrange(0, 1050)
        end = start + generator.randrange(0, 30)
        expected = any(s <= start and end <= e for s, e in spans)
        assert enclosing.encloses(start, end) == expected
