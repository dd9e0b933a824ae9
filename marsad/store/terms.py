"""From text to FTS5 index terms and MATCH expressions.

The full-text index holds text already analyzed in Python (`marsad.text.analyzer`):
folded, light-stemmed, with the alternatives of ambiguous clitics. SQLite's own
tokenizer then only splits on the spaces between those terms. A query is analyzed
the same way and becomes `("a" OR "b") AND ("c")`: every word of the query must
match through one of its alternatives. User text never reaches MATCH unquoted.

Stemming is the costly part of ingest, and news vocabulary is Zipfian, so a
`TermAnalyzer` remembers the stems of the words it has seen, up to a bound.
"""

from __future__ import annotations

from marsad.text.analyzer import stems
from marsad.text.normalize import fold
from marsad.text.tokenize import words

DEFAULT_CACHE_SIZE = 50_000


class TermAnalyzer:
    """`analyzer.analyze` / `analyze_query` with a bounded memo of word -> stems.

    The memo belongs to the object (one per store), not to the module; when it is
    full it is emptied and refilled, which keeps memory bounded without the
    bookkeeping of an LRU.
    """

    def __init__(self, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self._cache_size = cache_size
        self._stems: dict[str, tuple[str, ...]] = {}

    def word_stems(self, word: str) -> tuple[str, ...]:
        """The stems of one folded word (primary first, then the alternatives)."""
        found = self._stems.get(word)
        if found is None:
            if len(self._stems) >= self._cache_size:
                self._stems.clear()
            found = tuple(stems(word))
            self._stems[word] = found
        return found

    def analyze(self, text: str) -> list[str]:
        """Index terms of `text`, in order (same as `marsad.text.analyzer.analyze`)."""
        return self.analyze_folded(fold(text))

    def analyze_folded(self, folded: str) -> list[str]:
        """`analyze` for text already passed through `fold` (folding is not cheap)."""
        terms: list[str] = []
        known = self._stems  # the hot loop of ingest: look up before calling
        for word in words(folded):
            found = known.get(word)
            terms.extend(found if found is not None else self.word_stems(word))
        return terms

    def analyze_query(self, text: str) -> list[list[str]]:
        """Per query word, the alternative terms any of which may match."""
        return [list(self.word_stems(word)) for word in words(fold(text))]

    def token_terms(self, token: str) -> set[str]:
        """Every term a raw token (with its diacritics, tatweel…) is indexed under."""
        return {term for word in words(fold(token)) for term in self.word_stems(word)}


def quote_term(term: str) -> str:
    """An FTS5 string literal: double quotes, inner quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(groups: list[list[str]]) -> str | None:
    """`("a" OR "b") AND ("c")` for the analyzed query; None when nothing is left."""
    clauses: list[str] = []
    for alternatives in groups:
        unique = list(dict.fromkeys(term for term in alternatives if term))
        if unique:
            clauses.append("(" + " OR ".join(quote_term(term) for term in unique) + ")")
    return " AND ".join(clauses) if clauses else None
