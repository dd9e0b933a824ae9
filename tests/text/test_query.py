"""The query parser: its trees, its Arabic errors with positions, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    leaves,
    parse,
    positive_leaves,
)


def test_words_are_all_required() -> None:
    assert parse("الحوثي صنعاء") == And((Term("الحوثي"), Term("صنعاء")))
    assert parse("صنعاء") == Term("صنعاء")
    assert parse("   ") == EVERYTHING


def test_or_binds_tighter_than_the_implicit_and() -> None:
    assert parse("صنعاء OR عدن قصف") == And((Or((Term("صنعاء"), Term("عدن"))), Term("قصف")))
    assert parse("a AND b OR c") == And((Term("a"), Or((Term("b"), Term("c")))))


def test_lowercase_or_is_a_word() -> None:
    assert parse("a or b") == And((Term("a"), Term("or"), Term("b")))


def test_minus_and_not_exclude() -> None:
    assert parse("اليمن -صنعاء") == And((Term("اليمن"), Not(Term("صنعاء"))))
    assert parse("اليمن NOT صنعاء") == parse("اليمن -صنعاء")
    assert parse('-"وزير الخارجية"') == Not(Phrase("وزير الخارجية"))
    assert parse("-(a b)") == Not(And((Term("a"), Term("b"))))


def test_a_hyphen_inside_a_word_is_part_of_it() -> None:
    assert parse("كوفيد-19") == Term("كوفيد-19")


def test_phrases_in_any_of_three_quotation_styles() -> None:
    for text in ('"وزير الخارجية"', "«وزير الخارجية»", "“وزير الخارجية”"):
        assert parse(text) == Phrase("وزير الخارجية")


def test_parentheses_group() -> None:
    assert parse("(داعش OR القاعدة) سوريا") == And(
        (Or((Term("داعش"), Term("القاعدة"))), Term("سوريا"))
    )


def test_fields() -> None:
    assert parse("site:aawsat") == Field("site", "aawsat")
    assert parse("SITE:aawsat") == Field("site", "aawsat")
    assert parse("entity:org:sohr") == Field("entity", "org:sohr")
    assert parse('place:"صنعاء القديمة"') == Field("place", "صنعاء القديمة")
    assert parse("lang:ar from:2024-03-01 to:2024-03-31") == And(
        (Field("lang", "ar"), Field("from", "2024-03-01"), Field("to", "2024-03-31"))
    )


def test_arabic_indic_digits_in_dates() -> None:
    assert parse("from:٢٠٢٤-٠٣-٠١") == Field("from", "2024-03-01")
    assert parse("to:۲۰۲۴-۰۳-۰۱") == Field("to", "2024-03-01")  # Persian digits too


@pytest.mark.parametrize(
    ("query", "position", "says"),
    [
        ('"وزير الخارجية', 0, "تنصيص"),
        ("قصف »عدن", 4, "تنصيص"),
        ("(صنعاء OR عدن", 0, "قوس"),
        ("صنعاء)", 5, "قوس"),
        ("()", 0, "قوسان"),
        ("site:", 0, "بلا قيمة"),
        ('place:""', 0, "بلا قيمة"),
        ("author:x", 0, "غير معروف"),
        ("from:2024-13-01", 0, "التاريخ"),
        ("to:yesterday", 0, "التاريخ"),
        ("صنعاء OR", 6, "OR"),
        ("OR صنعاء", 0, "OR"),
        ("صنعاء AND", 6, "AND"),
        ("صنعاء -", 6, "الاستبعاد"),
        ("صنعاء NOT", 6, "النفي"),
    ],
)
def test_malformed_queries_say_what_and_where(query: str, position: int, says: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse(query)
    assert raised.value.position == position
    assert says in raised.value.message
    assert f"عند الحرف {position + 1}" in str(raised.value)


def test_leaves_and_positive_leaves() -> None:
    query = parse('a -b "c d" site:x')
    assert leaves(query) == [Term("a"), Term("b"), Phrase("c d"), Field("site", "x")]
    assert positive_leaves(query) == [Term("a"), Phrase("c d")]


# -- properties ---------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("ابتثجحخدذرسشصضطظعغفقكلمنهوي") + list('abcxyz019 -()"«»“”:') + ["OR", "NOT", "AND"]
)
_QUERIES = st.lists(_ALPHABET, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_QUERIES)
def test_parsing_never_crashes(text: str) -> None:
    """Any text is a tree or a syntax error with a position inside the text."""
    try:
        parse(text)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text)
        assert error.message


@settings(max_examples=400, deadline=None)
@given(_QUERIES)
def test_formatting_round_trips(text: str) -> None:
    try:
        query = parse(text)
    except QuerySyntaxError:
        return
    assert parse(format_query(query)) == query


_WORDS = st.sampled_from(["صنعاء", "عدن", "الحوثي", "قصف", "a-b", "x1"])


def _trees(children: st.SearchStrategy[Query]) -> st.SearchStrategy[Query]:
    operands = st.lists(children, min_size=2, max_size=3).map(tuple)
    return st.one_of(children.map(Not), operands.map(And), operands.map(Or))


_LEAVES: st.SearchStrategy[Query] = st.one_of(
    _WORDS.map(Term),
    st.lists(_WORDS, min_size=1, max_size=3).map(lambda words: Phrase(" ".join(words))),
    st.builds(Field, st.sampled_from([f for f in FIELDS if f not in ("from", "to")]), _WORDS),
    st.builds(Field, st.sampled_from(["from", "to"]), st.just("2024-03-01")),
)


def _flat(query: Query) -> Query:
    """The tree the parser gives for what `format_query` writes: nested ANDs and ORs
    of the same kind are one node (a AND (b AND c) reads as a b c)."""
    if isinstance(query, Not):
        return Not(_flat(query.operand))
    if isinstance(query, (And, Or)):
        kind = type(query)
        flat: list[Query] = []
        for operand in (_flat(child) for child in query.operands):
            flat.extend(operand.operands if isinstance(operand, kind) else (operand,))
        return kind(tuple(flat))
    return query


@settings(max_examples=300, deadline=None)
@given(st.recursive(_LEAVES, _trees, max_leaves=8))
def test_every_tree_formats_to_text_that_parses_back(query: Query) -> None:
    parsed = parse(format_query(query))
    assert _flat(parsed) == _flat(query)
