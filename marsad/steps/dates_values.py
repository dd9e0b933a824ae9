"""Values of Arabic temporal expressions: from a pattern match to `YYYY`, `YYYY-MM`,
`YYYY-MM-DD` or `YYYY-Www`.

Each kind of match has a resolver; the calendar choices (which year a bare month is in,
which Friday "الجمعة" is) live in `marsad.steps.dates_calendar`. `Context` carries what
earlier expressions of the same text said, for "العام نفسه" and "من نفس الشهر".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.steps import dates_calendar as cal
from marsad.steps.dates_candidates import (
    Candidate,
    Match,
    day_of,
    month_of,
    relation_of,
    sentence_before,
)
from marsad.steps.dates_lexicon import UNIT_WORDS, WEEKDAYS, word_set
from marsad.text.numbers import parse_number

_FUTURE_WORDS = word_set("سوف غدا المقرر مقرر يعتزم تعتزم نعتزم المرتقب المزمع")
_FUTURE_VERB = re.compile(r"^س[يتنا]\w{2,}$")


@dataclass(slots=True)
class Context:
    """What earlier expressions in the same text said, for "العام نفسه" and its kin."""

    year: int | None = None
    month: tuple[int, int] | None = None
    year_end: int | None = None  # where the last year-valued expression ended


_YEAR_SHIFT = {"past": -1, "next": 1}

_Resolved = tuple[str, bool] | None  # (value, the year was written out)


def _gregorian_or_hijri(kind: str, year: int, month: int, day: int) -> str | None:
    if kind == "h":
        converted = cal.hijri_to_date(year, month, day)
        return None if converted is None else cal.day_value(converted)
    if not 1000 <= year <= 2100 or not cal.valid_day(year, month, day):
        return None
    return cal.day_value(date(year, month, day))


def _year_value(year: int, era: str | None, low: int = 1000) -> str | None:
    if era == "ه":
        return cal.hijri_year_value(year)
    return f"{year:04d}" if low <= year <= 2100 else None


def _numeric(match: Match, base: date | None, ctx: Context) -> _Resolved:
    first, second, third = match.group("a"), match.group("b"), match.group("c")
    if len(first) == 4 and len(third) <= 2:
        year, month, day = int(first), int(second), int(third)
    elif len(third) == 4 and len(first) <= 2:
        year, month, day = int(third), int(second), int(first)
    else:
        return None
    hijri = match.group("era") == "ه" or year in cal.HIJRI_YEARS
    value = _gregorian_or_hijri("h" if hijri else "g", year, month, day)
    return None if value is None else (value, True)


def _text_date(match: Match, base: date | None, ctx: Context) -> _Resolved:
    month, day = month_of(match.group("mon")), day_of(match)
    if month is None or day is None:
        return None
    calendar_kind, number = month
    relation = relation_of(match.group("rel"))
    if match.group("year"):
        era = match.group("era")
        if (era == "م" and calendar_kind == "h") or (era == "ه" and calendar_kind == "g"):
            return None
        value = _gregorian_or_hijri(calendar_kind, int(match.group("year")), number, day)
        return None if value is None else (value, True)
    if match.group("yrel") and base is not None and calendar_kind == "g":
        year = base.year + _YEAR_SHIFT.get(relation_of(match.group("yrel")) or "", 0)
        value = _gregorian_or_hijri("g", year, number, day)
        return None if value is None else (value, False)
    if match.group("same") and ctx.year is not None and calendar_kind == "g":
        value = _gregorian_or_hijri("g", ctx.year, number, day)
        return None if value is None else (value, False)
    if base is None or match.group("same"):
        return None
    if calendar_kind == "h":
        hijri_year = cal.hijri_year_for(number, day, base, relation)
        value = _gregorian_or_hijri("h", hijri_year, number, day)
    else:
        year = cal.year_for_day(number, day, base, relation)
        value = _gregorian_or_hijri("g", year, number, day)
    return None if value is None else (value, False)


def _day_of_month(match: Match, base: date | None, ctx: Context) -> _Resolved:
    day = day_of(match)
    if day is None:
        return None
    if match.group("samemonth"):
        if ctx.month is None:
            return None
        year, month = ctx.month
    elif base is None:
        return None
    else:
        delta = {"past": -1, "next": 1}.get(relation_of(match.group("rel")) or "", 0)
        year, month = cal.shift_months(base.year, base.month, delta)
    value = _gregorian_or_hijri("g", year, month, day)
    return None if value is None else (value, False)


def _month(match: Match, base: date | None, ctx: Context) -> _Resolved:
    month = month_of(match.group("mon"))
    if month is None:
        return None
    calendar_kind, number = month
    if match.group("year"):
        year, era = int(match.group("year")), match.group("era")
        if calendar_kind == "h":
            hijri = None if era == "م" else cal.hijri_month_value(year, number)
            return None if hijri is None else (hijri, True)
        if era == "ه" or not 1000 <= year <= 2100:
            return None
        return cal.month_value(year, number), True
    if calendar_kind == "h":
        return None
    if match.group("same"):
        return None if ctx.year is None else (cal.month_value(ctx.year, number), False)
    if base is None:
        return None
    if match.group("yrel"):
        shift = _YEAR_SHIFT.get(relation_of(match.group("yrel")) or "", 0)
        return cal.month_value(base.year + shift, number), False
    year = cal.year_for_month(number, base, relation_of(match.group("rel")))
    return cal.month_value(year, number), False


_DAY_OFFSETS = {
    "اليوم": 0, "هذا اليوم": 0, "امس": -1, "الامس": -1, "البارحه": -1, "امس الاول": -2,
    "اول امس": -2, "اول من امس": -2, "الليله الماضيه": -1, "غدا": 1, "غد": 1, "بعد غد": 2,
}  # fmt: skip


def _relative_day(match: Match, base: date | None, ctx: Context) -> _Resolved:
    offset = _DAY_OFFSETS.get(" ".join(match.group("word").split()))
    if base is None or offset is None:
        return None
    return cal.day_value(base + timedelta(days=offset)), False


def _future_cue(text: str, start: int) -> bool:
    """Whether the sentence before `start` speaks of the future: a future word ("غدا",
    "المقرر"), a future verb right before the day ("ستطلق الجمعة") or opening the
    sentence ("وستعقد القمة … الثلاثاء")."""
    before, whole = sentence_before(text, start)
    if any(word in _FUTURE_WORDS for word in before):
        return True
    if before and _FUTURE_VERB.match(before[-1]):
        return True
    opening = re.sub("^[وف]", "", before[0]) if before and whole else ""
    return _FUTURE_VERB.match(opening) is not None


def _weekday(match: Match, base: date | None, ctx: Context, text: str) -> _Resolved:
    if base is None:
        return None
    relation = relation_of(match.group("rel"))
    if relation is None and _future_cue(text, match.start()):
        relation = "future"
    return cal.day_value(cal.weekday_date(WEEKDAYS[match.group("wd")], base, relation)), False


def _period(match: Match, base: date | None, ctx: Context) -> _Resolved:
    unit = match.group("unit")
    if match.group("year"):
        if unit != "العام" and unit != "السنه":
            return None
        value = _year_value(int(match.group("year")), match.group("era"))
        return None if value is None else (value, True)
    if match.group("samepre") or match.group("samepost"):
        if unit == "الشهر" and ctx.month is not None:
            return cal.month_value(*ctx.month), False
        if unit in ("العام", "السنه") and ctx.year is not None:
            return f"{ctx.year:04d}", False
        return None
    if base is None:
        return None
    delta = {"past": -1, "next": 1}.get(relation_of(match.group("rel")) or "", 0)
    if unit == "الاسبوع":
        return cal.week_value(base + timedelta(weeks=delta)), False
    if unit == "الشهر":
        return cal.month_value(*cal.shift_months(base.year, base.month, delta)), False
    return f"{base.year + delta:04d}", False


def _ago(match: Match, base: date | None, ctx: Context) -> _Resolved:
    unit, fixed = UNIT_WORDS[match.group("unit")]
    count: float | None = fixed
    if match.group("num"):
        count = parse_number(match.group("num"))
    if base is None or count is None or count != int(count) or not 0 < count < 3000:
        return None
    sign = 1 if match.group("dir") == "بعد" else -1
    return cal.shift(base, unit, sign * int(count)), False


def _year(match: Match, base: date | None, ctx: Context, low: int) -> _Resolved:
    value = _year_value(int(match.group("year")), match.groupdict().get("era"), low)
    return None if value is None else (value, True)


def resolve(candidate: Candidate, text: str, base: date | None, ctx: Context) -> _Resolved:
    match, kind = candidate.match, candidate.kind
    if kind == "weekday":
        return _weekday(match, base, ctx, text)
    if kind == "year_chain":
        if ctx.year_end is None or candidate.start - ctx.year_end > 60:
            return None
        return _year(match, base, ctx, 1900)
    resolvers: dict[str, Callable[[Match, date | None, Context], _Resolved]] = {
        "numeric": _numeric,
        "date": _text_date,
        "day_of_month": _day_of_month,
        "month": _month,
        "relday": _relative_day,
        "period": _period,
        "ago": _ago,
    }
    resolver = resolvers.get(kind)
    if resolver is not None:
        return resolver(match, base, ctx)
    if kind == "range":
        return None  # settled from the date that follows, in `_settle_links`
    return _year(match, base, ctx, 1000)
