"""Calendar arithmetic for Arabic dates: anchoring on the publication date, Hijri dates.

The choices a reader of news makes silently are written down here:

* A month named without a year ("في آذار", "15 آذار") is read in the year that makes
  it recent: the base year when the month is the base month or up to two months ahead
  (news announces what is coming soon), otherwise the most recent past occurrence.
  "الماضي" forces the most recent month strictly before the base month, "المقبل" the
  first strictly after, "الجاري"/"الحالي" the base year.
* A bare weekday ("الثلاثاء") is the most recent such day strictly before the base,
  or the base itself when it falls on that weekday; with a future cue in the clause
  ("سيعقد", "المقرر") it is the first such day on or after the base. "الماضي" is strictly
  before, "المقبل" strictly after.
* A relative day word and a weekday that disagree ("غدا الخميس" published on a
  Thursday, usually a time-zone artefact) resolve by the relative word.
* A Hijri date with day, month and year is converted exactly (Umm al-Qura, `hijridate`);
  a Hijri month and year without a day becomes the Gregorian month holding its 15th; a
  bare Hijri year becomes the Gregorian year holding most of its days; a Hijri day and
  month without a year take the most recent such date on or before the base.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

HIJRI_YEARS = range(1343, 1501)  # the range the Umm al-Qura tables cover


def day_value(day: date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by `delta` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def year_for_month(month: int, base: date, relation: str | None) -> int:
    """The year of a month named without one (see the module docstring)."""
    if relation == "current":
        return base.year
    if relation == "past":
        return base.year if month < base.month else base.year - 1
    if relation == "next":
        return base.year if month > base.month else base.year + 1
    ahead = month - base.month
    if ahead > 2:
        return base.year - 1
    return base.year


def year_for_day(month: int, day: int, base: date, relation: str | None) -> int:
    """The year of a day and month named without one. As for a month, except that
    "الماضي" and "المقبل" compare the day too: "4 آذار الماضي" written on 23 March is
    this year's."""
    if relation == "past":
        return base.year if (month, day) < (base.month, base.day) else base.year - 1
    if relation == "next":
        return base.year if (month, day) > (base.month, base.day) else base.year + 1
    return year_for_month(month, base, relation)


def weekday_date(weekday: int, base: date, relation: str | None) -> date:
    """The date of a named weekday relative to `base` (see the module docstring)."""
    back = (base.weekday() - weekday) % 7
    forward = (weekday - base.weekday()) % 7
    if relation == "past":
        return base - timedelta(days=back or 7)
    if relation == "next":
        return base + timedelta(days=forward or 7)
    if relation == "future":
        return base + timedelta(days=forward)
    return base - timedelta(days=back)


def shift(base: date, unit: str, amount: int) -> str:
    """The value of "`amount` `unit`s from base" (negative: ago), at the unit's precision."""
    if unit == "day":
        return day_value(base + timedelta(days=amount))
    if unit == "week":
        return week_value(base + timedelta(weeks=amount))
    if unit == "month":
        return month_value(*shift_months(base.year, base.month, amount))
    return f"{base.year + amount:04d}"


def valid_hijri(year: int, month: int, day: int) -> bool:
    if year not in HIJRI_YEARS or not 1 <= month <= 12 or day < 1:
        return False
    if year == HIJRI_YEARS[-1] and month == 12:
        return False  # the tables end before this month's last days can be checked
    return day <= Hijri(year, month, 1).month_length()


def hijri_to_date(year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a Hijri date, or None when it is not a real Hijri date."""
    if not valid_hijri(year, month, day):
        return None
    return _gregorian(year, month, day)


def _gregorian(year: int, month: int, day: int) -> date:
    gregorian = Hijri(year, month, day).to_gregorian()
    return date(gregorian.year, gregorian.month, gregorian.day)


def hijri_year_value(year: int) -> str | None:
    """The Gregorian year that holds most of Hijri `year`."""
    if year not in HIJRI_YEARS or year + 1 not in HIJRI_YEARS:
        return None
    first = _gregorian(year, 1, 1)
    last = _gregorian(year + 1, 1, 1) - timedelta(days=1)
    if first.year == last.year:
        return f"{first.year:04d}"
    days_in_first = (date(first.year, 12, 31) - first).days + 1
    days_in_last = (last - date(last.year, 1, 1)).days + 1
    return f"{first.year if days_in_first >= days_in_last else last.year:04d}"


def hijri_month_value(year: int, month: int) -> str | None:
    """The Gregorian month that holds the 15th of a Hijri month."""
    middle = hijri_to_date(year, month, 15)
    return None if middle is None else month_value(middle.year, middle.month)


def hijri_year_for(month: int, day: int, base: date, relation: str | None) -> int:
    """The Hijri year of a Hijri day and month named without one: the latest on or before
    the base ("المقبل": the first after it)."""
    today = Gregorian(base.year, base.month, base.day).to_hijri()
    not_after = (month, day) <= (today.month, today.day)
    if relation == "next":
        return today.year if not not_after else today.year + 1
    return today.year if not_after else today.year - 1
