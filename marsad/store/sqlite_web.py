"""SQLite queries behind the web pages: browsing, facets, entities, places, watchlists.

The pages ask questions the core store does not: "articles naming X, by day",
"which outlets cover the matches of this query", "where are the places mentioned".
They are answered here with indexed SQL over the span tables (`entities`, `places`)
so a page costs a few queries whatever the size of the archive.

`WebQueries` is a mixin of `SQLiteStore`; `WebStore` is the protocol the web
services ask for. Watchlists (saved searches or entities, with the id of the
newest article marked seen) live in their own table, migration `030_`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from marsad.errors import InputError, NotFound
from marsad.model import SearchHit
from marsad.store.highlight import (
    DEFAULT_MARKERS,
    ELLIPSIS,
    Markers,
    snippet,
    term_matcher,
)
from marsad.store.migration import Migration

# The values of the web queries belong to `protocol_web`; re-exported for older imports.
from marsad.store.protocol_web import SORTS as SORTS
from marsad.store.protocol_web import WATCHLIST_KINDS as WATCHLIST_KINDS
from marsad.store.protocol_web import FoundArticle as FoundArticle
from marsad.store.protocol_web import SearchFilters as SearchFilters
from marsad.store.query_names import resolver
from marsad.store.sqlite_query import (
    compile_text,
    highlight_terms,
    register_functions,
)
from marsad.store.terms import TermAnalyzer
from marsad.store.transaction import guarded_read, write_transaction

TITLE_WEIGHT = 5.0  # as in the core search: a title hit weighs five body hits
SUMMARY_COLUMNS = "a.id, a.title, a.site, a.source, a.published, a.url, a.story, a.duplicate_of"
_SUMMARY_KEYS = ("id", "title", "site", "source", "published", "url", "story", "duplicate_of")
# SQLite sorts NULL lowest, so undated articles come last; the published index serves it.
_NEWEST_FIRST = "ORDER BY a.published DESC, a.id DESC"
RANK_WINDOW = 5000  # a very common query is ranked among its newest this-many matches
SNIPPET_SCAN = 1200  # characters of an article scanned first for its snippet (its lead)
FACET_SAMPLE = 1000  # facets count the newest this-many matches (exact below that)


def _create_watchlists(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE watchlists (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('search', 'entity')),
            target TEXT NOT NULL,
            created_at TEXT NOT NULL,
            seen_up_to INTEGER NOT NULL DEFAULT 0,
            visited_at TEXT
        )
        """
    )
    # Facets and outlet filters group by site; the entity page counts per article.
    connection.execute("CREATE INDEX articles_site ON articles(site, published)")
    connection.execute("CREATE INDEX places_article ON places(article_id, name)")


WEB_MIGRATIONS: tuple[Migration, ...] = (Migration("030_watchlists", _create_watchlists),)


def _snippet(text: str, is_hit: Callable[[str], bool], markers: Markers) -> str:
    """The snippet of the text's opening `SNIPPET_SCAN` characters when they hold a hit.

    Tokenizing and matching whole long articles was half the cost of a result page;
    a hit is nearly always near the top of a news article. Without a hit there, the
    whole text is scanned, so a late match is still shown.
    """
    if len(text) > SNIPPET_SCAN:
        opening = text[:SNIPPET_SCAN]
        found = snippet(opening, is_hit, markers=markers)
        if markers.before in found:
            return found if found.endswith(ELLIPSIS) else found + ELLIPSIS
    return snippet(text, is_hit, markers=markers)


def _summary(row: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(_SUMMARY_KEYS, row, strict=True))


def _filter_sql(filters: SearchFilters) -> tuple[str, list[Any]]:
    """`AND ...` conditions on `a` (articles) for the filters that are set."""
    clauses: list[str] = []
    parameters: list[Any] = []
    if filters.site:
        clauses.append("a.site = ?")
        parameters.append(filters.site)
    if filters.date_from:
        clauses.append("substr(a.published, 1, 10) >= ?")
        parameters.append(filters.date_from)
    if filters.date_to:
        clauses.append("substr(a.published, 1, 10) <= ?")
        parameters.append(filters.date_to)
    if filters.entity:
        clauses.append(
            "EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = ? AND e.article_id = a.id)"
        )
        parameters.append(filters.entity)
    if filters.place:
        clauses.append("EXISTS (SELECT 1 FROM places p WHERE p.article_id = a.id AND p.name = ?)")
        parameters.append(filters.place)
    return "".join(f" AND {clause}" for clause in clauses), parameters


