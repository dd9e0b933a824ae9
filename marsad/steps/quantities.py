"""Quantities: how many were killed, injured, displaced, arrested, returned or missing.

A quantity is a number (see `marsad.text.numbers`) with what it counts (the noun after
it: شخص → people, عائلة → families, غارة → airstrikes) and, when the sentence says so,
what happened to them (the kind: killed, injured, displaced, arrested, returned,
missing). The verb may come before or after the number ("نزح نحو 400 ألف شخص", "نحو
400 ألف شخص نزحوا"), so the kind is the nearest kind word within a window of the same
sentence; a noun that itself names the kind (قتلى، جرحى، نازحين) decides first.

Numbers that are not counts are skipped: years and dates, clock times and durations,
percentages, resolution and article numbers, and parts of codes (كوفيد-19). Amounts of
money are kept with unit "currency" and no kind. A bare number with neither a counted
noun nor a kind is not reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import replace

from marsad.model import Article, QuantitySpan
from marsad.text.normalize import fold
from marsad.text.numbers import NumberMatch, find_numbers
from marsad.text.tokenize import Token, tokenize

_WINDOW = 7  # tokens on each side searched for a kind word
_SENTENCE_END = re.compile(r"[.!?؟\n;؛]")


def _expand(groups: Mapping[str, str]) -> dict[str, str]:
    """Space-separated word lists → one entry per folded word."""
    return {fold(word): value for words, value in groups.items() for word in words.split()}


_UNITS = _expand(
    {
        "شخص أشخاص شخصا شخصاً مدني مدنيين مدنيا مدنيون مواطن مواطنين مواطنا مواطنون نسمة "
        "فرد أفراد قتيل قتيلا قتلى جريح جريحا جرحى مصاب مصابا مصابين ضحية ضحايا شهيد شهيدا "
        "شهداء نازح نازحا نازحين نازحون مهجر مهجرين مفقود مفقودين معتقلا رجل رجال "
        "مدنيًا شخصًا قتيلًا": "people",
        "لاجئ لاجئا لاجئين لاجئون لاجئًا": "refugees",
        "طفل طفلا أطفال طفلًا": "children",
        "امرأة نساء سيدة سيدات": "women",
        "مقاتل مقاتلا مقاتلين مقاتلون مسلح مسلحا مسلحين مسلحون عنصر عنصرا عناصر إرهابي "
        "إرهابيا إرهابيين إرهابيون متشدد متشددين جهادي جهاديين داعشي عنصرًا": "fighters",
        "جندي جنديا جنود عسكري عسكريا عسكريين ضابط ضابطا ضباط شرطي شرطيا شرطيين جنديًا": "soldiers",
        "عائلة عائلات أسرة أسر": "families",
        "منزل منزلا منازل بيت بيوت مبنى مبان مباني منزلًا": "houses",
        "غارة غارات": "airstrikes",
        "صاروخ صاروخا صواريخ": "rockets",
        "قذيفة قذائف": "shells",
        "معتقل معتقلين سجين سجينا سجناء أسير أسرى محتجز محتجزين موقوف موقوفين": "detainees",
        "دولار دولارا دولارات ليرة ليرات ريال ريالا ريالات يورو دينار دينارا دنانير جنيه "
        "جنيها درهم دراهم فرنك فرنكا": "currency",
        "مركبة مركبات آلية آليات عربة عربات سيارة سيارات دبابة دبابات": "vehicles",
    }
)
_KIND_OF_NOUN = _expand(
    {
        "قتيل قتيلا قتلى شهيد شهيدا شهداء ضحية ضحايا قتيلًا": "killed",
        "جريح جريحا جرحى مصاب مصابا مصابين": "injured",
        "نازح نازحا نازحين نازحون مهجر مهجرين": "displaced",
        "معتقل معتقلين معتقلا محتجز محتجزين موقوف موقوفين": "arrested",
        "مفقود مفقودين": "missing",
    }
)
_KINDS = _expand(
    {
        "قتل قتلت قتلوا يقتل مقتل قتلى قتيل قتيلا استشهد استشهدوا استشهاد شهيد شهداء مصرع "
        "حتفه حتفهم لقي لقوا بحياة توفي توفوا وفاة ضحايا أودى": "killed",
        "جرح جرحى جريح إصابة إصابات أصيب أصيبوا يصاب مصاب مصابين جراح": "injured",
        "نزح نزحوا ينزح نزوح نازح نازحين نازحون تهجير هجر هجروا تهجر مهجرين فر فروا يفر "
        "فرار تشريد شرد تشرد مشرد مشردين لجوء لاجئ لاجئين لاجئون": "displaced",
        "اعتقل اعتقلت اعتقلوا اعتقال اعتقالات معتقل معتقلين توقيف أوقف أوقفت احتجز احتجاز "
        "محتجز القبض": "arrested",
        "عاد عادوا يعود عودة عائد عائدين العائدين": "returned",
        "مفقود مفقودين فقدان فقد فقدوا": "missing",
    }
)
_NOT_COUNTS = _expand(
    {
        "سنة سنوات عام أعوام عاما يوم أيام يوما شهر أشهر شهرا أسبوع أسابيع ساعة ساعات "
        "دقيقة دقائق ثانية ثوان كيلومتر كيلومترات كم متر مترا أمتار ميل كيلوغرام كغ طن "
        "هكتار دونم درجة بالمئة بالمائة مرة مرات عمر عمره عمرها": "skip",
    }
)
_MONTHS = dict.fromkeys(
    [
        fold(m)
        for m in [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "ابريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "اغسطس",
            "سبتمبر",
            "أكتوبر",
            "اكتوبر",
            "نوفمبر",
            "ديسمبر",
            "كانون",
            "شباط",
            "آذار",
            "نيسان",
            "أيار",
            "حزيران",
            "تموز",
            "آب",
            "أيلول",
            "تشرين",
            "محرم",
            "صفر",
            "ربيع",
            "جمادى",
            "رجب",
            "شعبان",
            "رمضان",
            "شوال",
            "القعدة",
            "الحجة",
        ]
    ],
    "month",
)
_BEFORE_NOT_COUNTS = dict.fromkeys(
    [
        fold(w)
        for w in [
            "عام",
            "العام",
            "سنة",
            "السنة",
            "الساعة",
            "القرار",
            "قرار",
            "رقم",
            "المادة",
            "مادة",
            "البند",
            "بند",
            "الفقرة",
            "عامي",
            "العامين",
            "الرقم",
            "الفصل",
            "الجزء",
            "المرحلة",
            "الدورة",
            "حي",
            "اللواء",
            "الجناح",
            "الفرقة",
            "الكتيبة",
            "الطريق",
            "الدقيقة",
            "الشوط",
            "المادة",
        ]
    ],
    "label",
)
_PERCENT = re.compile(r"\s*(?:%|٪|في\s*الم[ئا]ئ?ة|بالم[ئا]ئ?ة)")
_CLITICS = ("وبال", "وال", "بال", "لل", "فال", "ال", "و", "ف", "ب", "ل")


def _lookup(word: str, table: Mapping[str, str | None]) -> str | None:
    """`word` (folded) in `table`, also without a leading conjunction, preposition or ال."""
    if word in table:
        return table[word]
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            rest = word[len(clitic) :]
            if rest in table:
                return table[rest]
    return None


class _Positions:
    """Token and sentence-end offsets of one text, sorted, so each number finds its
    tokens and its sentence by binary search: scanning from the start of the text for
    every number made long texts quadratic."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.length = len(text)
        self.starts = [token.start for token in tokens]
        self.ends = [token.end for token in tokens]
        self.stops = [match.start() for match in _SENTENCE_END.finditer(text)]

    def covering(self, start: int, end: int) -> range:
        """Indexes of the tokens overlapping [start, end)."""
        return range(bisect_right(self.ends, start), bisect_left(self.starts, end))

    def sentence(self, start: int, end: int) -> range:
        """Indexes of the tokens in the sentence around [start, end)."""
        before = bisect_left(self.stops, start)
        left = self.stops[before - 1] + 1 if before else 0
        after = bisect_left(self.stops, end)
        right = self.stops[after] if after < len(self.stops) else self.length
        return range(bisect_left(self.starts, left), bisect_right(self.ends, right))


