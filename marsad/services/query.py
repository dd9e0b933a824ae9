"""The query language as the services offer it: `parse_query` and `QueryError`.

Search, watchlists, feeds, the API and exports all read a user's query through
`parse_query`, so one query means the same thing at every door. The syntax lives in
`marsad.text.query` (pure parsing); this module adds the user-facing error.
"""

from __future__ import annotations

from marsad.errors import InputError
from marsad.text.query import (
    EVERYTHING,
    FIELDS,
    And,
    Field,
    Not,
    Or,
    Phrase,
    Query,
    QuerySyntaxError,
    Term,
    format_query,
)

__all__ = [
    "EVERYTHING",
    "FIELDS",
    "And",
    "Field",
    "Not",
    "Or",
    "Phrase",
    "Query",
    "QueryError",
    "Term",
    "format_query",
    "parse_query",
]


class QueryError(InputError):
    """A malformed search query; the message is Arabic and says where it goes wrong."""

    code = "bad-query"

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"استعلام غير صالح: {message} (عند الحرف {position + 1})")
        self.position = position


def parse_query(text: str) -> Query:
    """The syntax tree of `text` (an AST of frozen nodes); raises `QueryError`."""
    from marsad.text import query as syntax

    try:
        return syntax.parse(text)
    except QuerySyntaxError as error:
        raise QueryError(error.message, error.position) from None
