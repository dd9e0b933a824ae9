"""Counts phrased the Arabic way on every page ("مقالة واحدة"، "مقالتان"، "3 مقالات"، "11 مقالة").

The agreement rule itself is `count_phrase`, shared with the alert e-mails; this module
adds what a page needs on top of it: the nouns the pages count, zero (plural, "0 مقالات"),
and the hundreds (100، 101، 102 take the bare singular: "100 مصدر", not "100 مصدرًا").
"""

from __future__ import annotations

from typing import NamedTuple

from jinja2 import Environment
from markupsafe import Markup, escape

from marsad.services.alerts.render import count_phrase


class Forms(NamedTuple):
    """A noun's forms after a number: one, two, 3–10 (plural), 11–99 (singular, accusative)."""

    one: str
    two: str
    few: str
    many: str
    bare: str  # the singular after a round hundred: مئة مصدر


NOUNS: dict[str, Forms] = {
    "articles": Forms("مقالة واحدة", "مقالتان", "مقالات", "مقالة", "مقالة"),
    "outlets": Forms("مصدر واحد", "مصدران", "مصادر", "مصدرًا", "مصدر"),
    "stories": Forms("قصة واحدة", "قصتان", "قصص", "قصة", "قصة"),
    "events": Forms("حدث واحد", "حدثان", "أحداث", "حدثًا", "حدث"),
    "reports": Forms("تقرير واحد", "تقريران", "تقارير", "تقريرًا", "تقرير"),
    "places": Forms("مكان واحد", "مكانان", "أماكن", "مكانًا", "مكان"),
    "results": Forms("نتيجة واحدة", "نتيجتان", "نتائج", "نتيجة", "نتيجة"),
    # Days and hours are counted after a preposition ("في آخر يومين"): the dual is genitive.
    "days": Forms("يوم واحد", "يومين", "أيام", "يومًا", "يوم"),
    "hours": Forms("ساعة واحدة", "ساعتين", "ساعات", "ساعة", "ساعة"),
    "entities": Forms("كيان واحد", "كيانان", "كيانات", "كيانًا", "كيان"),
}


ENTITY_TYPES: dict[str, str] = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان", "MISC": "أخرى"}


def entity_type(kind: str | None) -> str:
    """An entity type (PER, ORG, LOC, MISC) in Arabic; an unknown type is shown as stored."""
    return ENTITY_TYPES.get((kind or "").upper(), kind or "")


def count_of(count: int, noun: str) -> str:
    """`count` of `noun` (a key of `NOUNS`) with the number agreement Arabic asks for."""
    forms = NOUNS[noun]
    if count == 0:
        return f"0 {forms.few}"
    if count >= 100 and count % 100 in (0, 1, 2):
        return f"{count} {forms.bare}"
    return count_phrase(count, forms.one, forms.two, forms.few, forms.many)


def shown_date(value: str | None, *, with_time: bool = False) -> Markup:
    """An ISO date as `<time><bdi dir="ltr">YYYY-MM-DD[ HH:MM]</bdi></time>`.

    Inside right-to-left text a bare "2024-05-03 14:22" is reordered by the bidi
    algorithm (the time before the day); isolated left to right it reads one way
    everywhere, on every page.
    """
    if not value:
        return Markup("")
    shown = value[:10]
    if with_time and len(value) >= 16 and value[10] in "T ":
        shown += " " + value[11:16]
    return Markup('<time datetime="{}"><bdi dir="ltr">{}</bdi></time>').format(escape(value), shown)


def install(environment: Environment) -> None:
    """Offer `count_of` and `shown_date` to templates: `{{ count_of(found.total, "articles") }}`."""
    environment.globals["count_of"] = count_of
    environment.globals["shown_date"] = shown_date
    environment.filters["entity_type"] = entity_type
