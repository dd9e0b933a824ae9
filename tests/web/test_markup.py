"""Marked-up article text and snippets: escaped pieces, tags only where spans are."""

from __future__ import annotations

from marsad.services.feeds import rfc3339
from marsad.web.markup import Highlight, bar_chart, marked_snippet, marked_text
from marsad.web.settings import WebSettings

TEXT = "قال <b>الرئيس</b> إن عدن آمنة.\n\nوفي صنعاء هدوء."


def _at(word: str, css: str = "place", href: str | None = "/x") -> Highlight:
    start = TEXT.index(word)
    return Highlight(start, start + len(word), word, css, href, word)


def test_spans_are_wrapped_and_the_rest_escaped() -> None:
    html = str(marked_text(TEXT, [_at("عدن"), _at("صنعاء", "date", None)]))
    assert html.count("<p>") == 2
    assert '<a class="place" href="/x" title="عدن">عدن</a>' in html
    assert '<span class="date" title="صنعاء">صنعاء</span>' in html
    assert "&lt;b&gt;الرئيس&lt;/b&gt;" in html and "<b>" not in html


def test_overlapping_spans_keep_the_longer_one() -> None:
    outer, inner = _at("عدن آمنة", "ent"), _at("عدن")
    html = str(marked_text(TEXT, [inner, outer]))
    assert html.count("<a ") == 1 and ">عدن آمنة</a>" in html


def test_span_attributes_are_escaped() -> None:
    start = TEXT.index("عدن")
    evil = Highlight(start, start + 3, "عدن", 'x" onclick="y', '/e?a="b"', '"><script>')
    html = str(marked_text(TEXT, [evil]))
    assert 'onclick="y' not in html and "<script>" not in html


def test_snippet_markers_become_marks_and_text_is_escaped() -> None:
    html = str(marked_snippet("\x02<i>\x03 and \x02عدن\x03 \x02unclosed"))
    assert html == "<mark>&lt;i&gt;</mark> and <mark>عدن</mark> unclosed"


def test_chart_has_one_bar_per_period() -> None:
    chart = str(bar_chart([{"period": "2015-08-09", "count": 2}, {"period": "<x>", "count": 1}]))
    assert chart.count('class="bar"') == 2 and "<x>" not in chart


def test_atom_dates() -> None:
    assert rfc3339("2015-08-09") == "2015-08-09T00:00:00Z"
    assert rfc3339("2018-03-01T00:30:44+03:00") == "2018-02-28T21:30:44Z"
    assert rfc3339("not a date") == rfc3339(None) == "1970-01-01T00:00:00Z"


def test_settings_from_environment() -> None:
    settings = WebSettings.from_env({"MARSAD_TOKEN": "t", "MARSAD_TILES": "https://a.b/{z}.png"})
    assert settings.token == "t" and settings.tiles_origin() == "https://a.b"
    assert WebSettings.from_env({}).token is None
