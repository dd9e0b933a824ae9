"""The article view use-case."""

from __future__ import annotations

import pytest

from marsad.errors import NotFound
from marsad.model import Article
from marsad.services.articles import get_article
from marsad.store import SQLiteStore


def test_get_article_returns_what_was_stored(store: SQLiteStore) -> None:
    [result] = store.add_articles([Article(text="نص الخبر", title="عنوان", tags=("أ", "ب"))])
    assert result.id is not None
    article = get_article(store, result.id)
    assert (article.id, article.title, article.text, article.tags) == (
        result.id,
        "عنوان",
        "نص الخبر",
        ("أ", "ب"),
    )


def test_missing_article_is_not_found(store: SQLiteStore) -> None:
    with pytest.raises(NotFound) as raised:
        get_article(store, 99)
    assert raised.value.code == "not-found"
