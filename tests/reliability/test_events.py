"""The events step on any text and any spans: no crash, offsets into the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Article, DateSpan, PlaceSpan, QuantitySpan
from marsad.steps.events import find_events

WORDS = [
    "غارة",
    "غارات",
    "قصف",
    "مدفعي",
    "جوية",
    "هجوم",
    "اشتباكات",
    "اعتقال",
    "مقتل",
    "3",
    "مدنيين",
    "جنديين",
    "بينهم",
    "نفى",
    "هددت",
    "ذكرى",
    "منذ",
    "بداية",
    "الحرب",
    "إضراب",
    "مباراة",
    "في",
    "على",
    "إدلب",
    "أمس",
    "،",
    ".",
    "؟",
    "فيما",
    "كما",
    "سيطرت",
    "قوات",
    "النظام",
    "انفجار",
    "عبوة",
    "ناسفة",
    "مظاهرة",
    "متظاهرين",
    "الرصاص",
    "الحي",
]


@st.composite
def articles(draw: st.DrawFn) -> Article:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=80)))
    text += draw(st.text(max_size=20))
    spans = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 12)), max_size=8))
    places, dates, quantities = [], [], []
    for index, (start, length) in enumerate(spans):
        end = min(len(text), start + length)
        piece = text[start:end]
        if index % 3 == 0:
            places.append(PlaceSpan(piece, start, end, piece or "x", "SY", 35.9, 36.6))
        elif index % 3 == 1:
            dates.append(
                DateSpan(
                    piece,
                    start,
                    end,
                    draw(st.sampled_from(["2020", "2020-04", "2020-04-09", "2020-W15"])),
                )
            )
        else:
            kind = draw(st.sampled_from(["killed", "injured", "arrested", "displaced", None]))
            quantities.append(QuantitySpan(piece, start, end, float(length), "people", kind))
    published = draw(st.sampled_from([None, "2020-04-10", "2020-04-10T08:00:00", "bad"]))
    return Article(
        text=text,
        lang="ar",
        published=published,
        places=tuple(places),
        dates=tuple(dates),
        quantities=tuple(quantities),
    )


@settings(max_examples=300, deadline=None)
@given(articles())
def test_any_article_gives_events_whose_offsets_point_into_its_text(article: Article) -> None:
    for event in find_events(article):
        assert 0 <= event.start < event.end <= len(article.text)
        assert article.text[event.start : event.end] == event.text
        for figure in (event.fatalities, event.injured, event.displaced, event.arrested):
            assert figure is None or figure >= 0
        assert 0.0 <= event.confidence <= 1.0


def test_a_long_text_of_triggers_without_punctuation_is_read() -> None:
    """One 'sentence' of thousands of triggers (its speed is measured in
    bench/bench_events.py): every incident word is found, none twice."""
    text = " ".join(["غارات", "على", "إدلب", "و", "اشتباكات"] * 2000)
    found = find_events(Article(text=text, lang="ar", published="2020-04-10"))
    assert {event.sub_type for event in found} == {"air_drone_strike", "armed_clash"}
    assert len({event.start for event in found}) == len(found)
