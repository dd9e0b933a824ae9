"""Arabic normalization: what is removed, what is merged, and the offset map."""

from __future__ import annotations

import pytest

from marsad.text.normalize import clean, fold, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("المُصغرة", "المصغرة"),  # damma removed
        ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanwin
        ("الســـلام", "السلام"),  # tatweel
        ("\u200fسوريا\u200e\u061c", "سوريا"),  # direction marks
        ("ﻻ", "لا"),  # lam-alef ligature
        ("٢٠١٩", "2019"),  # Arabic-Indic digits
        ("۱۴۰۰", "1400"),  # Persian digits
    ],
)
def test_clean_removes_decoration_and_keeps_spelling(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أوستن", "اوستن"),
        ("إيطاليا", "ايطاليا"),
        ("آذار", "اذار"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("الرقة", "الرقه"),
        ("کردستان", "كردستان"),
        ("ﻷن", "لان"),
        ("CNN", "cnn"),
    ],
)
def test_fold_merges_interchangeable_letters(raw: str, expected: str) -> None:
    assert fold(raw) == expected


def test_clean_keeps_hamza_letters_and_taa_marbuta() -> None:
    assert clean("أؤئة") == "أؤئة"


def test_normalize_agrees_with_fold_and_clean() -> None:
    raw = 'وأعلنت بغداد، في كانون أول ٢٠١٧، هزيمة "داعـــش" رسمياً ﻻ'
    assert normalize(raw).text == fold(raw)
    assert normalize(raw, folded=False).text == clean(raw)


def test_offsets_map_spans_back_to_the_raw_text() -> None:
    raw = "قالت وزارةُ الخارجيّة الأمريكيـــة ﻻ شيء"
    normalized = normalize(raw)
    start = normalized.text.index("الخارجيه")
    end = start + len("الخارجيه الامريكيه")
    raw_start, raw_end = normalized.raw_span(start, end)
    assert raw[raw_start:raw_end] == "الخارجيّة الأمريكيـــة"
    lam_alef = normalized.text.index(" لا ") + 1
    assert normalized.raw_span(lam_alef, lam_alef + 2) == (raw.index("ﻻ"), raw.index("ﻻ") + 1)
    assert len(normalized.offsets) == len(normalized.text) + 1
    assert normalized.offsets[-1] == len(raw)


def test_offsets_stay_aligned_when_lowercasing_changes_length() -> None:
    raw = "İstanbul ﻻ سوريّا"
    normalized = normalize(raw)
    assert len(normalized.offsets) == len(normalized.text) + 1
    start = normalized.text.index("سوريا")
    raw_start, raw_end = normalized.raw_span(start, start + len("سوريا"))
    assert raw[raw_start:raw_end] == "سوريّا"
