"""Fixtures for the web tests: a small real database and an in-process client.

The database holds the first articles of the shipped demo sample (real Arabic news),
enriched and tracked into stories, plus hand-made hostile articles whose title, text,
site, URL and annotations try to inject markup.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_data import DEMO_ARTICLES, TOKEN, demo_records, hostile_articles

from marsad.ingest import read_jsonl
from marsad.services.ingest import ingest
from marsad.services.stories import Tracker
from marsad.steps.pipeline import Enricher
from marsad.store import open_store
from marsad.web import WebSettings, create_app


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    sample = folder / "sample.jsonl"
    sample.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in demo_records(DEMO_ARTICLES)),
        encoding="utf-8",
    )
    path = folder / "web.db"
    tracker = Tracker()
    with open_store(path) as store:
        ingest(store, read_jsonl(sample), enrich=Enricher.load(), track=tracker.track)
        ingest(store, hostile_articles(), track=tracker.track)
    return path


@pytest.fixture(scope="session")
def settings() -> WebSettings:
    return WebSettings(token=TOKEN, secret=b"s" * 32)


@pytest.fixture(scope="session")
def client(web_db: Path, settings: WebSettings) -> Iterator[TestClient]:
    with TestClient(create_app(str(web_db), settings=settings)) as test_client:
        yield test_client


@pytest.fixture
def fresh_client(tmp_path: Path, web_db: Path, settings: WebSettings) -> Iterator[TestClient]:
    """A client over a private copy of the database, for tests that write."""
    copy = tmp_path / "copy.db"
    with sqlite3.connect(web_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with TestClient(create_app(str(copy), settings=settings)) as test_client:
        yield test_client
