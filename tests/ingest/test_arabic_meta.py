"""The Arabic-aware rules for titles, credits and related-article lists."""

from __future__ import annotations

import pytest

from marsad.ingest import arabic_meta as am


@pytest.mark.parametrize(
    ("raw", "site_name", "title", "site"),
    [
        (
            "التحالف الدولي يجدد التزامه - It's Over 9000!",
            None,
            "التحالف الدولي يجدد التزامه",
            "It's Over 9000!",
        ),
        ("مقتل 5 في غارة على إدلب | الجزيرة نت", None, "مقتل 5 في غارة على إدلب", "الجزيرة نت"),
        ("مقتل 5 في غارة على إدلب :: عنب بلدي", None, "مقتل 5 في غارة على إدلب", "عنب بلدي"),
        (
            "مقتل 5 في غارة على إدلب — BBC News عربي",
            "BBC News عربي",
            "مقتل 5 في غارة على إدلب",
            "BBC News عربي",
        ),
        # Only the last separator counts.
        (
            "سوريا - تركيا: اتفاق جديد على الحدود الشمالية - العربية",
            None,
            "سوريا - تركيا: اتفاق جديد على الحدود الشمالية",
            "العربية",
        ),
        # The "suffix" is most of the headline: no split.
        (
            "عاجل - الجيش يعلن السيطرة الكاملة على مدينة الرقة بعد معارك استمرت شهورا",
            None,
            "عاجل - الجيش يعلن السيطرة الكاملة على مدينة الرقة بعد معارك استمرت شهورا",
            None,
        ),
        ("عنوان بلا موقع", "الموقع", "عنوان بلا موقع", "الموقع"),
    ],
)
def test_split_title(raw: str, site_name: str | None, title: str, site: str | None) -> None:
    assert am.split_title(raw, site_name) == (title, site)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("(د ب أ)", "د ب أ"),
        ("(أ ف ب)", "أ ف ب"),
        ("المصدر: وكالات", "وكالات"),
        ("رويترز", "رويترز"),
        ("أ.ف.ب", "أ.ف.ب"),
        ("وكالات", "وكالات"),
        ("قال المتحدث إن الوضع مستقر.", None),
    ],
)
def test_credit_lines(line: str, source: str | None) -> None:
    assert am.credit_in_line(line) == source


def test_unknown_outlet_under_the_title_only_when_allowed() -> None:
    assert am.credit_in_line("بلدي نيوز") is None
    assert am.credit_in_line("بلدي نيوز", unknown_ok=True) == "بلدي نيوز"
    assert am.credit_in_line("وقال الوزير: لن نتراجع", unknown_ok=True) is None


def test_dateline_credit_stays_in_text() -> None:
    paragraphs = [
        "دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة أن فصائل مسلحة سيطرت.",
        "فقرة ثانية.",
    ]
    kept, source = am.remove_credit(paragraphs)
    assert source == "CNN"
    assert kept == paragraphs


def test_standalone_credit_at_the_bottom_is_removed() -> None:
    kept, source = am.remove_credit(["فقرة أولى من الخبر.", "فقرة ثانية من الخبر.", "(أ ف ب)"])
    assert source == "أ ف ب"
    assert kept == ["فقرة أولى من الخبر.", "فقرة ثانية من الخبر."]


def test_split_related_in_the_middle_and_at_the_end() -> None:
    paragraphs = [
        "فقرة أولى طويلة من الخبر تنتهي بنقطة.",
        "اقرأ أيضاً",
        "العبادي يعلن نتائج أولية للانتخابات",
        "وتابع المتحدث حديثه عن الأوضاع في المدينة وقال إنها مستقرة.",
        "مقالات ذات صلة",
        "عنوان أول",
        "عنوان ثان",
    ]
    body, related = am.split_related(paragraphs)
    assert body == [paragraphs[0], paragraphs[3]]
    assert related == ["العبادي يعلن نتائج أولية للانتخابات", "عنوان أول", "عنوان ثان"]


def test_related_heading_variants() -> None:
    for heading in [
        "مقالات ذات صلة",
        "اقرأ أيضا:",
        "إقرأ أيضاً",
        "أخبار ذات صلة",
        "قد يهمك",
        "شاهد أيضا",
    ]:
        assert am.is_related_heading(heading), heading
    assert not am.is_related_heading("قال الرئيس")


def test_trailing_boilerplate() -> None:
    paragraphs = ["نص الخبر.", "الآراء الواردة أدناه لا تعبر عن رأي الموقع."]
    assert am.strip_trailing_boilerplate(paragraphs) == ["نص الخبر."]


def test_site_name_before_the_headline_needs_evidence() -> None:
    title = "المدينة نيوز - افتتاح جسر جديد فوق النهر"
    shown = ["افتتاح جسر جديد فوق النهر"]
    assert am.split_title(title, headlines=shown) == ("افتتاح جسر جديد فوق النهر", "المدينة نيوز")
    assert am.split_title(title, site_name="المدينة نيوز") == (
        "افتتاح جسر جديد فوق النهر",
        "المدينة نيوز",
    )
    # Without a stated site or a matching headline, a short lead is part of the headline.
    assert am.split_title("سوريا - مقتل خمسة مدنيين في قصف على ريف إدلب") == (
        "سوريا - مقتل خمسة مدنيين في قصف على ريف إدلب",
        None,
    )
    # The common suffix layout still wins when the page says nothing else.
    assert am.split_title("افتتاح جسر جديد فوق النهر - المدينة نيوز") == (
        "افتتاح جسر جديد فوق النهر",
        "المدينة نيوز",
    )


def test_byline_block_goes_to_the_author() -> None:
    paragraphs = [
        "- Author,سلمى يوسف",
        "- Role,أخبار الشبكة عربي",
        "لم يعرف سكان الوادي منذ عقود أمطارا بهذه الغزارة.",
    ]
    assert am.remove_byline(paragraphs) == (paragraphs[2:], "سلمى يوسف")
    split_label = ["الكاتب،", "محمد الأحمد", "المنصب،", "مراسل الشؤون المحلية", "نص الخبر."]
    assert am.remove_byline(split_label) == (["نص الخبر."], "محمد الأحمد")
    prose = ["الكاتب، الذي نشر روايته الأولى عام 1990، يعود اليوم إلى المسرح.", "نص"]
    assert am.remove_byline(prose) == (prose, None)
