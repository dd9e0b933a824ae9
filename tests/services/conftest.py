"""Fixtures for the services: an in-memory store and real articles read lazily."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import pytest

from marsad.ingest.jsonl import read_jsonl
from marsad.model import Article
from marsad.store import SQLiteStore

ANT = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ant_corpus_multisource"

RealArticles = Callable[[int], Iterator[Article]]


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory_store:
        yield memory_store


def _read_ant(limit: int) -> Iterator[Article]:
    """The first `limit` ANT corpus records as articles, read by the JSON Lines reader."""
    records = islice(read_jsonl(ANT / "articles.jsonl"), limit)
    return (record for record in records if isinstance(record, Article))


@pytest.fixture
def real_articles() -> RealArticles:
    """A function giving the first N real news articles (skips if the data is absent)."""
    if not (ANT / "articles.jsonl").exists():
        pytest.skip("the ANT corpus is not beside the repository")
    return _read_ant
