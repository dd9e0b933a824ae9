"""Credited sources read from the text: datelines, sign-offs, attributions."""

from __future__ import annotations

import pytest

from marsad.model import Article
from marsad.steps.credits import Agencies, credited_source, with_credits

BODY = "أعلنت الوزارة اليوم عن خطة جديدة لدعم المزارعين في المناطق المتضررة من الجفاف."


@pytest.fixture(scope="module")
def agencies() -> Agencies:
    return Agencies.load()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"الرياض 12 ذو القعدة 1436 هـ الموافق 27 أغسطس 2015 م واس\n{BODY}", "واس"),
        (f"بيروت (أ ف ب) - {BODY}", "أ ف ب"),
        (f"الرباط - ومع: {BODY}", "ومع"),
        (f"دمشق-سانا\n{BODY}", "سانا"),
        (f"{BODY}\n(واس)", "واس"),
        (f"{BODY} // انتهى //", "واس"),
        (f"{BODY}\n(د.ب.أ)", "د ب أ"),
        (f"وقالت الوزارة نقلا عن وكالة الأناضول إن {BODY}", "الأناضول"),
        (f"وذكرت الوزارة، حسبما نقلت قناة «الإخبارية» السعودية، أن {BODY}", "الإخبارية"),
        (f"{BODY}\nالمصدر: موقع الجزيرة نت", "الجزيرة نت"),
        (f"وقال بحسب موقع هسبريس المغربي إن {BODY}", "هسبريس المغربي"),
        (f"{BODY} وفق ما نقلت وكالة أنباء الأناضول.", "الأناضول"),
        (f"ذكرت وكالة «رويترز» أن {BODY}", "رويترز"),
        (f'{BODY}"واس" وفي سياق آخر قال الوزير إن الخطة ناجحة.', "واس"),
    ],
)
def test_credits_in_the_text(agencies: Agencies, text: str, expected: str) -> None:
    assert credited_source(text, agencies) == expected


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        f"وقال نقلا عن مصادر مطلعة إن {BODY}",  # a source of facts, not a publisher
        f"وتضم المواقع دولا أساسية بحسب «غوغل». {BODY}",
        f"{BODY} وزار الوفد مدينة الرياض أمس.",
    ],
)
def test_no_credit_where_the_text_names_no_outlet(agencies: Agencies, text: str) -> None:
    assert credited_source(text, agencies) is None


def test_the_step_fills_an_empty_source_only(agencies: Agencies) -> None:
    found = with_credits(Article(text=f"{BODY}\n(واس)"), agencies)
    assert found.source == "واس"
    kept = with_credits(Article(text=f"{BODY}\n(واس)", source="عكاظ"), agencies)
    assert kept.source == "عكاظ"
    assert with_credits(Article(text=BODY), agencies).source is None


def test_agency_sites_and_credit_forms(agencies: Agencies) -> None:
    spa = agencies.of_site("spa.gov.sa")
    assert spa is not None and spa.short == "واس"
    assert agencies.of_site("https://www.spa.gov.sa/news/1") == spa
    assert agencies.of_site("was") == spa  # SaudiNewsNet's slug for the agency
    assert agencies.of_site("okaz.com.sa") is None
    assert agencies.named("أ.ف.ب") == agencies.named("ا ف ب") == agencies.named("AFP")
    assert agencies.site_agency("aa.com.tr") == agencies.credit_agency("الاناضول") == "aa"
