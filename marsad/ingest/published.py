"""Publication dates as ISO strings: from metadata values, or a date printed on the page.

Pages give dates in many shapes ("2013-08-03T10:00:00Z", "2013-08-03 14:46:12+02:00",
"السبت 3 أغسطس 2013"). The store and the date step want one: ISO 8601, a date or a
datetime. Anything that cannot be read as a real calendar date gives None, so a
garbled meta tag never becomes a wrong date.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from marsad.text.normalize import clean

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)
_SLASHED = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
# Gregorian month names as written in the Arab world: Egyptian/Gulf and Levantine/Iraqi.
ARABIC_MONTHS = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "ابريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "أغسطس": 8,
    "اغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "كانون الثاني": 1,
    "شباط": 2,
    "آذار": 3,
    "اذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "اب": 8,
    "أيلول": 9,
    "ايلول": 9,
    "تشرين الأول": 10,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الأول": 12,
    "كانون الاول": 12,
}
_MONTH_ALTERNATION = "|".join(sorted((re.escape(m) for m in ARABIC_MONTHS), key=len, reverse=True))
_VISIBLE = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s+(?:من\s+)?({_MONTH_ALTERNATION})\s*(?:\(\s*\w+\s*\)\s*)?،?\s*(\d{{4}})(?!\d)"
)


def normalize_published(value: str | None) -> str | None:
    """An ISO date or datetime for a metadata date string, or None if it is not a date."""
    if not value:
        return None
    value = clean(value.strip())
    match = _ISO.search(value)
    if match:
        return _iso_from_match(match)
    match = _SLASHED.search(value)
    if match:
        return _iso_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return find_visible_date(value)


def find_visible_date(text: str) -> str | None:
    """The first Arabic-written date like "3 أغسطس 2013" or "3 آب 2013" in a text, as ISO."""
    match = _VISIBLE.search(clean(text[:5000]))
    if not match:
        return None
    return _iso_date(int(match.group(3)), ARABIC_MONTHS[match.group(2)], int(match.group(1)))


def _iso_from_match(match: re.Match[str]) -> str | None:
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    day_iso = _iso_date(year, month, day)
    if day_iso is None or match.group(4) is None:
        return day_iso
    hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
    zone = match.group(7) or ""
    if zone and zone != "Z" and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return day_iso
    return moment.isoformat() + ("+00:00" if zone == "Z" else zone)


def _iso_date(year: int, month: int, day: int) -> str | None:
    if not 1800 <= year <= 2200:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
