"""The article view: one stored article with its annotations."""

from __future__ import annotations

from marsad.model import Article
from marsad.store.protocol import Store


def get_article(store: Store, article_id: int) -> Article:
    """The article `article_id`; raises `marsad.errors.NotFound` if there is none."""
    return store.get(article_id)
