"""The search query language: its syntax tree and parser (pure: no store, no I/O).

A query is what analysts type in every news monitor: words (all required), `OR`,
`-word` or `NOT word`, `"an exact phrase"` (also «…» and “…”), parentheses, and
field filters `site:`, `source:`, `entity:`, `place:`, `lang:`, `from:`, `to:`.
The parser keeps words as typed; the store analyzes them (fold + light stem), so a
word or a phrase matches its spelling variants and clitic forms.

A malformed query raises `QuerySyntaxError` with an Arabic message and the
character position where it goes wrong; `marsad.services.query` turns it into the
user-facing `QueryError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from marsad.text.normalize import clean

FIELDS = ("site", "source", "entity", "place", "lang", "from", "to")
DATE_FIELDS = ("from", "to")
FIELD_LABELS = {
    "site": "الموقع",
    "source": "المصدر",
    "entity": "الكيان",
    "place": "المكان",
    "lang": "اللغة",
    "from": "من تاريخ",
    "to": "إلى تاريخ",
}
QUOTES = {'"': '"', "«": "»", "“": "”"}
_CLOSING_QUOTES = frozenset(QUOTES.values())
_SPECIAL = frozenset('()"«»“”')
_FIELD_PREFIX = re.compile(r"([A-Za-z_]+):")
_STOPS = ("end", ")", "or", "and")  # tokens that cannot start an operand
MAX_DEPTH = 32  # nested parentheses and negations: deeper is no query a person writes
MAX_LEAVES = 256  # words, phrases and fields: more would strain SQLite's expression limits


@dataclass(frozen=True, slots=True)
class Term:
    """One word (or a hyphenated run) as typed; every analyzed word of it is required."""

    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must appear next to each other, compared in their analyzed form."""

    text: str


@dataclass(frozen=True, slots=True)
class Field:
    """A filter on a stored fact of the article: `name` is one of `FIELDS`."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Not:
    """Articles that do not match `operand`."""

    operand: Query


@dataclass(frozen=True, slots=True)
class And:
    """Articles that match every operand; `And(())` matches everything."""

    operands: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Articles that match at least one operand."""

    operands: tuple[Query, ...]


Query = Term | Phrase | Field | Not | And | Or
EVERYTHING = And(())


