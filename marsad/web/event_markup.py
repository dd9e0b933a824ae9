"""Markup of the events page: the per-day timeline and a report's passage, escaped.

Article text is untrusted: every piece of it goes through `escape` before it is
joined to the markup made here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

CONTEXT = 140  # characters of the article shown on each side of a trigger


def report_passage(text: str, start: int, end: int) -> Markup:
    """The words around a report's trigger, the trigger marked."""
    if not 0 <= start < end <= len(text):
        return Markup("")
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    before = ("…" if left > 0 else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return Markup("{}<mark>{}</mark>{}").format(
        escape(before.replace("\n", " ")),
        escape(text[start:end]),
        escape(after.replace("\n", " ")),
    )


def timeline_svg(
    points: Sequence[dict[str, Any]], *, width: int = 640, height: int = 140
) -> Markup:
    """An SVG bar chart of events per day (`{"day", "count"}`, oldest first), no script.

    Each bar carries a `<title>` with its day and count; the page gives the same
    numbers as a table for readers who do not see the chart."""
    if not points:
        return Markup("")
    top = max(int(point["count"]) for point in points) or 1
    plot = height - 30
    step = width / len(points)
    bar = max(1.0, step * 0.8)
    bars = Markup("").join(
        Markup(
            '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" class="bar">'
            "<title>{}: {}</title></rect>"
        ).format(
            index * step,
            5 + plot - plot * point["count"] / top,
            bar,
            plot * point["count"] / top,
            point["day"],
            point["count"],
        )
        for index, point in enumerate(points)
    )
    labels = Markup(
        '<text x="0" y="{y}" class="axis" text-anchor="start">{first}</text>'
        '<text x="{w}" y="{y}" class="axis" text-anchor="end">{last}</text>'
        '<text x="{w}" y="14" class="axis" text-anchor="end">{top}</text>'
    ).format(y=height - 6, w=width, first=points[0]["day"], last=points[-1]["day"], top=top)
    return Markup(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" direction="ltr" '
        'aria-label="{label}">{bars}{labels}</svg>'
    ).format(w=width, h=height, label="عدد الأحداث في كل يوم", bars=bars, labels=labels)
