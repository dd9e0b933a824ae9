"""A parsed search query (`marsad.text.query`) as FTS5 MATCH plus SQL conditions.

The full-text index holds analyzed terms, the alternatives of an ambiguous clitic
next to the word's own stem (see `marsad.store.terms`). So:

- words, OR and NOT between words are exact in FTS5 and go to MATCH, which ranks;
- a phrase goes to MATCH as "all its words" (a superset, so it still ranks), and an
  SQL function (`marsad_phrase`) keeps the articles where the words stand next to
  each other in their analyzed form: word k of the text has one of the terms of
  word k of the phrase (FTS5 positions cannot say it: alternatives take positions);
- field filters are SQL over the article and span tables;
- what MATCH cannot say exactly (a phrase, a field, a negation with nothing to
  subtract from, an OR mixing words and fields) is the `where` condition, over `a`
  (the articles table), with the text parts as `a.id IN (… MATCH ?)` subqueries.

Every user value is a bound parameter and every FTS5 term a quoted string.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from itertools import product
from typing import Any

from marsad.errors import InputError
from marsad.store.query_names import Resolver
from marsad.store.terms import TermAnalyzer, match_expression, quote_term
from marsad.text.normalize import fold
from marsad.text.query import (
    And,
    Field,
    Not,
    Or,
    Phrase,
    Query,
    QuerySyntaxError,
    Term,
    parse,
    positive_leaves,
)
from marsad.text.tokenize import words

Groups = list[list[str]]
_IN_INDEX = "a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)"
# The day an article is about: its publication, else its estimated event time.
_DAY = (
    "coalesce(substr(a.published, 1, 10), "
    "(SELECT t.estimated FROM article_event_times t WHERE t.article = a.id))"
)


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """`match` ranks (None: nothing to rank by); `where` makes it exact (None: MATCH is).

    Both None: the query asks for nothing in particular (empty, or punctuation only).
    `highlight` are the term groups of the words and phrases a match contains.
    """

    match: str | None
    where: str | None
    parameters: tuple[Any, ...]
    highlight: Groups

    @property
    def is_empty(self) -> bool:
        return self.match is None and self.where is None

    @property
    def where_sql(self) -> str:
        """`AND (…)` to append to a WHERE clause, or the empty string."""
        return f" AND ({self.where})" if self.where else ""


def parse_for_store(text: str) -> Query:
    """`parse`, with a syntax error reported as the store's `InputError`."""
    try:
        return parse(text)
    except QuerySyntaxError as error:
        raise InputError(f"استعلام غير صالح: {error}") from None


def compile_text(
    text: str, analyzer: TermAnalyzer, resolve: Resolver | None = None
) -> CompiledQuery:
    """Parse and compile `text` (the store's entry point)."""
    return compile_query(parse_for_store(text), analyzer, resolve)


def compile_query(
    query: Query, analyzer: TermAnalyzer, resolve: Resolver | None = None
) -> CompiledQuery:
    """MATCH and WHERE for `query`, with bound parameters in order (MATCH's first)."""
    compiler = _Compiler(analyzer, resolve or _as_given)
    simplified = compiler.simplify(query)
    highlight = [
        group for leaf in positive_leaves(query) for group in compiler.groups_of(leaf.text)
    ]
    if simplified is None:
        return CompiledQuery(None, None, (), highlight)
    conjuncts = list(simplified.operands) if isinstance(simplified, And) else [simplified]
    plain_groups: Groups = []
    ranked: list[str] = []
    subtract: list[str] = []
    exact: list[tuple[str, list[Any]]] = []
    for conjunct in conjuncts:
        if isinstance(conjunct, Term):
            plain_groups.extend(compiler.groups_of(conjunct.text))
            continue
        if isinstance(conjunct, Not) and compiler.fts(conjunct.operand) is not None:
            subtract.append(str(compiler.fts(conjunct.operand)))
            continue
        superset = compiler.superset(conjunct)
        if superset is not None:
            ranked.append(superset)
        if compiler.fts(conjunct) is None:
            exact.append(compiler.sql(conjunct))
    match = _ranked_match(plain_groups, ranked)
    if match is not None:
        for negated in subtract:
            match = f"({match}) NOT ({negated})"
    else:
        exact.extend((f"NOT ({_IN_INDEX})", [negated]) for negated in subtract)
    where = " AND ".join(f"({sql})" for sql, _ in exact) or None
    parameters = ([match] if match is not None else []) + [p for _, ps in exact for p in ps]
    return CompiledQuery(match, where, tuple(parameters), highlight)


