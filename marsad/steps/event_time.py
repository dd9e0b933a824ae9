"""Event time for undated pages: when was this news, if the page does not say?

Most pages a monitor reads in a backfill, and many feed items, carry no publication
time, and a story clusterer that takes "now" for them merges a city's liberation in
2017 with another's in 2019. This step estimates the time of the article's event from,
in order of trust:

1. the URL (`/2019/03/23/`, `/20190323/`, `/23/03/2019/`, `?date=2019-03-23`,
   `cdate=23032019`; `/2019/03/` gives the month only);
2. a dateline: a full date near the top of the text, or after "نشر في" / "بتاريخ";
3. full dates elsewhere in the text (the dates step's output: every month-name
   family, Hijri, Arabic-Indic digits), the most repeated one winning;
4. relative day names ("أمس الجمعة") counted back from the time the page was first
   seen, when that is known.

Dates that are not the article's are refused: page clocks (a date next to a clock time
or "التوقيت", a masthead line, or a date far later than another full date in the
text), copyright lines, and background dates (after "منذ", "في عام", "ولد", "الذكرى" …).
Only full dates count as text evidence: a bare month or year is usually background.
The estimate keeps its source and a confidence; an article with a `published` time
is returned as it is.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import NamedTuple

from marsad.model import Article, DateSpan
from marsad.steps.dates import find_dates
from marsad.steps.dates_calendar import valid_day
from marsad.text.normalize import fold

# Confidence of each kind of evidence (one date read where the page put it).
URL_DAY = 0.9
URL_MONTH = 0.6
DATELINE = 0.8
TEXT = 0.6
TEXT_REPEATED = 0.7  # the same full date printed twice or more
RELATIVE = 0.4
# A dateline sits this close to the top of the text (characters).
DATELINE_REACH = 300
# A full date later than another full date of the text by more than this is a clock.
CLOCK_LEAD = timedelta(days=365)
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100

_URL_DAY_PATTERNS = (
    re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?:/|$|[^\d])"),  # /2019/03/23/
    re.compile(r"(?<![\d])([0-3]\d)/([01]\d)/((?:19|20)\d\d)/"),  # /23/03/2019/ (day first)
    re.compile(r"(?<![\d])((?:19|20)\d\d)([01]\d)([0-3]\d)(?![\d])"),  # 20190323
    re.compile(r"(?<![\d])((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?![\d])"),  # 2019-03-23
)
_URL_DATE_PARAMETER = re.compile(r"[?&](?:c|pub|news)?date=(\d{8})(?!\d)", re.IGNORECASE)
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]\d)/")
# Around a date, these mark a page clock, a masthead or a copyright line.
_CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}")
_CLOCK_WORDS = ("التوقيت", "بتوقيت", "اخر تحديث", "اخر تعديل")
_MASTHEAD_WORDS = ("رئيس مجلس", "رئيس التحرير", "رئيسا التحرير", "جميع الحقوق", "©")
# Words right before a date that make it background, not the news: "منذ", "ولد" …
_BACKGROUND_CUES = re.compile(
    r"(?:منذ|عام|العام|سنه|ولد|وولد|المولود|مواليد|الذكري|ذكري|ذكراها|ذكراه|"
    r"مثل هذا اليوم|سنويه|تاسيس|تاسس|توفي|رحيل)\W*(?:\w+\W+){0,2}$"
)
_BACKGROUND_WINDOW = 30
_ANNIVERSARY = re.compile(r"ذكري|الذكري|ذكراه|ذكراها|سنويه|(?:عام|اعوام|سنه|سنوات) علي")
_DATELINE_CUES = re.compile(r"(?:نشر في|نشر بتاريخ|بتاريخ|تاريخ النشر)\W*(?:\w+\W+){0,1}$")


class EventTime(NamedTuple):
    """An estimated event time: an ISO date or month, where it came from, how sure."""

    value: str
    source: str
    confidence: float


def _day(year: int, month: int, day: int) -> str | None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR or not valid_day(year, month, day):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def from_url(url: str | None) -> EventTime | None:
    """The date a URL's path or query carries, if any."""
    if not url:
        return None
    for index, pattern in enumerate(_URL_DAY_PATTERNS):
        for match in pattern.finditer(url):
            first, second, third = (int(part) for part in match.groups())
            found = _day(third, second, first) if index == 1 else _day(first, second, third)
            if found is not None:
                return EventTime(found, "url", URL_DAY)
    for match in _URL_DATE_PARAMETER.finditer(url):
        digits = match.group(1)
        found = _day(int(digits[:4]), int(digits[4:6]), int(digits[6:])) or _day(
            int(digits[4:]), int(digits[2:4]), int(digits[:2])
        )
        if found is not None:
            return EventTime(found, "url", URL_DAY)
    month = _URL_MONTH.search(url)
    if month is not None and 1 <= int(month.group(2)) <= 12:
        year = int(month.group(1))
        if EARLIEST_YEAR <= year <= LATEST_YEAR:
            return EventTime(f"{year:04d}-{month.group(2)}", "url", URL_MONTH)
    return None


