"""The items of an event alert: one per new event, in Arabic, for JSON and e-mail.

An item says what a monitor logs: the type in Arabic, the place, the date, the
figures, and how many outlets reported the event when the alert was made. Event
text (places, triggers) comes from articles: the HTML escapes every value.
"""

from __future__ import annotations

from html import escape
from typing import Any

from marsad.events.summary import Event
from marsad.services.alerts.render import count_phrase
from marsad.services.events import DISPLAY_NAMES_AR, TYPE_NAMES_AR

FIGURE_NAMES_AR = {
    "fatalities": "قتلى",
    "injured": "جرحى",
    "displaced": "نازحون",
    "arrested": "معتقلون",
}


def event_item(event: Event, base_url: str | None = None) -> dict[str, Any]:
    """One new event as an alert's JSON item."""
    item: dict[str, Any] = {
        "id": event.id,
        "type": event.type,
        "type_ar": TYPE_NAMES_AR.get(event.type, event.type),
        "sub_type": event.sub_type,
        "sub_type_ar": DISPLAY_NAMES_AR.get(event.sub_type, event.sub_type),
        "place": event.place,
        "country": event.country,
        "date": event.date,
        **{name: getattr(event, name) for name in FIGURE_NAMES_AR},
        "outlets": len(event.sources),
        "sources": list(event.sources),
    }
    if base_url:
        item["marsad_url"] = f"{base_url}/api/events/{event.id}"
    return item


def events_phrase(count: int) -> str:
    return count_phrase(count, "حدث واحد", "حدثان", "أحداث", "حدثًا")


def outlets_phrase(count: int) -> str:
    return count_phrase(count, "مصدر واحد", "مصدران", "مصادر", "مصدرًا")


def event_subject(name: str, count: int) -> str:
    return f"مرصد — أحداث جديدة: {name} ({events_phrase(count)})"


def _line_parts(item: dict[str, Any]) -> list[str]:
    parts = [item["sub_type_ar"]]
    if item["place"]:
        parts.append(f"في {item['place']}")
    if item["date"]:
        parts.append(item["date"])
    figures = [
        f"{label}: {item[name]}"
        for name, label in FIGURE_NAMES_AR.items()
        if item[name] is not None
    ]
    return [*parts, *figures, f"بحسب {outlets_phrase(item['outlets'])}"]


def event_text_body(name: str, items: list[dict[str, Any]]) -> str:
    """The plain-text part: one line per event, its link below when there is one."""
    lines = [f"قائمة المتابعة: {name}", ""]
    for item in items:
        lines.append("• " + " · ".join(_line_parts(item)))
        if item.get("marsad_url"):
            lines.append(f"  {item['marsad_url']}")
    return "\n".join([*lines, ""])


def event_html_body(name: str, items: list[dict[str, Any]]) -> str:
    """The HTML part: right-to-left, every value escaped and isolated."""
    rows = []
    for item in items:
        text = " · ".join(f"<bdi>{escape(str(part))}</bdi>" for part in _line_parts(item))
        if item.get("marsad_url"):
            text = f'<a href="{escape(item["marsad_url"])}">{text}</a>'
        rows.append(f'<li style="margin-bottom:12px">{text}</li>')
    return (
        '<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="utf-8">'
        f"<title>{escape(name)}</title></head>"
        '<body dir="rtl" lang="ar" style="font-family:Tahoma,Arial,sans-serif;direction:rtl">'
        f"<h1>قائمة المتابعة: {escape(name)}</h1><ul>{''.join(rows)}</ul></body></html>"
    )