def _ranked_match(plain_groups: Groups, ranked: list[str]) -> str | None:
    """The plain words as today's `match_expression` (same ranking), then the rest."""
    parts = [part for part in (match_expression(plain_groups), *ranked) if part]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else " AND ".join(f"({part})" for part in parts)


def _as_given(_field: str, value: str) -> list[str]:
    return [value]


class _Compiler:
    def __init__(self, analyzer: TermAnalyzer, resolve: Resolver) -> None:
        self._analyzer = analyzer
        self._resolve = resolve

    def groups_of(self, text: str) -> Groups:
        """Per word of `text`, its alternative terms (empty groups dropped)."""
        return [group for group in self._analyzer.analyze_query(text) if group]

    def simplify(self, query: Query) -> Query | None:
        """`query` without the parts that ask for nothing (None: asks for nothing)."""
        if isinstance(query, (Term, Phrase)):
            groups = self.groups_of(query.text)
            if not groups:
                return None
            return Term(query.text) if len(groups) == 1 else query
        if isinstance(query, Field):
            return query
        if isinstance(query, Not):
            inner = self.simplify(query.operand)
            return None if inner is None else Not(inner)
        # A part with no word in it (punctuation) is left out, in OR as in AND: the
        # user asked for the other parts, not for everything.
        present = [kept for kept in map(self.simplify, query.operands) if kept is not None]
        if not present:
            return None
        if len(present) == 1:
            return present[0]
        return And(tuple(present)) if isinstance(query, And) else Or(tuple(present))

    def fts(self, query: Query) -> str | None:
        """An exact FTS5 expression for `query`, or None when FTS5 cannot say it."""
        if isinstance(query, Term):
            return match_expression(self.groups_of(query.text))
        if isinstance(query, (Phrase, Field, Not)):
            return None
        positives: list[str] = []
        negatives: list[str] = []
        for operand in query.operands:
            if isinstance(query, And) and isinstance(operand, Not):
                negated = self.fts(operand.operand)
                if negated is None:
                    return None
                negatives.append(negated)
                continue
            expression = self.fts(operand)
            if expression is None:
                return None
            positives.append(expression)
        if not positives:
            return None
        joiner = " AND " if isinstance(query, And) else " OR "
        combined = "(" + joiner.join(f"({part})" for part in positives) + ")"
        for negated in negatives:
            combined = f"({combined} NOT ({negated}))"
        return combined

    def superset(self, query: Query) -> str | None:
        """An FTS5 expression every match of `query` satisfies (to rank by), or None."""
        exact = self.fts(query)
        if exact is not None:
            return exact
        if isinstance(query, Phrase):
            return near_expression(self.groups_of(query.text))
        if isinstance(query, (Field, Not, Term)):
            return None
        parts = [self.superset(operand) for operand in query.operands]
        if isinstance(query, Or):
            if any(part is None for part in parts):
                return None
            return "(" + " OR ".join(f"({part})" for part in parts) + ")"
        present = [part for part in parts if part is not None]
        return "(" + " AND ".join(f"({part})" for part in present) + ")" if present else None

    def sql(self, query: Query) -> tuple[str, list[Any]]:
        """An exact SQL condition on `a` for `query`, and its parameters."""
        exact = self.fts(query)
        if exact is not None:
            return _IN_INDEX, [exact]
        if isinstance(query, Phrase):
            groups = self.groups_of(query.text)
            key = json.dumps(groups, ensure_ascii=False)
            condition = f"{_IN_INDEX} AND marsad_phrase(a.title, a.text, ?)"
            return condition, [near_expression(groups), key]
        if isinstance(query, Field):
            return field_condition(query.name, query.value, self._resolve)
        if isinstance(query, Not):
            inner, parameters = self.sql(query.operand)
            return f"NOT ({inner})", parameters
        if isinstance(query, Term):  # pragma: no cover - a term is always exact in FTS5
            raise AssertionError(query)
        compiled = [self.sql(operand) for operand in query.operands]
        joiner = " AND " if isinstance(query, And) else " OR "
        condition = joiner.join(f"({sql})" for sql, _ in compiled)
        return condition, [parameter for _, parameters in compiled for parameter in parameters]


