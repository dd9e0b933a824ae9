"""Offline language identification for articles."""

from __future__ import annotations

from marsad.model import Article
from marsad.text.language import detect_language, with_language

ARABIC = "عقد المديرون السياسيون للمجموعة المصغرة للتحالف الدولي لهزيمة داعش اجتماعاً افتراضياً."
PERSIAN = (
    "وزارت امور خارجه ایران روز یکشنبه اعلام کرد که گفتگوها با کشورهای همسایه ادامه خواهد داشت."
)
ENGLISH = (
    "The foreign ministry said on Sunday that talks with neighbouring countries would continue."
)
GERMAN = (
    "Das Außenministerium teilte am Sonntag mit, dass die Gespräche mit den Nachbarländern "
    "fortgesetzt werden."
)


def test_languages() -> None:
    assert detect_language(ARABIC) == "ar"
    assert detect_language(PERSIAN) == "fa"
    assert detect_language(ENGLISH) == "en"
    assert detect_language(GERMAN) == "de"


def test_no_letters_no_language() -> None:
    assert detect_language("") is None
    assert detect_language("2020-04-03 12:00 !!!") is None


def test_short_arabic_still_arabic() -> None:
    assert detect_language("سوريا") == "ar"


def test_step_sets_and_keeps_lang() -> None:
    assert with_language(Article(text=ARABIC)).lang == "ar"
    assert with_language(Article(text=ARABIC, lang="xx")).lang == "xx"
