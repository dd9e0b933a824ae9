"""Finding Arabic temporal expressions: which pattern matches are dates at all.

Every pattern of `marsad.steps.dates_patterns` is run over the folded text; a match is
kept when its context makes it a date (a lone "آذار" after "في", "اليوم" that is not
"اليوم الوطني", "الأحد" that is not "الأحد عشر"), and overlapping matches give way to
the longest. Values are computed later, by `marsad.steps.dates_values`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from marsad.steps import dates_patterns as pat
from marsad.steps.dates_lexicon import (
    AMBIGUOUS_MONTHS,
    COUNTED_NOUNS,
    CURRENT,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    NEXT,
    ORDINAL_DAYS,
    PAST,
    lookup,
    word_set,
)

Match = re.Match[str]

# Nouns that "العام" qualifies as an adjective ("الأمين العام الحالي" is a person).
_GENERAL_NOUNS = word_set(
    "الامين المدير المدعي النائب الراي القطاع المؤتمر الوكيل المفتش المراقب الاضراب "
    "المرشد القائد الحاكم المنسق المفوض الامن النقل"
)
_NOT_TODAY_BEFORE = word_set("عين صحيفه جريده مجله قناه موقع برنامج في كل")
_NOT_WEEKDAY_BEFORE = word_set("صلاه خطبه بين كلا عدا ايام كل مساجد")
_WORD = re.compile(r"\w+")
_NEXT_WORD = re.compile(r"\s*(\w+)")
_DEFINITE_NEXT = re.compile(r"\s+ال\w")
# Prepositions that make a lone month name a date: "في آذار", "منذ يناير".
_MONTH_CUES = word_set("في منذ حتي خلال قبل بعد بحلول من الي مع بين")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match that may be a date: `start`/`end` delimit its span in the folded text,
    `kind` names the pattern that found it."""

    start: int
    end: int
    kind: str
    match: Match

    @property
    def reach(self) -> int:
        """Where nothing else may start: past "(الجمعة)" in "اليوم (الجمعة)", which only
        confirms the day."""
        return max(self.end, self.match.end()) if self.kind == "relday" else self.end


def relation_of(word: str | None) -> str | None:
    """ "past", "next" or "current" for a qualifier (الماضي، المقبل، الجاري), else None."""
    if word is None:
        return None
    if word in PAST:
        return "past"
    if word in NEXT:
        return "next"
    return "current" if word in CURRENT else None


def sentence_before(text: str, start: int, reach: int = 400) -> tuple[list[str], bool]:
    """The words of the sentence before `start` (at most `reach` characters back), and
    whether they go back to the sentence start."""
    window_start = max(0, start - reach)
    parts = re.split(r"[.!؟\n]", text[window_start:start])
    return _WORD.findall(parts[-1]), len(parts) > 1 or window_start == 0


def words_before(text: str, start: int, count: int) -> list[str]:
    """The last `count` words before `start`, stopping at a sentence end."""
    return sentence_before(text, start, 80)[0][-count:]


def _word_after(text: str, end: int) -> str:
    found = _NEXT_WORD.match(text, end)
    return found.group(1) if found else ""


def month_of(phrase: str) -> tuple[str, int] | None:
    """("g"|"h", month number) of the first month name in `phrase`."""
    found = pat.MONTH_NAME.search(phrase)
    if found is None:
        return None
    name = found.group()
    gregorian = lookup(GREGORIAN_MONTHS, name)
    if gregorian is not None:
        return "g", gregorian
    hijri = lookup(HIJRI_MONTHS, name)
    return None if hijri is None else ("h", hijri)


def _first_month_name(phrase: str) -> str:
    found = pat.MONTH_NAME.search(phrase)
    return " ".join(found.group().split()) if found else ""


def _is_paired(phrase: str) -> bool:
    return len(pat.MONTH_NAME.findall(phrase)) > 1


def day_of(match: Match) -> int | None:
    """The day of the month a match names, in digits or as an ordinal word."""
    if match.group("day"):
        return int(match.group("day"))
    ordinal = match.group("ord")
    return lookup(ORDINAL_DAYS, ordinal) if ordinal else None


# --- plausibility: is this match a date at all? ------------------------------------