def _is_not_count(text: str, number: NumberMatch, before: str, after: str) -> bool:
    raw = number.text
    if _PERCENT.match(text, number.end):
        return True
    if number.start and text[number.start - 1] in "-/:.":
        return True
    if (
        number.end < len(text)
        and text[number.end] in "/:-"
        and text[number.end + 1 : number.end + 2].isdigit()
    ):
        return True
    if any(
        _lookup(word, table)
        for word, table in ((before, _BEFORE_NOT_COUNTS), (before, _MONTHS), (after, _MONTHS))
    ):
        return True
    is_year = (
        re.fullmatch(r"[0-9\u0660-\u0669]{4}", raw) is not None and 1900 <= number.value <= 2100
    )
    return is_year and _lookup(after, _UNITS) is None


def _kind_near(folded: Sequence[str], first: int, last: int, sentence: range) -> str | None:
    """The kind word nearest to tokens [first, last] within the sentence window."""
    best: tuple[int, str] | None = None
    low = max(sentence.start, first - _WINDOW)
    high = min(sentence.stop, last + 1 + _WINDOW)
    for index in range(low, high):
        if first <= index <= last:
            continue
        kind = _lookup(folded[index], _KINDS)
        if kind is None:
            continue
        distance = first - index if index < first else index - last
        if best is None or distance < best[0]:
            best = (distance, kind)
    return best[1] if best else None


def find_quantities(text: str) -> list[QuantitySpan]:
    """The counted quantities in raw `text`, with offsets into it."""
    tokens = tokenize(text)
    folded = [fold(t.text) for t in tokens]
    positions = _Positions(text, tokens)
    found: list[QuantitySpan] = []
    for number in find_numbers(text):
        inside = positions.covering(number.start, number.end)
        if not inside:
            continue
        first, last = inside[0], inside[-1]
        before = folded[first - 1] if first else ""
        after_index = last + 1
        if after_index < len(tokens) and folded[after_index] == "من":
            after_index += 1  # عشرات من المدنيين
        after = folded[after_index] if after_index < len(tokens) else ""
        if _is_not_count(text, number, before, after):
            continue
        if _lookup(after, _NOT_COUNTS):
            continue
        unit = _lookup(after, _UNITS)
        end = tokens[after_index].end if unit else number.end
        span_last = after_index if unit else last
        if unit == "currency":
            found.append(
                QuantitySpan(text[number.start : end], number.start, end, number.value, unit, None)
            )
            continue
        kind = _lookup(after, _KIND_OF_NOUN) if unit else None
        if kind is None:
            sentence = positions.sentence(number.start, end)
            kind = _kind_near(folded, first, span_last, sentence)
        if kind is None and unit == "refugees":
            kind = "displaced"  # a count of refugees is a count of displaced people
        if unit is None and kind is None:
            continue
        found.append(
            QuantitySpan(
                text[number.start : end], number.start, end, number.value, unit or "people", kind
            )
        )
    return found


def with_quantities(article: Article) -> Article:
    """The article with its counted quantities found."""
    return replace(article, quantities=tuple(find_quantities(article.text)))
