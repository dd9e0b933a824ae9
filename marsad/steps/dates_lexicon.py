"""The words of Arabic dates, in folded form (see `marsad.text.normalize.fold`).

Every table here is keyed by the folded spelling (أ إ آ → ا, ى → ي, ة → ه, no harakat or
tatweel), because the date patterns run over folded text. The tables are constants:
the patterns in `marsad.steps.dates` are built from them once, at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Gregorian months as the Levant and Iraq name them, with and without the article in
# the two-word names ("كانون الاول" and "كانون اول" are both written).
_LEVANTINE = {
    "كانون الثاني": 1, "كانون ثاني": 1,
    "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10, "تشرين اول": 10,
    "تشرين الثاني": 11, "تشرين ثاني": 11,
    "كانون الاول": 12, "كانون اول": 12,
}  # fmt: skip
# Egypt and the Gulf (with the -يه spellings Egypt uses), and Morocco's own forms.
_EASTERN = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}  # fmt: skip
# Algeria and Tunisia (French-derived); سبتمبر … ديسمبر are shared with the east.
_MAGHREBI = {
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "جويلييه": 7,
    "اوت": 8,
}  # fmt: skip
GREGORIAN_MONTHS: dict[str, int] = _LEVANTINE | _EASTERN | _MAGHREBI

HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2,
    "ربيع الاول": 3, "ربيع اول": 3,
    "ربيع الاخر": 4, "ربيع الثاني": 4, "ربيع ثاني": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5,
    "جمادي الاخره": 6, "جمادي الثانيه": 6, "جمادي الاخر": 6, "جمادي الثاني": 6,
    "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذا القعده": 11,
    "ذو الحجه": 12, "ذي الحجه": 12, "ذا الحجه": 12,
}  # fmt: skip

# Month names that are also everyday words or names: "اب" (father; the Yemeni city Ibb),
# "مارس" (he practised), "ماي" and "جوان" (names), "صفر" (zero), "رجب", "شعبان" (names).
# These are accepted only with a day, a year, a qualifier, a paired name or "شهر".
AMBIGUOUS_MONTHS = frozenset({"اب", "مارس", "ماي", "جوان", "اوت", "صفر", "رجب", "شعبان"})

# Python's weekday numbers: Monday is 0.
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5,
    "الاحد": 6,
}  # fmt: skip

# Ordinal day words, "الخامس عشر من آذار"; the compound tens take "و".
_ORDINAL_UNITS = {
    "الاول": 1, "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5,
    "السادس": 6, "السابع": 7, "الثامن": 8, "التاسع": 9,
}  # fmt: skip
ORDINAL_DAYS: dict[str, int] = {"العاشر": 10, "العشرين": 20, "الثلاثين": 30}
for _word, _unit in _ORDINAL_UNITS.items():
    if _word != "الحادي":
        ORDINAL_DAYS[_word] = _unit
    if _word != "الاول":
        ORDINAL_DAYS[f"{_word} عشر"] = 10 + _unit
        ORDINAL_DAYS[f"{_word} والعشرين"] = 20 + _unit
ORDINAL_DAYS["الحادي والثلاثين"] = 31

# "منتصف آذار", "أواخر العام الماضي": the part of a period; the value keeps the period.
PERIOD_PARTS = ("مطلع", "منتصف", "اواخر", "اوائل", "اواسط", "نهايه", "بدايه", "مستهل", "اخر")
SEASONS = ("ربيع", "صيف", "خريف", "شتاء")

PAST = ("الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "السابق")
NEXT = ("المقبل", "المقبله", "القادم", "القادمه")
CURRENT = ("الجاري", "الجاريه", "الحالي", "الحاليه")

# Units of relative expressions ("قبل ثلاثة أيام"): the grammatical number matters
# because "يومين" is itself "two days".
UNIT_WORDS: dict[str, tuple[str, int | None]] = {
    "يوم": ("day", 1), "يوما": ("day", None), "ايام": ("day", None), "يومين": ("day", 2),
    "اسبوع": ("week", 1), "اسبوعا": ("week", None), "اسابيع": ("week", None),
    "اسبوعين": ("week", 2),
    "شهر": ("month", 1), "شهرا": ("month", None), "اشهر": ("month", None),
    "شهور": ("month", None), "شهرين": ("month", 2),
    "عام": ("year", 1), "عاما": ("year", None), "اعوام": ("year", None),
    "عامين": ("year", 2), "سنه": ("year", 1), "سنوات": ("year", None),
    "سنين": ("year", None), "سنتين": ("year", 2),
}  # fmt: skip

# Cardinal number words that may count a relative unit ("ثلاثة أيام", "خمسة وتسعين
# عاما"); the value is read by `marsad.text.numbers.parse_number`.
NUMBER_WORDS = (
    "واحد", "احد", "اثنين", "اثنان", "ثلاث", "ثلاثه", "اربع", "اربعه", "خمس", "خمسه", "ست",
    "سته", "سبع", "سبعه", "ثماني", "ثمان", "ثمانيه", "تسع", "تسعه", "عشر", "عشره",
    "احدي", "اثني", "اثنا", "اثنتي", "اثنتا",
    "عشرين", "عشرون", "ثلاثين", "ثلاثون", "اربعين", "اربعون", "خمسين", "خمسون", "ستين",
    "ستون", "سبعين", "سبعون", "ثمانين", "ثمانون", "تسعين", "تسعون", "مئه", "مائه",
)  # fmt: skip


def word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of `words`: long word lists stay readable."""
    return frozenset(words.split())


# Words after a cue like "في 2000" that show the number counts something, not a year.
COUNTED_NOUNS = word_set(
    """شخص اشخاص قتيل قتلي جريح جرحي مدني مدنيين طفل اطفال لاجئ لاجئين نازح نازحين مقاتل
    مقاتلين عنصر عناصر جندي جنود معتقل معتقلين سجين منزل منازل موقع مواقع غاره غارات
    صاروخ صواريخ طن كيلو كيلومتر كم متر دولار ريال درهم دينار جنيه يورو ليره ليرة مليون
    مليار الف الاف نقطه سهم برميل وحده حاله حالات عائله عائلات مرشح مرشحين صوت اصوات
    مشارك طالب طلاب موظف عامل عمال مريض مصاب اصابه اصابات ميجاواط ميغاواط"""
)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, with spaces matching any whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def lookup(table: dict[str, int], phrase: str) -> int | None:
    """Look `phrase` up in `table` after collapsing its inner whitespace."""
    return table.get(" ".join(phrase.split()))
