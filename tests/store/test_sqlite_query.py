"""The query compiler: what goes to MATCH, what to SQL, and what is bound."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.store.sqlite_query import (
    RUN_LIMIT,
    compile_query,
    compile_text,
    near_expression,
    phrase_found,
)
from marsad.store.terms import TermAnalyzer, match_expression
from marsad.text.analyzer import stems
from marsad.text.normalize import fold
from marsad.text.query import parse
from marsad.text.tokenize import words

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


def _naive_phrase(text: str, groups: list[list[str]]) -> bool:
    """Every window of words of the whole text, the slow obvious way."""
    found = [set(ANALYZER.word_stems(word)) for word in words(fold(text))]
    return any(
        all(found[start + k] & set(group) for k, group in enumerate(groups))
        for start in range(len(found) - len(groups) + 1)
    )


_VOCABULARY = ["وزير", "ووزير", "لوزير", "الخارجية", "والخارجيه", "خارجية", "قال", "الدفاع", "x"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCABULARY), max_size=60),
    st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=3),
    st.sampled_from([" ", "\n", "، ", " - "]),
)
def test_phrase_windows_agree_with_scanning_everything(
    text_words: list[str], phrase_words: list[str], separator: str
) -> None:
    text = separator.join(text_words)
    groups = ANALYZER.analyze_query(" ".join(phrase_words))
    assert phrase_found(text, groups, ANALYZER) == _naive_phrase(text, groups)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["", "و", "ف", "ب", "ل", "ك", "ال", "لل", "وال", "بال", "ولل", "وب", "فل"]),
    st.text(alphabet="ابتجحدرسعقلمنهويأإةى", min_size=1, max_size=8),
)
def test_no_word_has_more_index_terms_than_the_near_distance_assumes(
    prefix: str, stem_text: str
) -> None:
    """The phrase prefilter's NEAR distance rests on this bound (`RUN_LIMIT`)."""
    assert len(stems(fold(prefix + stem_text))) <= RUN_LIMIT


def test_a_phrase_prefilter_is_near_groups_of_its_spellings() -> None:
    groups = ANALYZER.analyze_query("وزير الخارجية")
    expression = near_expression(groups)
    assert expression is not None and expression.count("NEAR(") == len(groups[0]) * len(groups[1])
    assert near_expression([["a"]]) == '("a")'
