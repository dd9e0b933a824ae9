"""Server-side markup of untrusted text: highlighted spans, snippets, the mentions chart.

Article text is untrusted. Every piece of it is escaped on its own and only then
joined with tags this module writes, so no character of an article ever reaches
the page as markup. Spans are placed by their character offsets into the raw text;
a span whose offsets do not point at its own text is skipped, not trusted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from marsad.store.highlight import Markers

# Snippet markers that readers never let into text (C0 controls); escaped, then <mark>ed.
SNIPPET_MARKERS = Markers("\x02", "\x03")
_MARKED = re.compile("\x02([^\x02\x03]*)\x03")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Highlight:
    """One span to mark: where, which CSS class, where it links, what it says on hover."""

    start: int
    end: int
    text: str
    css: str
    href: str | None
    title: str


def entity_url(entity_id: str) -> str:
    """The entity page's path; the id is percent-encoded (it may hold any character)."""
    return "/entities/" + quote(entity_id, safe=":")


def article_highlights(view: dict[str, Any]) -> list[Highlight]:
    """The spans of an article view (`services.views.article_view`) as highlights."""
    found: list[Highlight] = []
    for entity in view.get("entities", []):
        href = entity_url(entity["id"])
        css = f"ent ent-{entity['type'].lower()}"
        title = f"{entity['name']} ({entity['type']})"
        found.append(Highlight(entity["start"], entity["end"], entity["text"], css, href, title))
    for place in view.get("places", []):
        href = "/search?" + urlencode({"place": place["name"]})
        title = f"{place['name']} [{place['country']}]"
        found.append(Highlight(place["start"], place["end"], place["text"], "place", href, title))
    for moment in view.get("dates", []):
        found.append(
            Highlight(moment["start"], moment["end"], moment["text"], "date", None, moment["value"])
        )
    for quantity in view.get("quantities", []):
        label = f"{quantity['value']:g}" + (f" {quantity['kind']}" if quantity.get("kind") else "")
        found.append(
            Highlight(quantity["start"], quantity["end"], quantity["text"], "qty", None, label)
        )
    text = str(view.get("text", ""))
    return [h for h in found if h.text and text[h.start : h.end] == h.text]


def _non_overlapping(highlights: Sequence[Highlight]) -> list[Highlight]:
    """Earliest first, the longer of two spans starting together; overlaps dropped."""
    chosen: list[Highlight] = []
    cursor = 0
    for item in sorted(highlights, key=lambda h: (h.start, -(h.end - h.start))):
        if item.start >= cursor and item.end > item.start:
            chosen.append(item)
            cursor = item.end
    return chosen


def _tag(item: Highlight, inner: Markup) -> Markup:
    if item.href:
        return Markup('<a class="{}" href="{}" title="{}">{}</a>').format(
            item.css, item.href, item.title, inner
        )
    return Markup('<span class="{}" title="{}">{}</span>').format(item.css, item.title, inner)


def _paragraph(text: str, start: int, end: int, highlights: list[Highlight]) -> Markup:
    pieces: list[Markup] = []
    cursor = start
    for item in highlights:
        if item.start < start or item.end > end:
            continue
        pieces.append(escape(text[cursor : item.start]))
        pieces.append(_tag(item, escape(text[item.start : item.end])))
        cursor = item.end
    pieces.append(escape(text[cursor:end]))
    return Markup("<p>{}</p>").format(Markup("").join(pieces))


def marked_text(text: str, highlights: Sequence[Highlight]) -> Markup:
    """`text` as escaped paragraphs with `highlights` wrapped in links or spans."""
    chosen = _non_overlapping(highlights)
    paragraphs: list[Markup] = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            paragraphs.append(_paragraph(text, start, end, chosen))
        if match:
            start = match.end()
    return Markup("\n").join(paragraphs)


def marked_snippet(snippet: str) -> Markup:
    """A snippet made with `SNIPPET_MARKERS`, escaped, its hits in <mark>."""
    escaped = str(escape(snippet))
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return Markup(marked.replace("\x02", "").replace("\x03", ""))


def bar_chart(points: Sequence[dict[str, Any]], *, width: int = 640, height: int = 160) -> Markup:
    """An SVG bar chart of `{"period", "count"}` points, oldest on the left; no script."""
    if not points:
        return Markup("")
    top = max(int(point["count"]) for point in points) or 1
    plot = height - 30
    step = width / len(points)
    bar = max(1.0, step * 0.8)
    bars = [
        Markup(
            '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" class="bar">'
            "<title>{}: {}</title></rect>"
        ).format(
            i * step,
            5 + plot - plot * p["count"] / top,
            bar,
            plot * p["count"] / top,
            p["period"],
            p["count"],
        )
        for i, p in enumerate(points)
    ]
    labels = Markup(
        '<text x="0" y="{y}" class="axis" text-anchor="start">{first}</text>'
        '<text x="{w}" y="{y}" class="axis" text-anchor="end">{last}</text>'
        '<text x="{w}" y="14" class="axis" text-anchor="end">{top}</text>'
    ).format(y=height - 6, w=width, first=points[0]["period"], last=points[-1]["period"], top=top)
    return Markup(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" direction="ltr" '
        'aria-label="{label}">{bars}{labels}</svg>'
    ).format(
        w=width, h=height, label="عدد المقالات عبر الزمن", bars=Markup("").join(bars), labels=labels
    )