def field_condition(name: str, value: str, resolve: Resolver = _as_given) -> tuple[str, list[Any]]:
    """The SQL condition on `a` of one field filter (`site:`, `entity:`…); `resolve`
    gives the stored ids or names an `entity:` or `place:` value stands for."""
    if name == "site":
        return "a.site = ? COLLATE NOCASE", [value]
    if name == "source":
        return "a.source = ? COLLATE NOCASE", [value]
    if name == "lang":
        return "a.lang = ? COLLATE NOCASE", [value]
    if name == "from":
        return f"{_DAY} >= substr(?, 1, length({_DAY}))", [value]
    if name == "to":
        return f"{_DAY} <= ?", [value]
    if name == "entity":
        # A canonical id (org:sohr), or a name or mention in any spelling.
        ids = resolve("entity", value)
        marks = ", ".join("?" * len(ids))
        return (
            "EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id "
            f"AND e.entity_id IN ({marks}))",
            list(ids),
        )
    if name == "place":
        names = resolve("place", value)
        marks = ", ".join("?" * len(names))
        return (
            f"EXISTS (SELECT 1 FROM places p WHERE p.article_id = a.id AND p.name IN ({marks}))",
            list(names),
        )
    raise InputError(f"unknown query field {name!r}")


# The index holds a word's stem then up to two alternatives (`analyzer.stems`), so the
# terms of two adjacent words stand at most 2 * RUN_LIMIT - 1 positions apart.
RUN_LIMIT = 3
NEAR_COMBINATIONS = 32  # above this many spellings of a phrase, all its words will do


def near_expression(groups: Groups) -> str | None:
    """An FTS5 superset of a phrase's matches: its words near each other.

    NEAR takes plain terms, not alternatives, so each combination of the words'
    alternatives is one NEAR group; too many combinations fall back to "all words".
    """
    combinations = 1
    for group in groups:
        combinations *= len(group)
    if len(groups) < 2 or combinations > NEAR_COMBINATIONS:
        return match_expression(groups)
    distance = (2 * RUN_LIMIT - 1) * (len(groups) - 1)
    near = [
        "NEAR(" + " ".join(quote_term(term) for term in terms) + f", {distance})"
        for terms in product(*groups)
    ]
    return " OR ".join(near)


WINDOW_CHARS = 64  # per phrase word, each side of an anchor: longer than any real word


def phrase_found(text: str, groups: Groups, analyzer: TermAnalyzer) -> bool:
    """Whether consecutive words of `text` carry, each, a term of the phrase's word.

    Every term of a word is a substring of the folded word (stems only cut letters
    off), so the phrase can only stand around a place where a term of one of its
    words occurs in the folded text: only windows around those places are analyzed,
    not the whole article (a long article with few hits costs a few `str.find`).
    """
    wanted = [frozenset(group) for group in groups]
    if not wanted or not all(wanted):
        return False
    folded = fold(text)
    anchor = max(wanted, key=lambda terms: min(len(term) for term in terms))
    reach = WINDOW_CHARS * len(wanted)
    for left, right in _windows(folded, anchor, reach):
        if _consecutive(words(folded[left:right]), wanted, analyzer):
            return True
    return False