class QuerySyntaxError(ValueError):
    """A query that cannot be read; `position` is the 0-based character offset."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (عند الحرف {position + 1})")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "or", "and", "not", "-", "phrase", "field", "term", "end"
    position: int
    text: str = ""
    name: str = ""


def _skip_spaces(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _read_quoted(text: str, index: int) -> tuple[str, int]:
    """The text between the quote at `index` and its closing quote; the index after."""
    closing = QUOTES[text[index]]
    end = text.find(closing, index + 1)
    if end < 0:
        raise QuerySyntaxError("علامة تنصيص مفتوحة لا تُغلق", index)
    return text[index + 1 : end], end + 1


def _read_word(text: str, index: int) -> tuple[str, int]:
    start = index
    while index < len(text) and not text[index].isspace() and text[index] not in _SPECIAL:
        index += 1
    return text[start:index], index


def _field_value(name: str, text: str, index: int, start: int) -> tuple[str, int]:
    if index < len(text) and text[index] in QUOTES:
        value, index = _read_quoted(text, index)
    else:
        value, index = _read_word(text, index)
    value = value.strip()
    if not value:
        label = FIELD_LABELS.get(name, name)
        raise QuerySyntaxError(f"الحقل {name}: ({label}) بلا قيمة", start)
    if name in DATE_FIELDS:
        value = _iso_day(value, start)
    return value, index


def _iso_day(value: str, position: int) -> str:
    """`value` (ASCII or Arabic-Indic digits) as YYYY-MM-DD, or a syntax error."""
    ascii_value = clean(value)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", ascii_value):
            raise ValueError(ascii_value)
        return date.fromisoformat(ascii_value).isoformat()
    except ValueError:
        raise QuerySyntaxError(
            f"التاريخ «{value}» غير صالح: اكتبه على صورة YYYY-MM-DD مثل 2024-03-15",
            position,
        ) from None


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    index = _skip_spaces(text, 0)
    while index < len(text):
        char = text[index]
        start = index
        if char in "()":
            found.append(_Token(char, start))
            index += 1
        elif char in QUOTES:
            phrase, index = _read_quoted(text, index)
            found.append(_Token("phrase", start, phrase))
        elif char in _CLOSING_QUOTES:
            raise QuerySyntaxError("علامة تنصيص تُغلق ولم تُفتح", start)
        elif char == "-" and (index + 1 == len(text) or text[index + 1].isspace()):
            raise QuerySyntaxError("علامة الاستبعاد - لا يتبعها شيء", start)
        elif char == "-":
            found.append(_Token("-", start))
            index += 1
            continue  # what follows the minus is read next, with no space skipped
        else:
            index = _read_word_token(text, index, found)
        index = _skip_spaces(text, index)
    found.append(_Token("end", len(text)))
    return found


def _read_word_token(text: str, index: int, found: list[_Token]) -> int:
    start = index
    prefix = _FIELD_PREFIX.match(text, index)
    if prefix:
        name = prefix.group(1).lower()
        if name not in FIELDS:
            known = "، ".join(f"{field}:" for field in FIELDS)
            raise QuerySyntaxError(f"الحقل «{prefix.group(1)}:» غير معروف؛ الحقول: {known}", start)
        value, index = _field_value(name, text, prefix.end(), start)
        found.append(_Token("field", start, value, name))
        return index
    word, index = _read_word(text, index)
    keyword = {"OR": "or", "AND": "and", "NOT": "not"}.get(word)
    found.append(_Token(keyword, start) if keyword else _Token("term", start, word))
    return index


class _Parser:
    """Recursive descent, OR binding tighter than AND (as in web search engines):
    and := or+ (AND optional); or := unary ("OR" unary)*; unary := ("-"|NOT) unary | atom.
    So `صنعاء OR عدن قصف` is `(صنعاء OR عدن) قصف`."""

    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._index = 0
        self._depth = 0

    def _deeper(self, token: _Token) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise QuerySyntaxError(
                f"تداخل أعمق من {MAX_DEPTH} مستوى من الأقواس أو النفي", token.position
            )

    def _peek(self) -> _Token:
        return self._tokens[self._index]

    def _take(self) -> _Token:
        token = self._tokens[self._index]
        self._index += 1
        return token

    def parse(self) -> Query:
        if self._peek().kind == "end":
            return EVERYTHING
        query = self._and()
        token = self._peek()
        if token.kind == ")":
            raise QuerySyntaxError("قوس يُغلق ولم يُفتح", token.position)
        return query

    def _and(self) -> Query:
        operands: list[Query] = []
        while True:
            token = self._peek()
            if token.kind in ("end", ")"):
                break
            if token.kind == "and":
                self._take()
                if not operands or self._peek().kind in _STOPS:
                    raise QuerySyntaxError("AND يحتاج إلى طرفين", token.position)
                continue
            operands.append(self._or())
        if not operands:
            raise QuerySyntaxError("قوسان لا شيء بينهما", self._peek().position)
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def _or(self) -> Query:
        token = self._peek()
        if token.kind == "or":
            raise QuerySyntaxError("OR يحتاج إلى طرفين", token.position)
        operands = [self._unary()]
        while self._peek().kind == "or":
            token = self._take()
            if self._peek().kind in _STOPS:
                raise QuerySyntaxError("OR يحتاج إلى طرفين", token.position)
            operands.append(self._unary())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def _unary(self) -> Query:
        token = self._peek()
        if token.kind in ("-", "not"):
            self._take()
            following = self._peek()
            if following.kind in _STOPS:
                raise QuerySyntaxError("النفي لا يتبعه ما يُستبعد", token.position)
            self._deeper(token)
            negated = Not(self._unary())
            self._depth -= 1
            return negated
        return self._atom()

    def _atom(self) -> Query:
        token = self._take()
        if token.kind == "(":
            if self._peek().kind == ")":
                raise QuerySyntaxError("قوسان لا شيء بينهما", token.position)
            if self._peek().kind == "end":
                raise QuerySyntaxError("قوس يُفتح ولا يُغلق", token.position)
            self._deeper(token)
            inner = self._and()
            self._depth -= 1
            closing = self._take()
            if closing.kind != ")":
                raise QuerySyntaxError("قوس يُفتح ولا يُغلق", token.position)
            return inner
        if token.kind == "phrase":
            return Phrase(token.text)
        if token.kind == "field":
            return Field(token.name, token.text)
        if token.kind == "term":
            return Term(token.text)
        raise QuerySyntaxError("استعلام غير مكتمل", token.position)  # pragma: no cover


def parse(text: str) -> Query:
    """The syntax tree of `text`; an empty or blank query is `EVERYTHING`."""
    tokens = _tokens(text)
    operands = [token for token in tokens if token.kind in ("term", "phrase", "field")]
    if len(operands) > MAX_LEAVES:
        raise QuerySyntaxError(
            f"الاستعلام أطول من {MAX_LEAVES} كلمة أو عبارة أو حقلًا", operands[MAX_LEAVES].position
        )
    return _Parser(tokens).parse()


def format_query(query: Query) -> str:
    """Query text that parses back to `query` (for links, feeds and saved searches)."""
    if isinstance(query, Term):
        return query.text
    if isinstance(query, Phrase):
        return _quoted(query.text)
    if isinstance(query, Field):
        value = query.value
        needs_quotes = not value or any(ch.isspace() or ch in _SPECIAL for ch in value)
        return f"{query.name}:{_quoted(value) if needs_quotes else value}"
    if isinstance(query, Not):
        return "-" + _grouped(query.operand)
    if isinstance(query, And):
        return " ".join(_grouped(operand) for operand in query.operands)
    return " OR ".join(_grouped(operand) for operand in query.operands)


def _quoted(text: str) -> str:
    for opening, closing in QUOTES.items():
        if closing not in text:
            return f"{opening}{text}{closing}"
    return '"' + text.replace('"', "") + '"'  # pragma: no cover - all three quotes inside


def _grouped(query: Query) -> str:
    if isinstance(query, (And, Or)) and len(query.operands) != 1:
        return f"({format_query(query)})"
    return format_query(query)


def leaves(query: Query) -> list[Term | Phrase | Field]:
    """The terms, phrases and fields of `query`, in order (negated ones included)."""
    if isinstance(query, (Term, Phrase, Field)):
        return [query]
    if isinstance(query, Not):
        return leaves(query.operand)
    return [leaf for operand in query.operands for leaf in leaves(operand)]


def positive_leaves(query: Query) -> list[Term | Phrase]:
    """The words and phrases a match contains (outside any NOT): what to highlight."""
    if isinstance(query, (Term, Phrase)):
        return [query]
    if isinstance(query, (Field, Not)):
        return []
    return [leaf for operand in query.operands for leaf in positive_leaves(operand)]