def _has_cue(text: str, span: DateSpan) -> bool:
    """ "نشر في" / "بتاريخ" right before: the page's own publication line."""
    before = fold(text[max(0, span.start - 25) : span.start])
    return _DATELINE_CUES.search(before) is not None


def _is_clock(text: str, span: DateSpan) -> bool:
    """A page clock or masthead: a clock time or clock word right before the date, or
    masthead words on the lines around it. A publication line ("نشر في: الخميس 9 يناير
    2025 - 3:39 م") is not one, and a time after the date alone does not make one."""
    if _has_cue(text, span):
        return False
    before = fold(text[max(0, span.start - 25) : span.start])
    if any(word in before for word in _CLOCK_WORDS):
        return True
    if _CLOCK_TIME.search(text[max(0, span.start - 15) : span.start]):
        return True
    near = fold(text[max(0, span.start - 60) : span.end + 60])
    return any(word in near for word in _MASTHEAD_WORDS)


def _clock_shaped(text: str, span: DateSpan) -> bool:
    """A date followed by a time of day, with no publication cue: a publication line
    or the page's clock, which only other evidence can tell apart."""
    return not _has_cue(text, span) and bool(_CLOCK_TIME.search(text[span.end : span.end + 12]))


def _start_of(value: str) -> date:
    return (
        date.fromisoformat((value + "-01-01")[:10])
        if len(value) in (4, 7)
        else date.fromisoformat(value[:10])
    )


def _is_background(text: str, span: DateSpan) -> bool:
    """A date introduced as background: a birth, "since", "in the year", or any date
    in a sentence about an anniversary."""
    before = fold(text[max(0, span.start - _BACKGROUND_WINDOW) : span.start])
    if _BACKGROUND_CUES.search(before) is not None:
        return True
    sentence = fold(re.split(r"[.!؟?\n]", text[max(0, span.start - 150) : span.start])[-1])
    return _ANNIVERSARY.search(sentence) is not None


def _full_day(span: DateSpan) -> bool:
    return len(span.value) == 10


def news_dates(text: str, spans: Iterable[DateSpan]) -> list[DateSpan]:
    """The full dates of the text that may be the news's own: no clocks, no
    background, none far later than another full date of the text."""
    spans = list(spans)
    kept = [
        span
        for span in spans
        if _full_day(span) and not _is_clock(text, span) and not _is_background(text, span)
    ]
    if not kept:
        return []
    earliest = min(date.fromisoformat(span.value) for span in kept)
    kept = [span for span in kept if date.fromisoformat(span.value) - earliest <= CLOCK_LEAD]
    mentioned = [_start_of(span.value) for span in spans if "W" not in span.value]
    return [
        span
        for span in kept
        if not _clock_shaped(text, span)
        or all(date.fromisoformat(span.value) - other <= CLOCK_LEAD for other in mentioned)
    ]


