"""Query analysis and the FTS5 MATCH expression built from it."""

from __future__ import annotations

from marsad.store.terms import TermAnalyzer, match_expression, quote_term
from marsad.text import analyzer


def test_groups_are_and_of_or() -> None:
    assert match_expression([["a", "b"], ["c"]]) == '("a" OR "b") AND ("c")'


def test_quotes_are_doubled_so_user_text_stays_a_string() -> None:
    assert quote_term('x"y') == '"x""y"'
    assert match_expression([['a" OR "b']]) == '("a"" OR ""b")'


def test_nothing_left_means_no_expression() -> None:
    assert match_expression([]) is None
    assert match_expression([[""]]) is None
    assert match_expression(TermAnalyzer().analyze_query("؟! ... ،")) is None


def test_repeated_alternatives_are_listed_once() -> None:
    assert match_expression([["a", "a", "b"]]) == '("a" OR "b")'


def test_cached_analyzer_agrees_with_the_text_analyzer() -> None:
    text = "وقال اللاجئون للصحفيين إن بداعش والرقة ٢٠١٩ ما زالت تُقصف"
    cached = TermAnalyzer(cache_size=3)  # small: exercises the refill too
    for _ in range(2):
        assert cached.analyze(text) == analyzer.analyze(text)
        assert cached.analyze_query(text) == analyzer.analyze_query(text)


def test_token_terms_see_through_diacritics_and_tatweel() -> None:
    terms = TermAnalyzer()
    assert terms.token_terms("اللّاجِئـــين") == terms.token_terms("اللاجئين")
