"""The regular expressions of Arabic temporal expressions, over folded text.

Each pattern may wrap the part that becomes the reported span in a group named `span`
(otherwise the whole match is the span), so a pattern can look at a cue word ("في",
"منذ") without reporting it. A glued conjunction or preposition (و، ف، ب، ل، ك) may
precede a match but is never part of it: `_START` accepts a match at a word start or
right after such a clitic.
"""

from __future__ import annotations

import re

from marsad.steps.dates_lexicon import (
    CURRENT,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    NEXT,
    NUMBER_WORDS,
    ORDINAL_DAYS,
    PAST,
    PERIOD_PARTS,
    SEASONS,
    UNIT_WORDS,
    WEEKDAYS,
    alternation,
)

_LETTER = r"[^\W\d_]"
_START = rf"(?:(?<!{_LETTER})|(?<=(?<!{_LETTER})[وفبلك])|(?<=(?<!{_LETTER})[وف][بلك]))"
_END = r"(?!\w)"


def _start(*words: str, digits: bool = False) -> str:
    """`_START`, behind a one-character gate on how the match may begin: the regex engine
    then skips most positions with one character test instead of three lookbehinds."""
    first = sorted({word[0] for word in words})
    chars = "".join(re.escape(char) for char in first) + (r"\d" if digits else "")
    return rf"(?=[{chars}]){_START}"


_MONTH = rf"(?:{alternation(list(GREGORIAN_MONTHS) + list(HIJRI_MONTHS))}){_END}"
# One month, or the same month in two calendars of names: "آذار/مارس", "أيلول (سبتمبر)",
# "يوليو تموز", "أيلول-سبتمبر".
_MONTH_PAIR = rf"{_MONTH}(?:\s*(?:[/\-–]\s*{_MONTH}|\(\s*{_MONTH}\s*\))|\s+{_MONTH})?"
_WEEKDAY = rf"(?:{alternation(WEEKDAYS)}){_END}"
_PAST = alternation(PAST)
_NEXT = alternation(NEXT)
_CURRENT = alternation(CURRENT)
_RELATION = rf"(?P<rel>{_PAST}|{_NEXT}|{_CURRENT}){_END}"
_SAME = r"(?:نفسه|نفسها|ذاته|ذاتها)"
_YEAR_PREPOSITIONS = ("في", "منذ", "حتي", "بحلول", "قبل", "بعد", "خلال", "عقب", "من", "الي", "بين")
_ERA = r"(?:\s?(?P<era>[هم])(?!\w))?"
_YEAR = rf"(?<!\d)(?P<year>\d{{4}})(?![\d/]){_ERA}"
# What may stand between a month and its year: "آذار 2019", "مارس/آذار عام 2015",
# "أغسطس من العام 2016", "تشرين الثاني، 2015".
_YEAR_LINK = r"\s*،?\s*(?:من\s+)?(?:(?:عام|العام|سنه|السنه)\s+)?"
_SAME_YEAR = (
    rf"(?:(?P<same>\s+من\s+(?:(?:العام|السنه)\s+{_SAME}|نفس\s+(?:العام|السنه)))"
    rf"|\s+من\s+(?:العام|السنه)\s+(?P<yrel>{_PAST}|{_NEXT}|{_CURRENT}){_END})"
)
_PART = rf"(?P<part>{alternation(PERIOD_PARTS)})\s+"
_ORDINAL = rf"(?P<ord>{alternation(ORDINAL_DAYS)}){_END}"
_DAY = r"(?:ال\s?)?(?<![\d/.])(?P<day>[0-3]?\d)(?![\d/.,])"  # "الـ 20 من الشهر"
# A day word or weekday written right before a date is part of it: "الخميس 26-3-2015",
# "اليوم 19 مارس", "أمس الاثنين، 10 أغسطس".
_WEEKDAY_PREFIX = (
    rf"(?:(?:(?:اليوم|امس|غدا){_END}\s*،?\s*)?"
    rf"(?:يوم\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?:{_PAST}|{_NEXT}){_END})?\s*،?\s*"
    rf"|(?:اليوم|امس|غدا){_END}\s*،?\s*)?"
)