def _is_dateline(text: str, span: DateSpan) -> bool:
    return span.start <= DATELINE_REACH or _has_cue(text, span)


def from_text(text: str, spans: Iterable[DateSpan]) -> EventTime | None:
    """The news's own date among the text's full dates: a dateline first (one after
    "نشر في" before any other, else the earliest), else the most repeated (the
    earliest on a tie)."""
    kept = news_dates(text, spans)
    if not kept:
        return None
    counts = Counter(span.value for span in kept)
    datelines = [span for span in kept if _is_dateline(text, span)]
    if datelines:
        first = min(datelines, key=lambda span: (not _has_cue(text, span), span.value))
        value = first.value
        return EventTime(value, "dateline", DATELINE + (0.05 if counts[value] > 1 else 0.0))
    value = min(counts, key=lambda found: (-counts[found], found))
    return EventTime(value, "text", TEXT_REPEATED if counts[value] > 1 else TEXT)


def from_relative(text: str, seen: datetime | None) -> EventTime | None:
    """A relative day ("أمس الجمعة", "اليوم السبت") counted from when the page was
    first seen; None when that time is unknown."""
    if seen is None:
        return None
    anchored = find_dates(text, seen.date())
    absolute = {(span.start, span.value) for span in find_dates(text, None)}
    relative = [
        span
        for span in anchored
        if _full_day(span)
        and (span.start, span.value) not in absolute
        and date.fromisoformat(span.value) <= seen.date()
    ]
    if not relative:
        return None
    return EventTime(relative[0].value, "relative", RELATIVE)


_ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_ENGLISH_MONTHS, key=len, reverse=True))
_ENGLISH_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_NAME})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_NAME})\.?,?\s+(?P<y2>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)


def english_dates(text: str) -> list[DateSpan]:
    """Full dates written in English ("April 02, 2022", "9 Jan 2025"): Arabic pages
    carry them in embedded posts and English sub-headlines; the dates step reads
    Arabic only."""
    found: list[DateSpan] = []
    for match in _ENGLISH_DATE.finditer(text):
        month = _ENGLISH_MONTHS[(match.group("m1") or match.group("m2")).lower()]
        day = int(match.group("d1") or match.group("d2"))
        value = _day(int(match.group("y1") or match.group("y2")), month, day)
        if value is not None:
            found.append(DateSpan(match.group(0), match.start(), match.end(), value))
    return found


def _agrees(month: EventTime, day: EventTime) -> bool:
    return day.value.startswith(month.value)


def estimate(article: Article, seen: datetime | None = None) -> EventTime | None:
    """The best estimate of the article's event time from its URL and text."""
    url = from_url(article.url)
    if url is not None and url.confidence >= URL_DAY:
        return url
    text = from_text(article.text, [*article.dates, *english_dates(article.text)])
    if url is not None:  # a month from the URL: a text date inside it names the day
        if text is not None and _agrees(url, text):
            return EventTime(text.value, text.source, min(1.0, text.confidence + 0.1))
        return url
    if text is not None:
        return text
    return from_relative(article.text, seen)


def first_seen(article: Article) -> datetime | None:
    """When Marsad first had the article (`Article.first_seen`), if known and readable:
    the time relative day names count back from."""
    if not article.first_seen:
        return None
    try:
        return datetime.fromisoformat(article.first_seen.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def with_event_time(article: Article, seen: datetime | None = None) -> Article:
    """The article with its estimated event time when it has no publication time.

    `seen` is when the page was first seen (crawled or ingested), if known: it anchors
    relative day names.
    """
    if article.published:
        return article
    found = estimate(article, seen)
    if found is None:
        return article
    return dataclasses.replace(
        article,
        published_estimated=found.value,
        published_estimated_source=found.source,
        published_estimated_confidence=round(found.confidence, 2),
    )