def _windows(folded: str, anchor: frozenset[str], reach: int) -> list[tuple[int, int]]:
    """Merged spans of `folded` within `reach` of an occurrence of an anchor term,
    widened to whitespace so no word is cut."""
    spans: list[tuple[int, int]] = []
    for term in anchor:
        found = folded.find(term)
        while found >= 0:
            spans.append((found - reach, found + len(term) + reach))
            found = folded.find(term, found + 1)
    merged: list[tuple[int, int]] = []
    for left, right in sorted(spans):
        if merged and left <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    return [(_space_before(folded, left), _space_after(folded, right)) for left, right in merged]


def _space_before(text: str, index: int) -> int:
    index = max(0, index)
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index


def _space_after(text: str, index: int) -> int:
    index = min(len(text), index)
    while index < len(text) and not text[index].isspace():
        index += 1
    return index


def _consecutive(found: list[str], wanted: list[frozenset[str]], analyzer: TermAnalyzer) -> bool:
    terms = [analyzer.word_stems(word) for word in found]
    first, rest = wanted[0], wanted[1:]
    for start in range(len(terms) - len(wanted) + 1):
        if first.isdisjoint(terms[start]):
            continue
        if all(not group.isdisjoint(terms[start + 1 + k]) for k, group in enumerate(rest)):
            return True
    return False


def register_functions(connection: sqlite3.Connection, analyzer: TermAnalyzer) -> None:
    """Define `marsad_phrase` on `connection` (cheap; call per query)."""
    parsed: dict[str, Groups] = {}

    def phrase(title: str | None, text: str | None, key: str) -> bool:
        groups = parsed.get(key)
        if groups is None:
            groups = parsed[key] = json.loads(key)
        return phrase_found(title or "", groups, analyzer) or phrase_found(
            text or "", groups, analyzer
        )

    connection.create_function("marsad_phrase", 3, phrase, deterministic=True)


TITLE_WEIGHT = 5.0  # bm25 weight of the title column, as in every search of the store
_ARTICLE_HIT_COLUMNS = "a.id, a.external_id, a.url, a.title, a.text"


def ranked_rows(
    connection: sqlite3.Connection, compiled: CompiledQuery, limit: int, offset: int
) -> list[Any]:
    """(id, external_id, url, title, text, bm25) of one page of best-first matches.

    Without a `where`, ranking reads the index alone and joins only the page of hits
    (joining every match to its text before sorting costs more than bm25). A query
    with nothing to rank by (only fields or negations) lists its matches newest first.
    """
    page = (limit, max(0, offset))
    bm25 = f"bm25(article_search, {TITLE_WEIGHT}, 1.0)"
    if compiled.match is not None and compiled.where is None:
        return connection.execute(
            f"WITH top AS (SELECT rowid AS id, {bm25} AS rank FROM article_search "
            "WHERE article_search MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?) "
            f"SELECT {_ARTICLE_HIT_COLUMNS}, top.rank "
            "FROM top JOIN articles AS a ON a.id = top.id ORDER BY top.rank, a.id",
            (*compiled.parameters, *page),
        ).fetchall()
    if compiled.match is not None:
        return connection.execute(
            f"SELECT {_ARTICLE_HIT_COLUMNS}, {bm25} AS rank FROM article_search "
            "JOIN articles AS a ON a.id = article_search.rowid "
            f"WHERE article_search MATCH ?{compiled.where_sql} "
            "ORDER BY rank, a.id LIMIT ? OFFSET ?",
            (*compiled.parameters, *page),
        ).fetchall()
    return connection.execute(
        f"SELECT {_ARTICLE_HIT_COLUMNS}, 0.0 FROM articles AS a WHERE {compiled.where} "
        "ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
        (*compiled.parameters, *page),
    ).fetchall()


def highlight_terms(compiled: CompiledQuery) -> list[str]:
    """Every term of the words and phrases a match contains, for the snippet."""
    return [term for group in compiled.highlight for term in group]