DATE_TEXT = re.compile(
    rf"{_start('ال', 'امس', 'غدا', 'يوم', digits=True)}{_WEEKDAY_PREFIX}(?:{_DAY}|{_ORDINAL})"
    r"\s+(?:من\s+)?(?:شهر\s+)?"
    rf"(?P<mon>{_MONTH_PAIR})(?:\s+{_RELATION})?(?:{_YEAR_LINK}{_YEAR}|{_SAME_YEAR})?"
)
DAY_OF_MONTH = re.compile(
    rf"{_start('ال', digits=True)}(?:{_DAY}|{_ORDINAL})\s+من\s+"
    rf"(?:(?P<samemonth>نفس\s+الشهر|الشهر\s+{_SAME})|الشهر\s+{_RELATION})"
)
MONTH_TEXT = re.compile(
    rf"(?P<span>{_start(*PERIOD_PARTS, 'شهر', *GREGORIAN_MONTHS, *HIJRI_MONTHS)}(?:{_PART})?"
    rf"(?:(?P<shahr>شهر)\s+)?(?P<mon>{_MONTH_PAIR})"
    rf"(?:\s+{_RELATION})?(?:{_YEAR_LINK}{_YEAR}|{_SAME_YEAR})?)"
)
DAY_RANGE = re.compile(
    rf"{_start(digits=True)}(?<![\d/.])(?P<span>(?P<day>[0-3]?\d))\s*(?:و|الي|حتي|-|–)\s*"
    rf"(?=[0-3]?\d\s+(?:من\s+)?(?:شهر\s+)?{_MONTH})"
)
NUMERIC_DATE = re.compile(
    rf"{_start('ال', 'امس', 'غدا', 'يوم', digits=True)}{_WEEKDAY_PREFIX}(?<![\d/\-])(?<!\d\.)"
    r"(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})(?![\d/\-]|\.\d)"
    rf"{_ERA}"
)
YEAR_CUE = re.compile(
    rf"{_start(*PERIOD_PARTS, *SEASONS, 'عام', 'العام', 'سنه', 'السنه')}"
    rf"(?P<span>(?:(?P<part>{alternation(PERIOD_PARTS + SEASONS)})\s+)?"
    rf"(?:عام|العام|سنه|السنه)\s+{_YEAR})"
)
YEAR_PART = re.compile(
    rf"{_start(*PERIOD_PARTS, *SEASONS)}"
    rf"(?P<span>(?P<part>{alternation(PERIOD_PARTS + SEASONS)})\s+{_YEAR})"
)
YEAR_PAIR = re.compile(rf"{_start('ال', 'السنتين')}(?:العامين|السنتين)\s+(?P<span>{_YEAR})")
YEAR_PREPOSITION = re.compile(
    rf"{_start(*_YEAR_PREPOSITIONS)}(?P<prep>{alternation(_YEAR_PREPOSITIONS)})\s+"
    rf"(?P<span>{_YEAR})"
    r"(?!\s*[%٪])(?=\s+(?P<next>\w+)|)"
)
YEAR_ERA = re.compile(r"(?<![\w/.\-])(?P<span>(?P<year>\d{4})\s?(?P<era>[هم])(?!\w))")
YEAR_PARENTHESIS = re.compile(r"\(\s*(?P<span>(?P<year>\d{4}))\s*\)")
# A year listed after another: "من 2011 و2018", "بين 2010 - 2012" (accepted only close
# after a year, see `marsad.steps.dates_values`).
_CHAIN_LINK = r"(?:(?<!\w)(?:و|الي|حتي)\s?|[\-–]\s?)"
YEAR_CHAIN = re.compile(rf"{_CHAIN_LINK}(?P<span>(?P<year>\d{{4}}))(?![\d/\-])")

RELATIVE_DAY = re.compile(
    rf"{_start('يوم', 'هذا', 'ال', 'امس', 'اول', 'بعد', 'غد')}"
    rf"(?P<span>(?:(?P<yawm>يوم)\s+)?(?P<word>هذا\s+اليوم|اليوم|امس\s+الاول|"
    rf"اول\s+من\s+امس|اول\s+امس|الامس|امس|البارحه|الليله\s+الماضيه|بعد\s+غد|غدا|غد){_END}"
    rf"(?:\s*،?\s*(?P<wd>{_WEEKDAY}))?)(?:\s*\(\s*(?P<pwd>{_WEEKDAY})\s*\))?"
)
WEEKDAY = re.compile(
    rf"{_start('يوم', 'ال')}(?:يوم\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?P<rel>{_PAST}|{_NEXT}){_END})?"
)
PERIOD = re.compile(
    rf"{_start(*PERIOD_PARTS, 'هذا', 'نفس', 'ال')}(?:{_PART})?"
    r"(?:(?P<this>هذا|هذه)\s+)?(?:(?P<samepre>نفس)\s+)?"
    rf"(?P<unit>الاسبوع|الشهر|العام|السنه){_END}"
    rf"(?:\s+(?:{_RELATION}|(?P<samepost>{_SAME}){_END}))?(?:\s+{_YEAR})?"
)
_NUMBER = rf"(?:\d{{1,3}}|(?:{alternation(NUMBER_WORDS)}){_END})"
AGO = re.compile(
    rf"{_start('منذ', 'قبل', 'بعد')}(?P<span>(?P<dir>منذ|قبل|بعد)\s+"
    rf"(?:(?:نحو|حوالي|قرابه|زهاء)\s+)?(?:(?P<num>{_NUMBER}(?:\s+و\s?{_NUMBER})*)\s+)?"
    rf"(?P<unit>{alternation(UNIT_WORDS)}){_END})(?!\s*\d)"
    rf"(?=(?P<tail>\s+(?:من|علي|عن){_END})|)(?=(?P<bound>\s+(?:ونصف|و\s+نصف|ال\w+){_END})|)"
)
MONTH_NAME = re.compile(_MONTH)