class WebQueries:
    """The web pages' queries, mixed into `SQLiteStore` (which sets these attributes)."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    _analyzer: TermAnalyzer
    path: str

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with guarded_read(self._lock, doing="reading the database", where=self.path):
            register_functions(self._db, self._analyzer)  # phrases and folded names
            return self._db.execute(sql, parameters).fetchall()

    # -- search with facets ------------------------------------------------------

    def _matching(self, query: str, filters: SearchFilters) -> tuple[str, list[Any], bool]:
        """FROM/WHERE over `a` for the query and filters; False if nothing can match."""
        where, parameters = _filter_sql(filters)
        compiled = compile_text(query, self._analyzer, resolver(self, self._rows))
        if compiled.is_empty:
            if query.strip():  # punctuation only: asks for words it does not give
                return "", [], False
            return f"FROM articles a WHERE 1{where}", parameters, True
        if compiled.match is None:
            sql = f"FROM articles a WHERE ({compiled.where}){where}"
            return sql, [*compiled.parameters, *parameters], True
        sql = (
            "FROM article_search s JOIN articles a ON a.id = s.rowid "
            f"WHERE article_search MATCH ?{compiled.where_sql}{where}"
        )
        return sql, [*compiled.parameters, *parameters], True

    def _index_only(self, query: str, filters: SearchFilters) -> bool:
        """Whether MATCH alone answers the query (words, OR, NOT; no filter, phrase, field)."""
        compiled = compile_text(query, self._analyzer)
        return filters.is_empty() and compiled.match is not None and compiled.where is None

    def _page_ids(
        self, query: str, filters: SearchFilters, sort: str, limit: int, offset: int
    ) -> tuple[list[tuple[int, float]], int]:
        """(id, bm25) of one page of matches, and the number of matches.

        Ranking reads the index alone when no filter needs the articles table: joining
        first would read every matching article just to keep twenty of them. A query
        matching more than `RANK_WINDOW` articles is ranked among its `RANK_WINDOW`
        newest matches (highest ids): bm25 costs time per match, and a monitor's
        reader of a word found in a fifth of the archive wants this week's best hits.
        """
        source, parameters, possible = self._matching(query, filters)
        if not possible:
            return [], 0
        has_query = compile_text(query, self._analyzer).match is not None
        page = [limit, max(0, offset)]
        bm25 = f"bm25(article_search, {TITLE_WEIGHT}, 1.0)"
        if self._index_only(query, filters):
            index_only = "FROM article_search WHERE article_search MATCH ?"
            total = int(self._rows(f"SELECT count(*) {index_only}", parameters)[0][0])
            if sort == "relevance":
                floor = self._rank_floor(
                    f"SELECT rowid {index_only} ORDER BY rowid DESC", parameters, total
                )
                ranked = self._rows(
                    f"SELECT rowid, {bm25} AS rank {index_only} AND rowid >= ? "
                    "ORDER BY rank, rowid LIMIT ? OFFSET ?",
                    [*parameters, floor, *page],
                )
                return [(int(row[0]), float(row[1])) for row in ranked], total
        else:
            total = int(self._rows(f"SELECT count(*) {source}", parameters)[0][0])
        if has_query and sort == "relevance":
            floor = self._rank_floor(f"SELECT a.id {source} ORDER BY a.id DESC", parameters, total)
            ranked = self._rows(
                f"SELECT a.id, {bm25} AS rank {source} AND a.id >= ? "
                "ORDER BY rank, a.id LIMIT ? OFFSET ?",
                [*parameters, floor, *page],
            )
        else:
            ranked = self._rows(
                f"SELECT a.id, 0.0 {source} {_NEWEST_FIRST} LIMIT ? OFFSET ?", [*parameters, *page]
            )
        return [(int(row[0]), float(row[1])) for row in ranked], total

    def _rank_floor(self, newest_first: str, parameters: list[Any], total: int) -> int:
        """The lowest id among the `RANK_WINDOW` newest matches (0 when fewer match)."""
        if total <= RANK_WINDOW:
            return 0
        row = self._rows(f"{newest_first} LIMIT 1 OFFSET ?", [*parameters, RANK_WINDOW - 1])
        return int(row[0][0]) if row else 0

    def browse(
        self,
        query: str,
        filters: SearchFilters,
        *,
        sort: str,
        limit: int,
        offset: int,
        markers: Markers = DEFAULT_MARKERS,
    ) -> tuple[list[FoundArticle], int]:
        """Articles matching `query` (may be empty: all) and `filters`, and how many match.

        An empty query with no filters lists the archive newest first. `sort` is
        "relevance" (bm25, title weighted) or "date" (newest first).
        """
        if sort not in SORTS:
            raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        ranked, total = self._page_ids(query, filters, sort, limit, offset)
        if not ranked:
            return [], total
        ids = [article_id for article_id, _ in ranked]
        rows = self._rows(
            "SELECT id, external_id, url, title, text, site, source, published, story, "
            f"duplicate_of FROM articles WHERE id IN ({', '.join('?' * len(ids))})",
            ids,
        )
        by_id = {row[0]: row for row in rows}
        terms = highlight_terms(compile_text(query, self._analyzer))
        is_hit = term_matcher(terms, self._analyzer.token_terms)
        results = []
        for article_id, rank in ranked:
            row = by_id[article_id]
            hit = SearchHit(
                id=row[0],
                external_id=row[1],
                url=row[2],
                title=row[3],
                snippet=_snippet(row[4], is_hit, markers),
                score=-rank,
            )
            results.append(FoundArticle(hit, row[5], row[6], row[7], row[8], row[9]))
        return results, total

    def matching_ids(
        self,
        query: str,
        filters: SearchFilters,
        *,
        story: int | None = None,
        after: int = 0,
        limit: int = 500,
    ) -> list[int]:
        """One page of the ids matching `query`, `filters` (and `story`), above `after`.

        Keyset pages by id, so an export walks any number of matches in bounded memory
        and an article stored meanwhile neither shifts nor repeats a page.
        """
        source, parameters, possible = self._matching(query, filters)
        if not possible:
            return []
        in_story = " AND a.story = ?" if story is not None else ""
        story_parameters = [story] if story is not None else []
        rows = self._rows(
            f"SELECT a.id {source}{in_story} AND a.id > ? ORDER BY a.id LIMIT ?",
            [*parameters, *story_parameters, after, limit],
        )
        return [int(row[0]) for row in rows]

    def facet_counts(
        self, query: str, filters: SearchFilters, limit: int
    ) -> dict[str, list[dict[str, Any]]]:
        """The most frequent outlets, entities and places among the newest matches.

        Counted over the `FACET_SAMPLE` newest matching articles (by id), so a query
        matching a fifth of a large archive costs the same as a rare one; below that
        many matches the counts are exact.
        """
        source, parameters, possible = self._matching(query, filters)
        if not possible:
            return {"site": [], "entity": [], "place": []}
        if self._index_only(query, filters):
            matching = (
                "SELECT rowid AS id FROM article_search WHERE article_search MATCH ? "
                "ORDER BY rowid DESC LIMIT ?"
            )
        else:
            matching = f"SELECT a.id AS id {source} ORDER BY a.id DESC LIMIT ?"
        sample = [*parameters, FACET_SAMPLE]
        sites = self._rows(
            f"SELECT a.site, count(*) AS n FROM ({matching}) m JOIN articles a ON a.id = m.id "
            "WHERE a.site IS NOT NULL GROUP BY a.site ORDER BY n DESC, a.site LIMIT ?",
            [*sample, limit],
        )
        entities = self._rows(
            f"SELECT e.entity_id, max(e.name), count(DISTINCT e.article_id) AS n "
            f"FROM ({matching}) m JOIN entities e ON e.article_id = m.id "
            "GROUP BY e.entity_id ORDER BY n DESC, e.entity_id LIMIT ?",
            [*sample, limit],
        )
        places = self._rows(
            f"SELECT p.name, count(DISTINCT p.article_id) AS n "
            f"FROM ({matching}) m JOIN places p ON p.article_id = m.id "
            "GROUP BY p.name ORDER BY n DESC, p.name LIMIT ?",
            [*sample, limit],
        )
        return {
            "site": [{"value": row[0], "label": row[0], "count": row[1]} for row in sites],
            "entity": [{"value": row[0], "label": row[1], "count": row[2]} for row in entities],
            "place": [{"value": row[0], "label": row[0], "count": row[1]} for row in places],
        }

    # -- entities ----------------------------------------------------------------

    def entity_info(self, entity_id: str) -> dict[str, Any]:
        """Name, type and counts of `entity_id`; raises `NotFound`."""
        rows = self._rows(
            "SELECT max(name), max(type), count(*), count(DISTINCT article_id) "
            "FROM entities WHERE entity_id = ?",
            [entity_id],
        )
        if not rows or rows[0][2] == 0:
            raise NotFound(f"no entity with id {entity_id!r}")
        name, kind, mentions, articles = rows[0]
        return {
            "id": entity_id,
            "name": name,
            "type": kind,
            "mentions": mentions,
            "articles": articles,
        }

    def entity_timeline(self, entity_id: str) -> list[tuple[str, int]]:
        """(day, articles naming the entity that day), oldest first; undated ones left out."""
        rows = self._rows(
            "SELECT substr(a.published, 1, 10) AS day, count(DISTINCT a.id) "
            "FROM entities e JOIN articles a ON a.id = e.article_id "
            "WHERE e.entity_id = ? AND a.published IS NOT NULL GROUP BY day ORDER BY day",
            [entity_id],
        )
        return [(str(row[0]), int(row[1])) for row in rows]

    def co_entities(self, entity_id: str, limit: int) -> list[dict[str, Any]]:
        """Entities most often named in the same articles as `entity_id`."""
        rows = self._rows(
            "SELECT other.entity_id, max(other.name), max(other.type), "
            "count(DISTINCT other.article_id) AS n "
            "FROM (SELECT DISTINCT article_id FROM entities WHERE entity_id = ?) mine "
            "JOIN entities other ON other.article_id = mine.article_id "
            "WHERE other.entity_id != ? GROUP BY other.entity_id "
            "ORDER BY n DESC, other.entity_id LIMIT ?",
            [entity_id, entity_id, limit],
        )
        return [{"id": r[0], "name": r[1], "type": r[2], "count": r[3]} for r in rows]

    def entity_articles(
        self, entity_id: str, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Summaries of the articles naming `entity_id`, newest first, and their number."""
        source = (
            "FROM articles a WHERE a.id IN (SELECT article_id FROM entities WHERE entity_id = ?)"
        )
        rows = self._rows(
            f"SELECT {SUMMARY_COLUMNS} {source} {_NEWEST_FIRST} LIMIT ? OFFSET ?",
            [entity_id, limit, max(0, offset)],
        )
        total = int(self._rows(f"SELECT count(*) {source}", [entity_id])[0][0])
        return [_summary(row) for row in rows], total

    def top_entities(self, limit: int) -> list[dict[str, Any]]:
        """The entities named in the most articles."""
        rows = self._rows(
            "SELECT entity_id, max(name), max(type), count(DISTINCT article_id) AS n "
            "FROM entities GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT ?",
            [limit],
        )
        return [{"id": r[0], "name": r[1], "type": r[2], "count": r[3]} for r in rows]

    # -- places ------------------------------------------------------------------

    def place_counts(self, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        """Places by the number of articles mentioning them, with coordinates."""
        rows = self._rows(
            "SELECT name, max(country), avg(lat), avg(lon), count(DISTINCT article_id) AS n "
            "FROM places GROUP BY name ORDER BY n DESC, name LIMIT ? OFFSET ?",
            [limit, max(0, offset)],
        )
        total = int(self._rows("SELECT count(DISTINCT name) FROM places")[0][0])
        places = [
            {"name": r[0], "country": r[1], "lat": r[2], "lon": r[3], "count": r[4]} for r in rows
        ]
        return places, total

    # -- watchlists --------------------------------------------------------------

    def add_watchlist(self, name: str, kind: str, target: str) -> int:
        """Save a watchlist; everything stored now counts as already seen."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with write_transaction(self._db, self._lock, doing="saving the watchlist", where=self.path):
            cursor = self._db.execute(
                "INSERT INTO watchlists (name, kind, target, created_at, seen_up_to) "
                "VALUES (?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM articles))",
                (name, kind, target, now),
            )
        return int(cast(int, cursor.lastrowid))

    def watchlists(self) -> list[dict[str, Any]]:
        rows = self._rows(
            "SELECT id, name, kind, target, created_at, seen_up_to, visited_at "
            "FROM watchlists ORDER BY id"
        )
        return [_watchlist(row) for row in rows]

    def watchlist(self, watchlist_id: int) -> dict[str, Any]:
        """One watchlist; raises `NotFound`."""
        rows = self._rows(
            "SELECT id, name, kind, target, created_at, seen_up_to, visited_at "
            "FROM watchlists WHERE id = ?",
            [watchlist_id],
        )
        if not rows:
            raise NotFound(f"no watchlist with id {watchlist_id}")
        return _watchlist(rows[0])

    def mark_watchlist_seen(self, watchlist_id: int, up_to: int) -> None:
        """Remember that articles up to id `up_to` have been shown."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        doing = "updating the watchlist"
        with write_transaction(self._db, self._lock, doing=doing, where=self.path):
            self._db.execute(
                "UPDATE watchlists SET seen_up_to = max(seen_up_to, ?), visited_at = ? "
                "WHERE id = ?",
                (up_to, now, watchlist_id),
            )

    def newest_article_id(self) -> int:
        return int(self._rows("SELECT coalesce(max(id), 0) FROM articles")[0][0])


def _watchlist(row: Sequence[Any]) -> dict[str, Any]:
    keys = ("id", "name", "kind", "target", "created_at", "seen_up_to", "visited_at")
    return dict(zip(keys, row, strict=True))
