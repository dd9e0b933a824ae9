"""Events across outlets, as every door shows them: CLI, JSON API, page, exports.

`event_record` is the contract's object (`marsad events --json`): the event's fields
and one entry per report (mention) with its offsets into that article's stored text.
`event_detail` adds what a page or the API shows beside it: the outlets, the earliest
report, the spread of figures. CSV rows use ACLED's column names where they apply;
GeoJSON is one Point feature per event (a null geometry when it has no coordinates).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.events.acled import DISPLAY_NAMES
from marsad.events.filters import EventFilters
from marsad.events.summary import Event, Mention, spread_text
from marsad.store.protocol import Store

PAGE = 200  # events read per query when a door wants them all
EVENT_FIELDS = (
    "id",
    "type",
    "sub_type",
    "date",
    "place",
    "country",
    "lat",
    "lon",
    "actor1",
    "actor2",
    "fatalities",
    "injured",
    "displaced",
    "arrested",
)
FIGURES = ("fatalities", "injured", "displaced", "arrested")
CSV_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
    "injured",
    "displaced",
    "arrested",
)
FORMATS = ("table", "jsonl", "csv", "geojson")


def mention_record(mention: Mention) -> dict[str, Any]:
    """One report of an event: the article and the passage, as the contract lists it."""
    span = mention.span
    return {
        "article": mention.article,
        "external_id": mention.external_id,
        "trigger": span.text,
        "start": span.start,
        "end": span.end,
        "type": span.type,
        "sub_type": span.sub_type,
        "date": span.date,
        "place": span.place,
        "fatalities": span.fatalities,
        "injured": span.injured,
        "displaced": span.displaced,
        "arrested": span.arrested,
    }


def event_record(event: Event) -> dict[str, Any]:
    """The contract's object for one event (`marsad events --json`)."""
    record = {name: getattr(event, name) for name in EVENT_FIELDS}
    record["mentions"] = [mention_record(mention) for mention in event.mentions]
    return record


def event_detail(event: Event) -> dict[str, Any]:
    """The contract's object with the outlets, earliest report and spread of figures."""
    record = event_record(event)
    for item, mention in zip(record["mentions"], event.mentions, strict=True):
        item |= {"title": mention.title, "site": mention.site, "published": mention.published}
        item["duplicate_of"] = mention.duplicate_of
    earliest = event.earliest
    return record | {
        "sources": list(event.sources),
        "outlets": len(event.sources),
        "earliest": None if earliest is None else earliest.article,
        "spread": {
            name: {"low": spread.low, "high": spread.high, "reports": spread.reports}
            for name, spread in event.spread.items()
        },
        "spread_text": spread_text(event),
    }


def list_events(
    store: Store, filters: EventFilters, *, limit: int, offset: int = 0
) -> dict[str, Any]:
    """A page of events (newest day first) with the total and the per-day timeline."""
    events = store
    found = events.events(filters, limit, offset)
    return {
        "total": events.count_events(filters),
        "limit": limit,
        "offset": offset,
        "events": [event_detail(event) for event in found],
        "timeline": [{"day": day, "count": count} for day, count in events.events_per_day(filters)],
    }


def all_events(store: Store, filters: EventFilters) -> Iterator[Event]:
    """Every event matching `filters`, newest day first, read a page at a time."""
    events = store
    offset = 0
    while page := events.events(filters, PAGE, offset):
        yield from page
        offset += len(page)


def get_event(store: Store, event_id: int) -> dict[str, Any]:
    """One event with its reports; `NotFound` if there is none."""
    return event_detail(store.event(event_id))


def article_event_ids(store: Store, article_id: int) -> list[int]:
    """The event (across articles) of each of an article's events, in order."""
    return store.event_ids_of_article(article_id)


