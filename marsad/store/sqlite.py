"""The SQLite backend: WAL, one writer, FTS5 over Python-analyzed Arabic text.

Writes go in batches, one transaction per batch, each article inside its own
savepoint: an article that cannot be stored is rolled back alone and reported in
its `AddResult`, the rest of the batch is kept, and nothing committed before is
ever touched. Exact duplicates (same canonical URL, same folded content, or same
external id) are recognised before writing and enforced by unique indexes.

One writer connection is shared by threads (a web server's workers) behind a lock,
held only for a write's own transaction; reads run on a read-only connection of
their thread and never wait for it (see `transaction.StoreConnections`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Self

from marsad.errors import NotFound, StoreError
from marsad.model import Article, SearchHit
from marsad.store import rows
from marsad.store.event_times import load_event_times, save_event_time, with_event_times
from marsad.store.highlight import DEFAULT_MARKERS, Markers, snippet, term_matcher
from marsad.store.keys import canonical_url, content_key
from marsad.store.migrations import INSERT_SEARCH_ROW, apply_migrations
from marsad.store.protocol import AddResult, Store
from marsad.store.query_names import resolver
from marsad.store.sqlite_alerts import AlertTables
from marsad.store.sqlite_copies import CopyTables
from marsad.store.sqlite_events import EventTables
from marsad.store.sqlite_pending import PendingTables
from marsad.store.sqlite_query import (
    compile_text,
    highlight_terms,
    ranked_rows,
    register_functions,
)
from marsad.store.sqlite_sources import SourceTables
from marsad.store.sqlite_stories import StoryTables
from marsad.store.sqlite_web import WebQueries
from marsad.store.terms import DEFAULT_CACHE_SIZE, TermAnalyzer
from marsad.store.transaction import (
    StoreConnections,
    configure,
    guarded_read,
    write_transaction,
)
from marsad.text.normalize import fold

BATCH_SIZE = 500
TITLE_WEIGHT = 5.0  # bm25 weight of the title column; the body weighs 1
_FIND_DUPLICATE = """
    SELECT id FROM articles WHERE canonical_url = ?
    UNION ALL SELECT id FROM articles WHERE content_hash = ?
    UNION ALL SELECT id FROM articles WHERE site = ? AND external_id = ?
    LIMIT 1
