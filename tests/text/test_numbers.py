"""Number words and digits as Arabic news writes them; expected values by hand."""

from __future__ import annotations

import pytest

from marsad.text.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("400", 400),
        ("٤٠٠", 400),
        ("۴۰۰", 400),
        ("1,500", 1500),
        ("١٬٥٠٠", 1500),
        ("2.5", 2.5),
        ("٢٫٥", 2.5),
        ("واحد", 1),
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتين", 2),
        ("عشرة", 10),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("ثلاثة عشر", 13),
        ("تسعة عشر", 19),
        ("عشرون", 20),
        ("عشرين", 20),
        ("تسعون", 90),
        ("خمسة وعشرون", 25),
        ("ثلاث وأربعين", 43),
        ("مئة", 100),
        ("مائة", 100),
        ("مئتان", 200),
        ("مئتين", 200),
        ("ثلاثمئة", 300),
        ("ثلاثمائة", 300),
        ("ثلاث مئة", 300),
        ("مئة وخمسة وعشرون", 125),
        ("ثلاثمائة وخمسين ألفا", 350000),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ألفي", 2000),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000),
        ("400 ألف", 400000),
        ("٤٠٠ ألف", 400000),
        ("مليون", 1e6),
        ("مليونين", 2e6),
        ("2.5 مليون", 2.5e6),
        ("مليون ونصف", 1.5e6),
        ("ألف ونصف", 1500),
        ("نصف مليون", 5e5),
        ("مليون و200 ألف", 1.2e6),
        ("مليار", 1e9),
        ("3 مليارات", 3e9),
        ("عشرات", 10),
        ("العشرات", 10),
        ("مئات", 100),
        ("آلاف", 1000),
        ("الآلاف", 1000),
        ("عشرات الآلاف", 10000),
        ("مئات الآلاف", 100000),
        ("عشرات الألوف", 10000),
        ("نحو 400 ألف", 400000),
        ("حوالي خمسين", 50),
        ("أكثر من 30", 30),
        ("وثلاثة", 3),
        ("بـ400", 400),
        ("لخمسة", 5),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "قال", "لست أدري", "يوم الاثنين", "أحد الأشخاص", "نصف"])
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_offsets_and_approximators() -> None:
    text = "نزح نحو ٤٠٠ ألف شخص، وقتل خمسة وعشرون"
    found = find_numbers(text)
    assert [(m.text, m.value, m.approximate) for m in found] == [
        ("نحو ٤٠٠ ألف", 400000, True),
        ("خمسة وعشرون", 25, False),
    ]
    for match in found:
        assert text[match.start : match.end] == match.text


def test_clitic_is_not_in_the_span() -> None:
    text = "قُتل وثلاثة جرحوا بـ400 صاروخ"
    assert [m.text for m in find_numbers(text)] == ["ثلاثة", "400"]


def test_separate_numbers_are_not_merged() -> None:
    assert [m.value for m in find_numbers("بين ألفين وثلاثة آلاف")] == [2000, 3000]
    assert [m.value for m in find_numbers("في 2017 قتل 5")] == [2017, 5]
    assert [m.value for m in find_numbers("1, 2")] == [1, 2]


def test_diacritics_and_tatweel() -> None:
    assert parse_number("ثَلاثَةُ آلافٍ") == 3000
    assert parse_number("خمســة") == 5
