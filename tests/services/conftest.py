"""Fixtures for the services: an in-memory store and real articles read lazily."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from marsad.model import Article
from marsad.store import SQLiteStore

ANT = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ant_corpus_multisource"

RealArticles = Callable[[int], Iterator[Article]]


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory_store:
        yield memory_store


def _read_ant(limit: int) -> Iterator[Article]:
    """The first `limit` ANT corpus records as articles, one line at a time."""
    with (ANT / "articles.jsonl").open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if number > limit:
                return
            record = json.loads(line)
            yield Article(
                text=record["text"],
                title=record["title"],
                url=record["url"],
                external_id=record["id"],
                site=record["source_name"],
                published=record["date"],
                origin=f"articles.jsonl:{number}",
            )


@pytest.fixture
def real_articles() -> RealArticles:
    """A function giving the first N real news articles (skips if the data is absent)."""
    if not (ANT / "articles.jsonl").exists():
        pytest.skip("the ANT corpus is not beside the repository")
    return _read_ant
