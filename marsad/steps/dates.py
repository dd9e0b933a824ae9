"""Temporal expressions in Arabic news, normalized to TIMEX3-style values.

`find_dates` reads dates in every form the Arabic press writes them — Levantine, Egyptian
and Maghrebi month names and their paired forms ("آذار/مارس"), ordinal days ("الخامس عشر
من آذار"), Hijri dates ("25 شوال 1436 هـ"), numeric dates, years with a cue ("عام 2015"),
and expressions relative to the publication date ("أمس الخميس", "قبل يومين",
"الأسبوع الماضي") — and returns `DateSpan`s whose offsets point into the raw text.

Matching runs on folded text (`normalize(folded=True)`), so harakat, tatweel, alef
variants and Arabic-Indic digits do not matter. How a value is chosen when the text
leaves it open (which year a bare month is in, which Friday "الجمعة" is) is written down
in `marsad.steps.dates_calendar`; the words are in `dates_lexicon`, the patterns in
`dates_patterns`, which matches count as dates in `dates_candidates` and their values in
`dates_values`. The span conventions, which the gold set follows:

* a glued conjunction or preposition (وفي، بـ، لـ) is not part of the span; "يوم" before a
  weekday or "أمس", the qualifier (الماضي، المقبل), the period part (مطلع، أواخر), "شهر"
  and the era mark (هـ، م) are;
* a weekday written right before a date is one expression with it ("الخميس 26-3-2015")
  and takes its value; joined by "الموافق" it is a separate one with the same value;
* time-of-day words (صباح، مساء، ليلة) are not part of the span;
* only expressions with a value in the four forms are reported: no durations ("لمدة
  ثلاثة أيام"), no vague references ("قبل أيام", "مؤخرا"), no bare Hijri month names
  ("شهر رمضان"), nothing anchored on another event ("بعد يومين من الهجوم").

Numbers that are not dates stay unmatched: a 4-digit number is a year only after a
cue (عام، في، منذ …), with an era mark (م، هـ), in parentheses, or listed after a year.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.model import Article, DateSpan
from marsad.steps import dates_calendar as cal
from marsad.steps.dates_candidates import Candidate, Match, candidates, day_of, month_of
from marsad.steps.dates_values import Context, resolve
from marsad.text.normalize import normalize

_JOINING = re.compile(r"\s*(?:و|الي|حتي|-|–)\s*")  # "يناير وفبراير 2020", "من فبراير إلى أبريل"
_AGREEING = re.compile(r"\s*،?\s*الموافق\s*،?\s*")  # "الإثنين الموافق 01/12/1436هـ"


@dataclass(slots=True)
class _Found:
    candidate: Candidate
    value: str | None
    explicit_year: bool


def _remember(found: _Found, ctx: Context) -> None:
    value = found.value
    if value is None:
        return
    if found.explicit_year:
        ctx.year = int(value[:4])
    if len(value) == 4:
        ctx.year_end = found.candidate.end
    elif "W" not in value:
        ctx.month = (int(value[:4]), int(value[5:7]))


def _between(text: str, left: _Found, right: _Found) -> str:
    return text[left.candidate.end : right.candidate.start]


def _settle_links(text: str, found: list[_Found]) -> None:
    """Values that come from the next expression: "25 و26 مايو", "يناير وفبراير من عام
    2020", "يوم الإثنين الموافق 01/12/1436هـ"."""
    for index in range(len(found) - 2, -1, -1):
        here, there = found[index], found[index + 1]
        kind, gap = here.candidate.kind, _between(text, here, there)
        if there.value is None:
            continue
        if kind == "range" and there.candidate.kind == "date" and len(there.value) == 10:
            here.value = _shift_day(here.candidate.match, there)
        elif kind == "month" and _JOINING.fullmatch(gap) and there.explicit_year:
            here.value = _shared_year(here.candidate.match, there) or here.value
        elif kind == "weekday" and _AGREEING.fullmatch(gap) and len(there.value) == 10:
            here.value = there.value


def _shared_year(match: Match, following: _Found) -> str | None:
    """The month of "يناير" in "يناير وفبراير من عام 2020", in the year written after."""
    month = month_of(match.group("mon"))
    if match.group("year") or match.group("rel") or month is None or month[0] != "g":
        return None
    if following.value is None or len(following.value) < 7:
        return None
    return cal.month_value(int(following.value[:4]), month[1])


def _shift_day(match: Match, following: _Found) -> str | None:
    """The day of a range start, counted back from the date that ends the range."""
    first = int(match.group("day"))
    last = day_of(following.candidate.match)
    if last is None or not 1 <= first < last or following.value is None:
        return None
    return cal.day_value(date.fromisoformat(following.value) - timedelta(days=last - first))


def _is_mark(char: str) -> bool:
    return char == "\u0640" or unicodedata.category(char) == "Mn"


def find_dates(text: str, base: date | None) -> list[DateSpan]:
    """The temporal expressions of `text`, in order, with values anchored on `base` (the
    publication date). Without a base, only expressions that carry their own year are
    returned."""
    normalized = normalize(text, folded=True)
    folded = normalized.text
    ctx = Context()
    found: list[_Found] = []
    for candidate in candidates(folded):
        resolved = resolve(candidate, folded, base, ctx)
        item = _Found(candidate, *(resolved or (None, False)))
        _remember(item, ctx)
        found.append(item)
    _settle_links(folded, found)
    spans: list[DateSpan] = []
    for item in found:
        if item.value is None:
            continue
        start, end = normalized.raw_span(item.candidate.start, item.candidate.end)
        while end < len(text) and _is_mark(text[end]):
            end += 1
        spans.append(DateSpan(text[start:end], start, end, item.value))
    return spans


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def published_date(published: str | None) -> date | None:
    """The calendar date at the start of an ISO 8601 date or datetime, if it has one."""
    found = _ISO_DATE.match(published or "")
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    return date(year, month, day) if cal.valid_day(year, month, day) else None


def with_dates(article: Article, base: date | None = None) -> Article:
    """The article with its temporal expressions, anchored on `base` or, by default, on
    its publication date; without either, relative expressions are left out."""
    anchor = base if base is not None else published_date(article.published)
    return dataclasses.replace(article, dates=tuple(find_dates(article.text, anchor)))


def dates_jsonl(text: str, base: date) -> Iterator[str]:
    """The lines `marsad dates` prints: one JSON object per expression."""
    for span in find_dates(text, base):
        record = {"text": span.text, "start": span.start, "end": span.end, "value": span.value}
        yield json.dumps(record, ensure_ascii=False)
