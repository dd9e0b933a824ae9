"""The records that flow through Marsad.

One frozen `Article` travels from a reader through pure steps into the store.
Annotations are typed spans whose `start`/`end` are character offsets into the
article's raw `text`, so every highlight points at what the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A person, organisation, location or other named thing in the text."""

    text: str
    start: int
    end: int
    type: str  # PER, ORG, LOC, MISC
    id: str  # stable canonical id, e.g. "org:isis"
    name: str  # canonical name


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """A mention of a geocoded place."""

    text: str
    start: int
    end: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    # country, admin1-3, city, village, camp, neighbourhood, region ("ريف X" around a town)
    kind: str = ""
    admin1: str = ""  # the governorate/province it lies in (Arabic name), when known
    id: str = ""  # gazetteer id: gn:<geonameid>, wof:<id>, ocha:<pcode>, iso:<cc>, camp:<slug>


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A temporal expression with a TIMEX3-style value (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www)."""

    text: str
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class QuantitySpan:
    """A counted quantity, e.g. "نحو 400 ألف شخص نزحوا" -> 400000 people, displaced."""

    text: str
    start: int
    end: int
    value: float
    unit: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class EventSpan:
    """One reported conflict or crisis event in an article (ACLED-style schema).

    `text`/`start`/`end` are the trigger as written ("غارة جوية"); `type` and
    `sub_type` are ACLED's event types in snake case (`explosions_remote_violence`,
    `air_drone_strike`); `date` is TIMEX3-style (`YYYY-MM-DD`) or None; `place` is the
    most specific geocoded place; actors are canonical entity ids or names; figures
    are integers or None when the text gives none for this event.
    """

    text: str
    start: int
    end: int
    type: str
    sub_type: str
    date: str | None = None
    place: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    displaced: int | None = None
    arrested: int | None = None
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read, cleaned and enriched.

    `published` is an ISO 8601 date or datetime string as the source gave it,
    normalized by the reader. `id`, `story` and `duplicate_of` are set by the store,
    `first_seen` by whoever first has the page (a crawl, an archive, else the store).
    """

    text: str
    title: str = ""
    url: str | None = None
    external_id: str | None = None
    site: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    lang: str | None = None
    origin: str | None = None  # where it was read from: "file", "file:line", "file#record"
    id: int | None = None
    story: int | None = None
    duplicate_of: int | None = None
    entities: tuple[EntitySpan, ...] = ()
    places: tuple[PlaceSpan, ...] = ()
    dates: tuple[DateSpan, ...] = ()
    quantities: tuple[QuantitySpan, ...] = ()
    events: tuple[EventSpan, ...] = ()
    # When `published` is missing: the event time estimated from the URL, a dateline,
    # dates in the text or relative day names (`steps/event_time`), its source and
    # confidence (0-1). ISO 8601 date ("2019-04-11") or month ("2019-04").
    published_estimated: str | None = None
    published_estimated_source: str | None = None  # url, dateline, text, relative
    published_estimated_confidence: float | None = None
    # When Marsad first had the page (ISO 8601 UTC datetime, to the second): fetched by
    # a crawl, captured (a WARC record's date), else stored. Anchors relative day names
    # of an undated article and places it in time for stories, the same on every run.
    first_seen: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one event, grouped as they arrive.

    `first_published`/`last_published` bound its articles' times (ISO 8601);
    `outlets` counts distinct sites; a story closes after a spell of inactivity.
    """

    id: int
    title: str
    article_count: int = 0
    outlet_count: int = 0
    first_published: str | None = None
    last_published: str | None = None
    is_open: bool = True


@dataclass(frozen=True, slots=True)
class Rejected:
    """A document that could not become an article, and why.

    `code` is stable (see `marsad.errors`), `where` names the file and, when known,
    the line or record, so a user can find the bad input.
    """

    code: str
    message: str
    where: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result, best first."""

    id: int
    external_id: str | None
    url: str | None
    title: str
    snippet: str
    score: float


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did: counts, and the reasons documents were rejected."""

    new: int = 0
    duplicates: int = 0
    rejected: int = 0
    errors: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    examples: list[Rejected] = field(default_factory=list)

    def reject(self, rejected: Rejected, keep_examples: int = 20) -> None:
        self.rejected += 1
        self.reasons[rejected.code] = self.reasons.get(rejected.code, 0) + 1
        if len(self.examples) < keep_examples:
            self.examples.append(rejected)
