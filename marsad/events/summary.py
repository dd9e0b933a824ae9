"""What one event says, read from its mentions by stated rules.

* **Independent reports.** A mention from a copy of another article (`duplicate_of`)
  repeats that article; of the mentions of one original and its copies only the
  original's (else the earliest copy's) counts for figures and outlets.
* **Date**: the day given by most reports; a tie goes to the earliest day.
* **Place**: the place named by most reports, a finer place (not a whole country)
  before a coarser one at equal counts, then the first reported.
* **Sub-type**: the one given by most reports, a tie to the first reported.
* **Actors**: the first actor named by most reports, likewise.
* **Figures**: for each of killed, injured, displaced, arrested, the median of the
  reports that give one (the lower middle value of an even count, so a figure is
  always one an outlet gave); `spread` keeps the smallest and largest ("3–5 killed
  according to 4 outlets").
* **Earliest report**: the mention of the article published first (else stored first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.model import EventSpan

FIGURES = ("fatalities", "injured", "displaced", "arrested")


@dataclass(frozen=True, slots=True)
class Mention:
    """One article's report of an event: its span and where the article stands."""

    span: EventSpan
    article: int
    external_id: str | None = None
    site: str | None = None
    published: str | None = None
    duplicate_of: int | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Spread:
    """The smallest and largest value the reports give, and how many give one."""

    low: int
    high: int
    reports: int


@dataclass(frozen=True, slots=True)
class Event:
    """One incident, however many articles report it."""

    id: int
    type: str
    sub_type: str
    date: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    injured: int | None
    displaced: int | None
    arrested: int | None
    mentions: tuple[Mention, ...]
    sources: tuple[str, ...] = ()
    earliest: Mention | None = None
    spread: dict[str, Spread] = field(default_factory=dict)


def independent(mentions: Sequence[Mention]) -> list[Mention]:
    """One mention per original article: copies of an article do not count again."""
    seen: set[int] = set()
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.duplicate_of is not None, m.article)):
        original = mention.duplicate_of if mention.duplicate_of is not None else mention.article
        if original not in seen:
            seen.add(original)
            kept.append(mention)
    return sorted(kept, key=lambda m: m.article)


def _most_common(values: Sequence[str | None], tie: Callable[[str], Any]) -> str | None:
    counts = Counter(value for value in values if value is not None)
    if not counts:
        return None
    top = max(counts.values())
    return min((value for value, count in counts.items() if count == top), key=tie)


def median_low(values: Sequence[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _first_place(
    reports: Sequence[Mention], is_coarse: Callable[[EventSpan], bool]
) -> EventSpan | None:
    counts = Counter(m.span.place for m in reports if m.span.place)
    if not counts:
        return None
    order = {m.span.place: index for index, m in reversed(list(enumerate(reports)))}

    def rank(mention: Mention) -> tuple[int, bool, int]:
        place = mention.span.place or ""
        return (-counts[place], is_coarse(mention.span), order[place])

    return min((m for m in reports if m.span.place), key=rank).span


def _report_time(mention: Mention) -> tuple[str, int]:
    return (mention.published or "9999", mention.article)


def summarize(
    event_id: int, mentions: Sequence[Mention], is_coarse: Callable[[EventSpan], bool]
) -> Event:
    """The event `event_id` as its mentions tell it, by the rules above."""
    reports = independent(mentions) or list(mentions)
    spans = [m.span for m in reports]
    place = _first_place(reports, is_coarse)
    first_of = {
        value: index for index, value in reversed(list(enumerate(s.sub_type for s in spans)))
    }
    figures: dict[str, int | None] = {}
    spread: dict[str, Spread] = {}
    for name in FIGURES:
        given = [value for s in spans if (value := getattr(s, name)) is not None]
        figures[name] = median_low(given) if given else None
        if given:
            spread[name] = Spread(min(given), max(given), len(given))
    sources = tuple(dict.fromkeys(m.site for m in sorted(reports, key=_report_time) if m.site))
    return Event(
        id=event_id,
        type=spans[0].type,
        sub_type=_most_common([s.sub_type for s in spans], lambda v: first_of[v])
        or spans[0].sub_type,
        date=_most_common([s.date for s in spans], lambda v: v),
        place=place.place if place else None,
        country=place.country if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        actor1=_most_common([s.actor1 for s in spans], lambda v: _first_index(spans, "actor1", v)),
        actor2=_most_common([s.actor2 for s in spans], lambda v: _first_index(spans, "actor2", v)),
        fatalities=figures["fatalities"],
        injured=figures["injured"],
        displaced=figures["displaced"],
        arrested=figures["arrested"],
        mentions=tuple(sorted(mentions, key=lambda m: (m.article, m.span.start))),
        sources=sources,
        earliest=min(mentions, key=_report_time) if mentions else None,
        spread=spread,
    )


def _first_index(spans: Sequence[EventSpan], name: str, value: str) -> int:
    return next(index for index, span in enumerate(spans) if getattr(span, name) == value)


def spread_text(event: Event) -> str:
    """ "3–5 killed according to 4 outlets", in Arabic, for a page or a table."""
    killed = event.spread.get("fatalities")
    if killed is None:
        return ""
    outlets = len(event.sources) or killed.reports
    if killed.low == killed.high:
        return f"{killed.low} قتلى بحسب {outlets} من المصادر"
    return f"{killed.low}–{killed.high} قتلى بحسب {outlets} من المصادر"