def csv_row(event: Event) -> dict[str, Any]:
    """One event under ACLED's column names (and Marsad's extra figures)."""
    first = event.earliest or (event.mentions[0] if event.mentions else None)
    notes = f"{first.span.text} — {first.title}" if first else ""
    return {
        "event_id_cnty": f"{event.country or 'XX'}{event.id}",
        "event_date": event.date or "",
        "event_type": DISPLAY_NAMES.get(event.type, event.type),
        "sub_event_type": DISPLAY_NAMES.get(event.sub_type, event.sub_type),
        "actor1": event.actor1 or "",
        "actor2": event.actor2 or "",
        "country": event.country or "",
        "admin1": "",
        "location": event.place or "",
        "latitude": "" if event.lat is None else event.lat,
        "longitude": "" if event.lon is None else event.lon,
        "source": "; ".join(event.sources),
        "notes": notes,
        **{name: "" if getattr(event, name) is None else getattr(event, name) for name in FIGURES},
    }


def csv_text(events: Iterable[Event]) -> Iterator[str]:
    """A header line, then one CSV line per event."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow(csv_row(event))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def geojson_feature(event: Event) -> dict[str, Any]:
    """One event as a GeoJSON Feature: a Point at [lon, lat], or a null geometry."""
    geometry = (
        None
        if event.lat is None or event.lon is None
        else {"type": "Point", "coordinates": [event.lon, event.lat]}
    )
    properties = event_record(event)
    properties["sources"] = list(event.sources)
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties}


def geojson_text(events: Iterable[Event]) -> Iterator[str]:
    """A FeatureCollection, written one feature at a time."""
    yield '{"type": "FeatureCollection", "features": ['
    for index, event in enumerate(events):
        separator = "," if index else ""
        yield separator + "\n" + json.dumps(geojson_feature(event), ensure_ascii=False)
    yield "\n]}\n"


def table_lines(events: Iterable[Event]) -> Iterator[str]:
    """A readable Arabic table: one line per event, its reports indented below."""
    yield "الرقم | التاريخ | النوع | المكان | قتلى | جرحى | نازحون | معتقلون | المصادر"
    for event in events:
        figures = [getattr(event, name) for name in FIGURES]
        cells = [
            str(event.id),
            event.date or "—",
            DISPLAY_NAMES_AR.get(event.sub_type, event.sub_type),
            event.place or "—",
            *("—" if value is None else str(value) for value in figures),
            str(len(event.sources) or len(event.mentions)),
        ]
        yield " | ".join(cells)
        spread = spread_text(event)
        if spread and event.spread["fatalities"].low != event.spread["fatalities"].high:
            yield f"    {spread}"
        for mention in event.mentions:
            where = "، ".join(v for v in (mention.site, (mention.published or "")[:10]) if v)
            yield f"    [{mention.article}] «{mention.span.text}» {mention.title} ({where})"


DISPLAY_NAMES_AR = {
    "armed_clash": "اشتباك مسلح",
    "government_regains_territory": "استعادة حكومية لأرض",
    "non_state_actor_overtakes_territory": "سيطرة جماعة على أرض",
    "air_drone_strike": "غارة جوية أو بمسيرة",
    "shelling_artillery_missile": "قصف مدفعي أو صاروخي",
    "remote_explosive_landmine_ied": "عبوة أو لغم",
    "suicide_bomb": "تفجير انتحاري",
    "chemical_weapon": "سلاح كيميائي",
    "attack": "هجوم على مدنيين",
    "abduction_forced_disappearance": "خطف أو إخفاء قسري",
    "peaceful_protest": "احتجاج سلمي",
    "protest_with_intervention": "احتجاج مع تدخل",
    "violent_demonstration": "احتجاج عنيف",
    "mob_violence": "عنف جماعي",
    "arrests": "اعتقالات",
    "displacement": "نزوح",
    "non_violent_transfer_of_territory": "انتقال السيطرة دون قتال",
    "other": "تطور آخر",
}
TYPE_NAMES_AR = {
    "battles": "معارك",
    "explosions_remote_violence": "انفجارات وعنف عن بعد",
    "violence_against_civilians": "عنف ضد المدنيين",
    "protests": "احتجاجات",
    "riots": "أعمال شغب",
    "strategic_developments": "تطورات استراتيجية",
}


def with_event_ids(store: Store, view: dict[str, Any]) -> dict[str, Any]:
    """An article view whose `events` each name the event (across articles) they report."""
    spans = view.get("events") or []
    ids = article_event_ids(store, int(view["id"])) if spans else []
    if len(ids) == len(spans):
        view["events"] = [
            span | {"event": event_id} for span, event_id in zip(spans, ids, strict=True)
        ]
    return view
