"""What an alert says: a plain-text and a right-to-left HTML rendering of its items.

Article content is untrusted (a title may hold markup): every value that comes from
an article is escaped in the HTML, and links are kept only when they are http(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from marsad.services.alerts.items import AlertItem, copy_sites

_STYLE = "font-family:Tahoma,Arial,sans-serif;line-height:1.6;direction:rtl;text-align:right"


@dataclass(frozen=True, slots=True)
class Spike:
    """A spike of a series: the last bucket's count against its robust baseline."""

    bucket: str
    count: int
    median: float
    mad: float
    threshold: float


def count_phrase(count: int, one: str, two: str, few: str, many: str) -> str:
    """Arabic number agreement: 1 and 2 have their own forms, 3–10 the plural, 11+ the singular."""
    if count == 1:
        return one
    if count == 2:
        return two
    if 3 <= count % 100 <= 10:
        return f"{count} {few}"
    return f"{count} {many}"


def articles_phrase(count: int) -> str:
    return count_phrase(count, "مقالة واحدة", "مقالتان", "مقالات", "مقالة")


def copies_phrase(count: int) -> str:
    return count_phrase(count, "نسخة واحدة", "نسختان", "نسخ", "نسخة")


def _http(url: str | None) -> str | None:
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def subject(name: str, articles: int, *, digest: bool) -> str:
    kind = "الملخص اليومي" if digest else "جديد"
    return f"مرصد — {kind}: {name} ({articles_phrase(articles)})"


def spike_subject(name: str, spike: Spike) -> str:
    return f"مرصد — ارتفاع مفاجئ: {name} ({articles_phrase(spike.count)} في {spike.bucket})"


def _meta_parts(item: AlertItem) -> list[str]:
    parts = [part for part in (item.article.site, (item.article.published or "")[:10]) if part]
    if item.copies:
        sites = "، ".join(copy_sites(item))
        parts.append(f"و{copies_phrase(len(item.copies))}" + (f" ({sites})" if sites else ""))
    return parts


def _item_meta(item: AlertItem) -> str:
    return " · ".join(_meta_parts(item))


def text_body(name: str, items: list[AlertItem], *, base_url: str | None) -> str:
    """The plain-text part: one block per item, its link and its folded copies."""
    lines = [f"قائمة المتابعة: {name}", ""]
    for item in items:
        lines.append(f"• {item.article.title}")
        meta = _item_meta(item)
        if meta:
            lines.append(f"  {meta}")
        link = _http(item.article.url) or (
            f"{base_url}/articles/{item.article.id}" if base_url else None
        )
        if link:
            lines.append(f"  {link}")
        lines.append("")
    return "\n".join(lines)


def html_body(name: str, items: list[AlertItem], *, base_url: str | None) -> str:
    """The HTML part: right-to-left Arabic, every article value escaped."""
    rows = []
    for item in items:
        title = escape(item.article.title)
        link = _http(item.article.url)
        heading = f'<a href="{escape(link)}">{title}</a>' if link else title
        # Each part isolated, so a Latin site name or a date keeps its place in RTL.
        meta = " · ".join(f"<bdi>{escape(part)}</bdi>" for part in _meta_parts(item))
        rows.append(
            f'<li style="margin-bottom:12px"><strong>{heading}</strong><br>'
            f'<span style="color:#555">{meta}</span></li>'
        )
    archive = ""
    if base_url:
        archive = f'<p><a href="{escape(base_url)}/watchlists">قوائم المتابعة في مرصد</a></p>'
    return _page(name, f"<ul>{''.join(rows)}</ul>{archive}")


def _page(name: str, inner: str) -> str:
    return (
        '<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="utf-8">'
        f"<title>{escape(name)}</title></head>"
        f'<body dir="rtl" lang="ar" style="{_STYLE}">'
        f"<h1>قائمة المتابعة: {escape(name)}</h1>{inner}</body></html>"
    )


def spike_text(name: str, spike: Spike) -> str:
    return (
        f"قائمة المتابعة: {name}\n\n"
        f"ارتفاع مفاجئ في {spike.bucket}: {articles_phrase(spike.count)}، "
        f"والمعتاد (الوسيط) {spike.median:g} بانحراف وسيط {spike.mad:g}.\n"
    )


def spike_html(name: str, spike: Spike) -> str:
    return _page(name, f"<p>{escape(spike_text(name, spike).split(chr(10), 2)[2])}</p>")