def _plausible_month(text: str, match: Match) -> bool:
    phrase = match.group("mon")
    month = month_of(phrase)
    if month is None:
        return False
    if match.group("year") or match.group("same") or match.group("yrel"):
        return True
    if month[0] == "h":
        return False  # a Hijri month without day or year is a period, not a date
    strong = match.group("rel") or match.group("part") or match.group("shahr")
    if strong or _is_paired(phrase):
        return True
    if _first_month_name(phrase) in AMBIGUOUS_MONTHS - {"مارس"}:  # "في مارس" is March
        return False
    start = match.start("span")
    if start > 0 and text[start - 1] in "بل":
        return start < 2 or not text[start - 2].isalpha()  # بآذار، ليناير
    before = words_before(text, start, 1)
    word = before[-1] if before else ""
    return word in _MONTH_CUES or (word[:1] in ("و", "ف") and word[1:] in _MONTH_CUES)


def _plausible_today(text: str, match: Match) -> bool:
    word = " ".join(match.group("word").split())
    if word == "غد":
        return match.group("yawm") is not None
    if word != "اليوم" or match.group("wd"):
        return True
    if _DEFINITE_NEXT.match(text, match.end("span")):
        return False  # اليوم التالي، اليوم الوطني، اليوم الذي
    before = words_before(text, match.start(), 1)
    return not before or before[-1] not in _NOT_TODAY_BEFORE


def _plausible_weekday(text: str, match: Match) -> bool:
    before = words_before(text, match.start(), 1)
    if before and before[-1] in _NOT_WEEKDAY_BEFORE:
        return False
    after = _word_after(text, match.end())
    if match.group("wd") == "الاثنين" and after == "معا":
        return False  # "the two together"
    return not (match.group("wd") == "الاحد" and after == "عشر")


def _plausible_period(text: str, match: Match) -> bool:
    before = words_before(text, match.start(), 1)
    if match.group("unit") == "العام" and before and before[-1] in _GENERAL_NOUNS:
        return False
    if match.group("rel") or match.group("this") or match.group("year"):
        return True
    if match.group("samepre") or match.group("samepost"):
        return True
    return bool(match.group("part")) and match.group("unit") != "الاسبوع"


def _plausible_year_prep(match: Match) -> bool:
    year = int(match.group("year"))
    low = 1000 if match.group("prep") in ("منذ", "حتي", "بحلول", "الي") else 1900
    following = match.group("next") or ""
    return low <= year <= 2100 and following not in COUNTED_NOUNS


def _plausible(kind: str, text: str, match: Match) -> bool:
    checks: dict[str, Callable[[], bool]] = {
        "month": lambda: _plausible_month(text, match),
        "relday": lambda: _plausible_today(text, match),
        "weekday": lambda: _plausible_weekday(text, match),
        "period": lambda: _plausible_period(text, match),
        "year_prep": lambda: _plausible_year_prep(match),
        "year_paren": lambda: 1800 <= int(match.group("year")) <= 2100,
        "ago": lambda: (
            not match.group("bound") and (match.group("dir") == "منذ" or not match.group("tail"))
        ),
    }
    check = checks.get(kind)
    return check() if check else True


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("numeric", pat.NUMERIC_DATE),
    ("date", pat.DATE_TEXT),
    ("day_of_month", pat.DAY_OF_MONTH),
    ("range", pat.DAY_RANGE),
    ("month", pat.MONTH_TEXT),
    ("relday", pat.RELATIVE_DAY),
    ("weekday", pat.WEEKDAY),
    ("period", pat.PERIOD),
    ("ago", pat.AGO),
    ("year_cue", pat.YEAR_CUE),
    ("year_part", pat.YEAR_PART),
    ("year_pair", pat.YEAR_PAIR),
    ("year_prep", pat.YEAR_PREPOSITION),
    ("year_era", pat.YEAR_ERA),
    ("year_paren", pat.YEAR_PARENTHESIS),
    ("year_chain", pat.YEAR_CHAIN),
)


def candidates(text: str) -> list[Candidate]:
    """Every plausible match, then the longest of overlapping ones (earliest first)."""
    found: list[Candidate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            has_span = "span" in pattern.groupindex and match.group("span") is not None
            start, end = match.span("span") if has_span else match.span()
            if end > start and _plausible(kind, text, match):
                found.append(Candidate(start, end, kind, match))
    found.sort(key=lambda c: (c.start, c.start - c.end))
    chosen: list[Candidate] = []
    for candidate in found:
        if chosen and candidate.start < chosen[-1].reach:
            continue
        chosen.append(candidate)
    return chosen
