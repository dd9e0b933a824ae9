"""An accessible inline SVG chart of a volume series (no script, no inline CSS).

`role="img"` with a `<title>` and a `<desc>` (referenced by `aria-labelledby`) that
say in Arabic what is counted, over which period, the total, the peak, the part
estimated and whether the last bucket is a spike; each bar has its own `<title>`.
Time runs left to right (`direction="ltr"`), as on every time axis; all digits are
Latin, as the ISO dates the axis shows. Colours are SVG presentation attributes,
which the content security policy allows where a `style` attribute is refused.
"""

from __future__ import annotations

import hashlib
from typing import Any

from markupsafe import Markup

WIDTH = 640
HEIGHT = 200
LEFT = 44  # room for the count axis
BOTTOM = 36  # room for the period labels and the axis name
TOP = 22
DATED_FILL = "#2b6cb0"
ESTIMATED_FILL = "#90cdf4"
SPIKE_FILL = "#c53030"
BUCKET_NAMES = {"day": "اليوم", "hour": "الساعة"}


def _description(series: dict[str, Any], label: str) -> str:
    points = series["points"]
    first, last = points[0]["period"], points[-1]["period"]
    peak = max(points, key=lambda point: point["count"])
    parts = [
        f"عدد المقالات لكل {'ساعة' if series['bucket'] == 'hour' else 'يوم'} عن {label}",
        f"من {first} إلى {last}",
        f"المجموع {series['total']}",
        f"الأعلى {peak['count']} في {peak['period']}",
    ]
    if series["estimated"]:
        parts.append(f"منها {series['estimated']} بتاريخ حدث مقدَّر (مقالات غير مؤرخة)")
    spike = series.get("spike")
    if spike and spike["spike"]:
        parts.append(
            f"ارتفاع مفاجئ في {spike['bucket']}: {spike['count']} مقابل وسيط {spike['median']:g}"
        )
    return "؛ ".join(parts) + "."


def volume_svg(series: dict[str, Any], label: str) -> Markup:
    """The chart of `series` (from `marsad.services.volume.volume_series`)."""
    points = series["points"]
    if not points:
        return Markup("")
    digest = hashlib.sha1(f"{series['kind']}:{series['value']}".encode()).hexdigest()[:8]
    ids = {"title": f"vol-t-{digest}", "desc": f"vol-d-{digest}"}
    top = max(point["count"] for point in points) or 1
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - 8
    step = plot_w / len(points)
    spike = series.get("spike") or {}
    bars = []
    for index, point in enumerate(points):
        x = LEFT + index * step
        dated_h = plot_h * point["published"] / top
        guessed_h = plot_h * point["estimated"] / top
        is_spike = bool(spike.get("spike")) and index == len(points) - 1
        fill = SPIKE_FILL if is_spike else DATED_FILL
        tip = f"{point['period']}: {point['count']}"
        if point["estimated"]:
            tip += f" (منها {point['estimated']} مقدَّر)"
        bars.append(
            Markup(
                "<g><title>{tip}</title>"
                '<rect x="{x:.1f}" y="{y1:.1f}" width="{w:.1f}" height="{h1:.1f}" fill="{f1}"/>'
                '<rect x="{x:.1f}" y="{y2:.1f}" width="{w:.1f}" height="{h2:.1f}" fill="{f2}"/>'
                "</g>"
            ).format(
                tip=tip,
                x=x,
                w=max(1.0, step * 0.8),
                y1=TOP + plot_h - dated_h,
                h1=dated_h,
                f1=fill,
                y2=TOP + plot_h - dated_h - guessed_h,
                h2=guessed_h,
                f2=ESTIMATED_FILL,
            )
        )
    bottom = TOP + plot_h
    axes = Markup(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#888"/>'
        '<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="#888"/>'
        '<text x="{lx}" y="{ty}" font-size="11" text-anchor="end">{top}</text>'
        '<text x="{lx}" y="{b}" font-size="11" text-anchor="end">0</text>'
        '<text x="{l}" y="{py}" font-size="11" text-anchor="start">{first}</text>'
        '<text x="{r}" y="{py}" font-size="11" text-anchor="end">{last}</text>'
        '<text x="{mid}" y="{ny}" font-size="12" text-anchor="middle">{x_name}</text>'
        '<text x="4" y="12" font-size="12" text-anchor="start">عدد المقالات</text>'
    ).format(
        l=LEFT,
        r=WIDTH - 8,
        b=bottom,
        t=TOP,
        lx=LEFT - 4,
        ty=TOP + 4,
        top=top,
        py=bottom + 14,
        ny=HEIGHT - 4,
        mid=LEFT + plot_w / 2,
        first=points[0]["period"],
        last=points[-1]["period"],
        x_name=BUCKET_NAMES.get(series["bucket"], ""),
    )
    return Markup(
        '<svg class="chart volume" viewBox="0 0 {w} {h}" role="img" direction="ltr" '
        'aria-labelledby="{tid} {did}"><title id="{tid}">{title}</title>'
        '<desc id="{did}">{desc}</desc>{axes}{bars}</svg>'
    ).format(
        w=WIDTH,
        h=HEIGHT,
        tid=ids["title"],
        did=ids["desc"],
        title=f"حجم التغطية: {label}",
        desc=_description(series, label),
        axes=axes,
        bars=Markup("").join(bars),
    )


def chart_label(series: dict[str, Any], label: str | None) -> str:
    """What the chart counts, as its title names it."""
    return label or str(series["value"] or "كل المقالات")