"""
# Errors of one article's data (a bad reference, a value SQLite cannot hold), as
# opposed to errors of the database itself, which abort the batch.
_ARTICLE_ERRORS = (
    sqlite3.IntegrityError,
    sqlite3.InterfaceError,
    sqlite3.DataError,
    OverflowError,
    ValueError,
    TypeError,
)


class SQLiteStore(
    AlertTables, EventTables, WebQueries, StoryTables, CopyTables, SourceTables, PendingTables
):
    """A `Store` in one SQLite file (or `:memory:`)."""

    def __init__(
        self,
        path: str | Path,
        *,
        batch_size: int = BATCH_SIZE,
        term_cache_size: int = DEFAULT_CACHE_SIZE,
    ) -> None:
        self.path = str(path)
        self.batch_size = batch_size
        self._analyzer = TermAnalyzer(term_cache_size)
        in_memory = self.path == ":memory:"
        try:
            if not in_memory:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            writer = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._configure(writer)
            self.applied = apply_migrations(writer)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"cannot open the database: {error}", where=self.path) from error
        self._connections = StoreConnections(writer, None if in_memory else self.path)
        self._lock = self._connections.lock

    @staticmethod
    def _configure(writer: sqlite3.Connection) -> None:
        configure(writer)
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA synchronous = NORMAL")

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's connection now: its own read-only one inside a read, else the writer."""
        return self._connections.current()

    @_db.setter
    def _db(self, _connection: sqlite3.Connection) -> None:
        raise AttributeError("the store's connections are opened by the store itself")

    # -- writing ---------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> list[AddResult]:
        """Store the new articles, `batch_size` per transaction; one result each."""
        results: list[AddResult] = []
        iterator = iter(articles)
        while batch := list(islice(iterator, self.batch_size)):
            results.extend(self._add_batch(batch))
        return results

    def _add_batch(self, batch: list[Article]) -> list[AddResult]:
        """One transaction; on a database error (or an interrupt) only this batch is undone.

        The new articles are marked pending tracking in the same transaction, so no
        kill can leave an article stored that the next run does not know to track.
        """
        with write_transaction(self._db, self._lock, doing="writing a batch", where=self.path):
            results = [self._add_one(article) for article in batch]
            self._mark_pending([r.id for r in results if r.new and r.id is not None])
        return results

    def _add_one(self, article: Article) -> AddResult:
        try:
            canonical = canonical_url(article.url)
        except ValueError as error:  # e.g. a malformed IPv6 host
            return AddResult(None, new=False, error=f"bad url {article.url!r}: {error}")
        try:  # text SQLite cannot hold (a lone surrogate) fails here, before any write
            folded_title, folded_text = fold(article.title), fold(article.text)
            digest = content_key(folded_title, folded_text)
            existing = self._find_duplicate(canonical, digest, article)
        except _ARTICLE_ERRORS as error:
            return AddResult(None, new=False, error=f"{type(error).__name__}: {error}")
        if existing is not None:
            return AddResult(existing, new=False)
        self._db.execute("SAVEPOINT article")
        try:
            article_id = self._insert(article, canonical, digest)
            self._index(article_id, folded_title, folded_text)
        except _ARTICLE_ERRORS as error:
            self._db.execute("ROLLBACK TO article")
            self._db.execute("RELEASE article")
            existing = self._find_duplicate(canonical, digest, article)
            if existing is not None:  # written by another process since we looked
                return AddResult(existing, new=False)
            return AddResult(None, new=False, error=f"{type(error).__name__}: {error}")
        self._db.execute("RELEASE article")
        return AddResult(article_id, new=True)

    def _find_duplicate(self, canonical: str | None, digest: str, article: Article) -> int | None:
        """An article already stored with the same URL, content, or id from the same site.

        An input id is only trusted within its site: two files that both number their
        records from 1 must not swallow each other's articles.
        """
        parameters = (canonical, digest, article.site, article.external_id)
        row = self._db.execute(_FIND_DUPLICATE, parameters).fetchone()
        return None if row is None else int(row[0])

    def _insert(self, article: Article, canonical: str | None, digest: str) -> int:
        cursor = self._db.execute(
            rows.INSERT_ARTICLE, rows.article_values(article, canonical, digest)
        )
        article_id = cursor.lastrowid
        if article_id is None:  # pragma: no cover - SQLite always sets it after INSERT
            raise StoreError("no id assigned", where=self.path)
        rows.insert_spans(self._db, article_id, article)
        save_event_time(self._db, article_id, article)
        return article_id

    def _index(self, article_id: int, folded_title: str, folded_text: str) -> None:
        title_terms = " ".join(self._analyzer.analyze_folded(folded_title))
        body_terms = " ".join(self._analyzer.analyze_folded(folded_text))
        self._db.execute(INSERT_SEARCH_ROW, (article_id, title_terms, body_terms))

    # -- reading ---------------------------------------------------------------

    def _reading(self) -> AbstractContextManager[None]:
        """Read on this thread's own connection, never waiting on a writer.

        A database failure becomes a `StoreError` for the user.
        """
        return guarded_read(self._lock, doing="reading the database", where=self.path)

    def stored_id(self, article: Article) -> int | None:
        """The stored article `article` duplicates, by the keys `add_articles` checks;
        None also when a key cannot be made (the write will report why)."""
        try:
            canonical = canonical_url(article.url)
            digest = content_key(fold(article.title), fold(article.text))
        except _ARTICLE_ERRORS:
            return None
        with self._reading():
            return self._find_duplicate(canonical, digest, article)

    def get(self, article_id: int) -> Article:
        """The article `article_id` with its spans; raises `NotFound`."""
        with self._reading():
            row = self._db.execute(
                f"SELECT {rows.ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            loaded = rows.with_spans(self._db, [rows.article_from_row(row)], article_id, article_id)
            estimates = load_event_times(self._db, article_id, article_id)
            [article] = with_event_times(loaded, estimates)
            return article

    def iter_articles(self) -> Iterator[Article]:
        """Every article by id, read a page at a time so memory stays bounded."""
        last_id = 0
        while True:
            with self._reading():
                page = self._db.execute(
                    f"SELECT {rows.ARTICLE_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                    (last_id, self.batch_size),
                ).fetchall()
                if not page:
                    return
                articles = [rows.article_from_row(row) for row in page]
                loaded = rows.with_spans(self._db, articles, page[0][0], page[-1][0])
                estimates = load_event_times(self._db, page[0][0], page[-1][0])
            yield from with_event_times(loaded, estimates)
            last_id = page[-1][0]

    def count(self) -> int:
        with self._reading():
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search(
        self, query: str, limit: int, offset: int = 0, *, markers: Markers = DEFAULT_MARKERS
    ) -> list[SearchHit]:
        """Best-first hits for `query` (the query language of `marsad.text.query`); an
        empty or punctuation-only query finds nothing. A malformed one is an `InputError`.

        `score` is the negated bm25 rank (title weighted `TITLE_WEIGHT`), so higher is
        better; it compares hits of one query, not across queries.
        """
        compiled = compile_text(query, self._analyzer, resolver(self, self._rows))
        if compiled.is_empty or limit <= 0:
            return []
        with self._reading():
            register_functions(self._db, self._analyzer)
            found = ranked_rows(self._db, compiled, limit, offset)
        is_hit = term_matcher(highlight_terms(compiled), self._analyzer.token_terms)
        return [
            SearchHit(
                id=row[0],
                external_id=row[1],
                url=row[2],
                title=row[3],
                snippet=snippet(row[4], is_hit, markers=markers),
                score=-float(row[5]),
            )
            for row in found
        ]

    # -- lifetime --------------------------------------------------------------

    def close(self) -> None:
        self._connections.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


# mypy proves here that SQLiteStore is a whole `Store`: a method missing or narrowed
# in any mixin fails the type check, not a user's request.
_WHOLE_STORE: type[Store] = SQLiteStore
