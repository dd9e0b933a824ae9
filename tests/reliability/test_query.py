"""Hostile queries: whatever a user types reaches the index as words, never as FTS5
or SQL syntax, and fails (if at all) as a one-line `InputError`, never a crash.

Replayed: parentheses nested thousands deep (the parser recursed until Python's
limit), thousands of words OR-ed together (SQLite's expression depth), FTS5
operators and SQL in words, phrases and field values, NUL and control characters.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import InputError
from marsad.model import Article
from marsad.services.export_full import ExportSelection, full_rows
from marsad.services.facets import SearchRequest, faceted_search
from marsad.services.query import QueryError
from marsad.services.search import search
from marsad.store import SQLiteStore
from marsad.text.query import MAX_DEPTH, MAX_LEAVES


@pytest.fixture(scope="module")
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as memory:
        memory.add_articles(
            [
                Article(text="قال الوزير NOT شيئا عن NEAR والنجمة *", title="أ", site="a"),
                Article(text="قصف على صنعاء اليوم; DROP TABLE articles", title="ب", site="b"),
            ]
        )
        yield memory


@pytest.mark.parametrize(
    "query",
    [
        "(" * 5000 + "صنعاء" + ")" * 5000,
        "-" * 5000 + "صنعاء",
        "NOT " * 2000 + "صنعاء",
        "(" * (MAX_DEPTH + 1) + "صنعاء" + ")" * (MAX_DEPTH + 1),
        " OR ".join(["صنعاء"] * (MAX_LEAVES + 1)),
        " ".join(f"site:s{n}" for n in range(5000)),
    ],
)
def test_deep_or_long_queries_are_refused_in_arabic(store: SQLiteStore, query: str) -> None:
    with pytest.raises(QueryError) as raised:
        search(store, query)
    assert any("\u0600" <= char <= "\u06ff" for char in raised.value.message)


def test_the_widest_accepted_query_runs(store: SQLiteStore) -> None:
    wide = " OR ".join(f"site:s{n}" for n in range(MAX_LEAVES - 1)) + " OR صنعاء"
    assert [hit.title for hit in search(store, wide)] == ["ب"]
    nested = "(" * MAX_DEPTH + "صنعاء" + ")" * MAX_DEPTH
    assert [hit.title for hit in search(store, nested)] == ["ب"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ('"NOT"', ["أ"]),
        ("NEAR*", ["أ"]),  # the word NEAR; the star is punctuation
        ('"NEAR(" OR "*"', ["أ"]),
        ("'; DROP TABLE articles; x", []),
        ("DROP TABLE articles", ["ب"]),
        ('site:"b\'; DROP TABLE articles; --"', []),
        ("site:b", ["ب"]),
        ('source:«x" OR 1=1»', []),
        ("صنعاء\x00", ["ب"]),
        ("\u202eصنعاء", ["ب"]),
    ],
)
def test_syntax_in_user_text_stays_text(store: SQLiteStore, query: str, titles: list[str]) -> None:
    assert [hit.title for hit in search(store, query)] == titles
    assert store.count() == 2


_PIECES = [*"صنعاء قصف()\"«»-:*^NOTRA/\\'\x00;", "OR", "site:", "from:", "2024-01-01"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TEXT)
def test_any_text_answers_or_fails_as_input(store: SQLiteStore, query: str) -> None:
    try:
        search(store, query, limit=5)
        faceted_search(store, SearchRequest(query=query, limit=5))
        list(full_rows(store, ExportSelection(query=query)))
    except InputError:
        pass
