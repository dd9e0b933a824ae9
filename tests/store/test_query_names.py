"""`entity:` and `place:` values resolved through the stored spans, in any spelling,
including spans stored after the first query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from marsad.model import Article, EntitySpan, PlaceSpan
from marsad.store import SQLiteStore
from marsad.store.query_names import NameIndex


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory:
        yield memory


def _article(title: str, mention: str, entity: tuple[str, str], place: str) -> Article:
    text = f"قال {mention} في {place} اليوم"
    start = text.index(mention)
    where = text.index(place)
    return Article(
        text=text,
        title=title,
        entities=(EntitySpan(mention, start, start + len(mention), "ORG", *entity),),
        places=(PlaceSpan(place, where, where + len(place), place, "YE", 15.3, 44.2),),
    )


def test_names_mentions_and_spellings_resolve_to_ids(store: SQLiteStore) -> None:
    store.add_articles([_article("أ", "تنظيم الدولة", ("org:isis", "داعش"), "صنعاء")])

    def titles(query: str) -> list[str]:
        return [hit.title for hit in store.search(query, 10)]

    assert titles("entity:org:isis") == ["أ"]
    assert titles("entity:داعش") == ["أ"]  # the canonical name
    assert titles('entity:"تنظيم الدوله"') == ["أ"]  # a mention, spelled otherwise
    assert titles("entity:القاعدة") == []
    assert titles("place:صنعا") == []  # a different word, not a spelling
    assert titles("place:صَنعاء") == ["أ"]


def test_spans_stored_after_a_query_are_found(store: SQLiteStore) -> None:
    store.add_articles([_article("أ", "داعش", ("org:isis", "داعش"), "صنعاء")])
    assert [hit.title for hit in store.search("entity:الحوثيون", 10)] == []
    store.add_articles([_article("ب", "الحوثيين", ("org:houthis", "الحوثيون"), "عدن")])
    assert [hit.title for hit in store.search("entity:الحوثيون", 10)] == ["ب"]
    assert [hit.title for hit in store.search("place:عدن", 10)] == ["ب"]


def test_the_index_reads_only_new_spans() -> None:
    reads: list[int] = []
    rows = [(1, "org:isis", "داعش", "داعش"), (2, "org:isis", "داعش", "تنظيم الدولة")]

    def read(sql: str, parameters: Sequence[Any]) -> list[Any]:
        after = int(parameters[0])
        reads.append(after)
        return [row for row in rows if row[0] > after]

    index = NameIndex()
    assert index.resolve(read, "entity", "تنظيم الدولة") == ["org:isis", "تنظيم الدولة"]
    rows.append((3, "org:sdf", "قسد", "قسد"))
    assert index.resolve(read, "entity", "قسد") == ["org:sdf", "قسد"]
    assert reads == [0, 2]
