"""Tokenization keeps diacritized words whole and reports raw offsets."""

from __future__ import annotations

from marsad.text.tokenize import tokenize, words


def test_punctuation_separates_tokens_and_offsets_point_into_the_text() -> None:
    text = 'قال: "داعش"، في العراق؟ نعم.'
    tokens = tokenize(text)
    assert [token.text for token in tokens] == ["قال", "داعش", "في", "العراق", "نعم"]
    for token in tokens:
        assert text[token.start : token.end] == token.text


def test_marks_and_tatweel_stay_inside_a_word() -> None:
    assert words("المُشترك الســـلام") == ["المُشترك", "الســـلام"]


def test_latin_words_and_numbers_are_tokens() -> None:
    assert words("كوفيد-19 و M4 في 2019") == ["كوفيد", "19", "و", "M4", "في", "2019"]
