"""The query compiler: what goes to MATCH, what to SQL, and what is bound."""

from __future__ import annotations

from marsad.store.sqlite_query import compile_query, compile_text, phrase_found
from marsad.store.terms import TermAnalyzer, match_expression
from marsad.text.query import parse

ANALYZER = TermAnalyzer()


def test_plain_words_compile_to_todays_expression() -> None:
    """Plain queries rank exactly as before the query language (same MATCH text)."""
    for text in ("الحوثيين صنعاء", "للاجئين", "وزير الخارجية الأمريكي", "كوفيد-19"):
        compiled = compile_text(text, ANALYZER)
        assert compiled.match == match_expression(ANALYZER.analyze_query(text))
        assert compiled.where is None
        assert compiled.parameters == (compiled.match,)


def test_or_and_not_between_words_stay_in_match() -> None:
    compiled = compile_text("(داعش OR القاعدة) -سوريا", ANALYZER)
    assert compiled.where is None
    assert compiled.match is not None and " OR " in compiled.match and " NOT " in compiled.match


def test_a_lone_negation_is_sql() -> None:
    compiled = compile_text("-سوريا", ANALYZER)
    assert compiled.match is None
    assert compiled.where is not None and compiled.where.startswith("(NOT (a.id IN")


def test_fields_and_phrases_are_bound_parameters_never_sql_text() -> None:
    hostile = "x'); DROP TABLE articles; --"
    compiled = compile_query(parse(f'site:"{hostile}" "وزير الخارجية"'), ANALYZER)
    assert compiled.where is not None and hostile not in compiled.where
    assert hostile in compiled.parameters
    assert compiled.where.count("?") + 1 == len(compiled.parameters)  # + MATCH's own


def test_fts_terms_are_quoted_strings() -> None:
    compiled = compile_text("NEAR", ANALYZER)
    assert compiled.match == '("near")'


def test_highlight_keeps_words_and_phrases_outside_negations() -> None:
    compiled = compile_text('صنعاء -عدن "وزير الخارجية" site:x', ANALYZER)
    highlighted = {term for group in compiled.highlight for term in group}
    assert "صنعاء" in highlighted and "وزير" in highlighted and "عدن" not in highlighted


def test_phrase_found_on_analyzed_words() -> None:
    groups = ANALYZER.analyze_query("وزير الخارجية")
    assert phrase_found("قال ووزير الخارجيه أمس", groups, ANALYZER)
    assert phrase_found("لوزير الخارجية", groups, ANALYZER)
    assert not phrase_found("وزير الدفاع والخارجية", groups, ANALYZER)
    assert not phrase_found("الخارجية وزير", groups, ANALYZER)
