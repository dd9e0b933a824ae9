"""Arabic temporal expressions: the gold-set gate, the seed article, and one test per form.

Expected values come from a calendar and the articles themselves, not from running the
tagger: e.g. 10 April 2020 was a Friday, 1 Ramadan 1436 was 18 June 2015 and
1 Muharram 1440 was 11 September 2018 (Umm al-Qura).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from corpus_refs import corpora_available, load_rows
from support.floors import floor

from marsad.model import Article
from marsad.steps.dates import dates_jsonl, find_dates, published_date, with_dates

GOLD = Path(__file__).resolve().parent / "data" / "dates_gold.jsonl"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "fixtures" / "000_de14d7a4effe693a.txt"

# Exact span + value micro F1 on the hand-annotated gold set (352 sentences from
# SaudiNewsNet, ANT and the Arabic TimeML sample); floors and measured values in
# tests/quality_floors.json ("dates").

FRIDAY = date(2020, 4, 10)


def found(text: str, base: date | None = FRIDAY) -> list[tuple[str, str]]:
    return [(span.text, span.value) for span in find_dates(text, base)]


@pytest.mark.skipif(not corpora_available(), reason="the shared corpora are not available")
def test_gold_set_quality() -> None:
    rows = load_rows(GOLD)
    assert len(rows) >= 150
    hits = predicted_total = gold_total = 0
    for row in rows:
        expected = [(item["text"], item["value"]) for item in row["expected"]]
        predicted = found(row["sentence"], date.fromisoformat(row["base"]))
        remaining = list(predicted)
        for pair in expected:
            if pair in remaining:
                remaining.remove(pair)
                hits += 1
        predicted_total += len(predicted)
        gold_total += len(expected)
    precision, recall = hits / predicted_total, hits / gold_total
    f1 = 2 * precision * recall / (precision + recall)
    assert precision >= floor("dates", "precision")
    assert recall >= floor("dates", "recall")
    assert f1 >= floor("dates", "f1")


@pytest.mark.skipif(not SEED.exists(), reason="the shared fixtures are not beside the repository")
def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert found(text, date(2020, 4, 10)) == [
        ("أمس الخميس", "2020-04-09"),
        ("كانون أول 2017", "2017-12"),
        ("آذار 2019", "2019-03"),
    ]


def test_offsets_point_into_the_raw_text() -> None:
    text = "وأعلنت في ١٥ آذارَ ٢٠١٩ ثم أمـــس عن خطة"
    spans = find_dates(text, FRIDAY)
    assert [(s.text, s.value) for s in spans] == [
        ("١٥ آذارَ ٢٠١٩", "2019-03-15"),
        ("أمـــس", "2020-04-09"),
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في كانون الثاني 2018", [("كانون الثاني 2018", "2018-01")]),
        ("في كانون أول 2017", [("كانون أول 2017", "2017-12")]),
        ("في تشرين الأول 2016", [("تشرين الأول 2016", "2016-10")]),
        ("بآذار 2019", [("آذار 2019", "2019-03")]),
        ("وفي يناير 2020 قال", [("يناير 2020", "2020-01")]),
        ("في 5 يونيه 2017", [("5 يونيه 2017", "2017-06-05")]),
        ("في يوليه 2014", [("يوليه 2014", "2014-07")]),
        ("في إبريل 2013 وأبريل 2014", [("إبريل 2013", "2013-04"), ("أبريل 2014", "2014-04")]),
        ("في اغسطس 2015", [("اغسطس 2015", "2015-08")]),
        ("في أيلول (سبتمبر) 2018", [("أيلول (سبتمبر) 2018", "2018-09")]),
        ("في آذار/مارس 2011", [("آذار/مارس 2011", "2011-03")]),
        ("في 15 آب 2019", [("15 آب 2019", "2019-08-15")]),
    ],
)
def test_gregorian_month_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في جانفي 2019", [("جانفي 2019", "2019-01")]),
        ("يوم 12 فيفري 2020", [("12 فيفري 2020", "2020-02-12")]),
        ("في أفريل 2018", [("أفريل 2018", "2018-04")]),
        ("في جوان 2017", [("جوان 2017", "2017-06")]),
        ("في 5 جويلية 1962", [("5 جويلية 1962", "1962-07-05")]),
        ("في 20 أوت 1955", [("20 أوت 1955", "1955-08-20")]),
    ],
)
def test_maghrebi_month_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_father_and_ibb_are_not_august() -> None:
    assert found("قال أب الضحية إن ابنه خرج") == []
    assert found("وتستمر المواجهات في محافظة إب جنوب صنعاء") == []
    assert found("ومارس ضغوطا على الحكومة") == []


def test_months_without_a_year() -> None:
    # April base: March is past, June is close ahead, November is last year's.
    assert found("اجتمعوا في آذار", date(2019, 4, 20)) == [("آذار", "2019-03")]
    assert found("يعقد في حزيران", date(2019, 4, 20)) == [("حزيران", "2019-06")]
    assert found("وقع في تشرين الثاني", date(2019, 4, 20)) == [("تشرين الثاني", "2018-11")]
    assert found("في شهر مارس", date(2019, 4, 20)) == [("شهر مارس", "2019-03")]
    assert found("في ديسمبر الماضي", date(2019, 4, 20)) == [("ديسمبر الماضي", "2018-12")]
    assert found("في يناير المقبل", date(2019, 4, 20)) == [("يناير المقبل", "2020-01")]
    assert found("في 4 أبريل الماضي", date(2019, 4, 20)) == [("4 أبريل الماضي", "2019-04-04")]


def test_ordinal_days() -> None:
    base = date(2019, 4, 1)
    assert found("في الخامس عشر من آذار", base) == [("الخامس عشر من آذار", "2019-03-15")]
    assert found("منذ الأول من يناير", base) == [("الأول من يناير", "2019-01-01")]
    assert found("في الحادي والثلاثين من ديسمبر 2018", base) == [
        ("الحادي والثلاثين من ديسمبر 2018", "2018-12-31")
    ]


def test_years_need_a_cue() -> None:
    assert found("في عام 2015 وسنة 2016 والعام 2017") == [
        ("عام 2015", "2015"),
        ("سنة 2016", "2016"),
        ("العام 2017", "2017"),
    ]
    assert found("منذ 2011 وحتى 2018") == [("2011", "2011"), ("2018", "2018")]
    assert found("ولد في القاهرة (1952)") == [("1952", "1952")]


@pytest.mark.parametrize(
    "text",
    [
        "نحو 400 ألف شخص نزحوا",
        "تطبيق القرار 2254 بالكامل",
        "قرار مجلس الأمن رقم 2254",
        "المادة 50 من الدستور",
        "على الطريق الدولي M4 وطريق M5",
        "للاستفسار اتصل على 0501234567",
        "بلغت الصفقة 2015 مليون دولار",
        "ارتفع بنسبة 20% في 2000 موقع",
        "فاز الفريق 3-1 وخطة 4-3-3",
        "الشاب أحمد (24 عاما)",
        "جائحة كوفيد-19",
        "في تمام الساعة 10:30",
        "It's Over 9000!",
        "في 31/02/2019",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert found(text) == []


def test_hijri_dates() -> None:
    assert found("في 15 رمضان 1436 هـ") == [("15 رمضان 1436 هـ", "2015-07-02")]
    assert found("حتى 1 محرم 1440هـ") == [("1 محرم 1440هـ", "2018-09-11")]
    assert found("خلال رمضان 1436") == [("رمضان 1436", "2015-07")]
    assert found("لموسم حج 1436هـ") == [("1436هـ", "2015")]
    assert found("صدر بتاريخ 25/10/1436") == [("25/10/1436", "2015-08-10")]
    assert found("خلال شهر رمضان المبارك") == []


def test_numeric_dates() -> None:
    assert found("بتاريخ 25/12/2019 و2019-12-26 و2015/8/25") == [
        ("25/12/2019", "2019-12-25"),
        ("2019-12-26", "2019-12-26"),
        ("2015/8/25", "2015-08-25"),
    ]
    assert found("يوم الخميس 26-3-2015م") == [("يوم الخميس 26-3-2015م", "2015-03-26")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلنت الوزارة اليوم", [("اليوم", "2020-04-10")]),
        ("قال أمس إن", [("أمس", "2020-04-09")]),
        ("عقد أمس الخميس اجتماعا", [("أمس الخميس", "2020-04-09")]),
        ("وتوفي أول من أمس", [("أول من أمس", "2020-04-08")]),
        ("يصل غداً", [("غداً", "2020-04-11")]),
        ("ينطلق بعد غد", [("بعد غد", "2020-04-12")]),
        ("وصل منذ ثلاثة أيام", [("منذ ثلاثة أيام", "2020-04-07")]),
        ("غادر قبل يومين", [("قبل يومين", "2020-04-08")]),
        ("بدأ قبل عشرة أيام", [("قبل عشرة أيام", "2020-03-31")]),
        ("وقع قبل أسبوع", [("قبل أسبوع", "2020-W14")]),
        ("منذ أسبوعين", [("منذ أسبوعين", "2020-W13")]),
        ("منذ شهرين", [("منذ شهرين", "2020-02")]),
        ("الأحد الماضي", [("الأحد الماضي", "2020-04-05")]),
        ("الاثنين المقبل", [("الاثنين المقبل", "2020-04-13")]),
        ("الاثنين القادم", [("الاثنين القادم", "2020-04-13")]),
        ("وقال يوم الجمعة", [("يوم الجمعة", "2020-04-10")]),
        ("وقال الخميس", [("الخميس", "2020-04-09")]),
        ("ستعقد الجلسة الثلاثاء", [("الثلاثاء", "2020-04-14")]),
        ("الأسبوع الماضي", [("الأسبوع الماضي", "2020-W14")]),
        ("الأسبوع المقبل", [("الأسبوع المقبل", "2020-W16")]),
        ("الشهر الماضي", [("الشهر الماضي", "2020-03")]),
        ("الشهر الجاري", [("الشهر الجاري", "2020-04")]),
        ("الشهر المقبل", [("الشهر المقبل", "2020-05")]),
        ("العام الماضي", [("العام الماضي", "2019")]),
        ("السنة الماضية", [("السنة الماضية", "2019")]),
        ("العام الجاري", [("العام الجاري", "2020")]),
        ("هذا العام", [("هذا العام", "2020")]),
        ("العام المقبل", [("العام المقبل", "2021")]),
        ("مطلع الشهر", [("مطلع الشهر", "2020-04")]),
        ("أواخر الشهر الماضي", [("أواخر الشهر الماضي", "2020-03")]),
        ("منتصف آذار", [("منتصف آذار", "2020-03")]),
    ],
)
def test_relative_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_relative_word_wins_over_a_disagreeing_weekday() -> None:
    # Published on a Friday, "أمس الأربعاء" is a time-zone artefact: أمس is trusted.
    assert found("عقد أمس الأربعاء اجتماعا") == [("أمس الأربعاء", "2020-04-09")]


@pytest.mark.parametrize(
    "text",
    [
        "قبل أيام",
        "بعد يومين من الهجوم",
        "قبل يوم الإضراب",
        "في اليوم التالي",
        "احتفلت المملكة باليوم الوطني",
        "لمدة ثلاثة أيام",
        "صلاة الجمعة",
        "مزيج من الاثنين معاً",
    ],
)
def test_what_is_not_a_resolvable_date(text: str) -> None:
    assert found(text) == []


def test_without_a_base_only_absolute_dates_remain() -> None:
    text = "أعلن أمس أن الاتفاق الموقع في 15 آذار 2019 ساري حتى الشهر المقبل"
    assert found(text, None) == [("15 آذار 2019", "2019-03-15")]


def test_with_dates_anchors_on_the_published_date() -> None:
    article = Article(text="عقد أمس الخميس اجتماعا", published="2020-04-10T08:00:00+03:00")
    assert [(d.text, d.value) for d in with_dates(article).dates] == [("أمس الخميس", "2020-04-09")]
    assert with_dates(Article(text="عقد أمس اجتماعا")).dates == ()
    assert [d.value for d in with_dates(article, date(2021, 1, 2)).dates] == ["2021-01-01"]


def test_published_date() -> None:
    assert published_date("2018-03-01T00:30:44+00:00") == date(2018, 3, 1)
    assert published_date("2018-02-30") is None
    assert published_date("yesterday") is None
    assert published_date(None) is None


def test_dates_jsonl_lines() -> None:
    lines = list(dates_jsonl("عقد أمس الخميس اجتماعا", FRIDAY))
    assert [json.loads(line) for line in lines] == [
        {"text": "أمس الخميس", "start": 4, "end": 14, "value": "2020-04-09"}
    ]
    assert "أمس" in lines[0]  # not escaped
