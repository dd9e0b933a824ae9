"""The analysis view: body lines kept, page furniture dropped, the stored text untouched."""

from __future__ import annotations

from marsad.text.furniture import (
    MAX_RECURRING_WORDS,
    analysis_text,
    is_furniture_line,
    is_related_lead_in,
    line_key,
    line_keys,
)

BODY = (
    "أعلن المتحدث باسم الحكومة اليوم الاثنين أن مجلس الوزراء وافق على خطة جديدة "
    "لدعم المزارعين في المناطق المتضررة من الجفاف."
)
SECOND = "وأضاف أن الخطة تشمل قروضا ميسرة بقيمة 200 مليون دولار تصرف خلال العام المقبل."

PAGE = "\n".join(
    [
        "الجمعة 22 نوفمبر 2024",
        "التوقيت 10:00 ص , بتوقيت القاهرة",
        "رئيس التحرير",
        "أخبار عربية",
        "الرئيسية | أخبار | اقتصاد",
        "تابع أحدث الأخبار عبر تطبيق google news",
        BODY,
        "",
        "اقرأ أيضا:",
        "الحكومة تعلن موعد صرف الدعم النقدي للأسر",
        "وزير الزراعة يتفقد محطة الري الجديدة",
        SECOND,
        "شارك الخبر على فيسبوك وتويتر",
        "صورة أرشيفية",
        "https://example.com/news/123",
        "عاجل: انقطاع الكهرباء عن عدة أحياء",
        BODY,
    ]
)


def test_body_lines_survive_and_furniture_goes() -> None:
    assert analysis_text(PAGE).splitlines() == [BODY, SECOND]


def test_recurring_lines_of_the_site_are_dropped() -> None:
    masthead = "جريدة الأخبار المستقلة الصادرة من العاصمة منذ عام 1990 ميلادية"
    page = f"{masthead}\n{BODY}"
    assert masthead in analysis_text(page)
    assert analysis_text(page, {line_key(masthead)}) == BODY


def test_line_keys_fold_spelling_and_punctuation() -> None:
    assert line_key("إقرأ أيضاً: الأخبار") == line_key("اقرأ ايضا الاخبار")
    assert line_key("الرئيس") != line_key("الرئيسة")


def test_only_short_lines_count_as_recurring_candidates() -> None:
    long_line = " ".join(["كلمة"] * (MAX_RECURRING_WORDS + 1))
    keys = line_keys(f"عنوان قصير\n{long_line}\nعنوان قصير\n")
    assert keys == [line_key("عنوان قصير")]


def test_sentences_that_mention_furniture_words_are_kept() -> None:
    sentence = (
        "وقال الوزير في منشور على فيسبوك إن الحكومة ستواصل دعم الأسر المتضررة من "
        "الفيضانات حتى إعادة بناء منازلها بالكامل في الأشهر المقبلة."
    )
    assert not is_furniture_line(sentence)
    assert not is_furniture_line(BODY)


def test_typical_furniture_lines() -> None:
    for line in (
        "",
        "قبل 2 سنة | الأخبار | اخبار الوطن",
        "الثلاثاء 9 يناير 2025 - 10:23 مساءً",
        "اشترك في النشرة البريدية",
        "أضف تعليقك",
        "نستخدم ملفات تعريف الارتباط لتحسين تجربتك",
        "عاجل | سقوط أمطار غزيرة على العاصمة",
        "(صورة أرشيفية)",
    ):
        assert is_furniture_line(line), line


def test_related_lead_ins_with_and_without_an_inline_title() -> None:
    assert is_related_lead_in("مواضيع ذات صلة")
    assert is_related_lead_in("اقرأ أيضاً: الحكومة تعلن موعد صرف الدعم")
    assert not is_related_lead_in(BODY)


def test_a_list_of_related_titles_ends_at_the_next_sentence() -> None:
    page = f"{BODY}\nمواضيع ذات صلة\nعنوان أول عن الزراعة\nعنوان ثان عن المياه\n{SECOND}"
    assert analysis_text(page).splitlines() == [BODY, SECOND]


def test_a_page_of_furniture_only_is_empty() -> None:
    assert analysis_text("أخبار عربية\nالرئيسية | أخبار\nالجمعة 22 نوفمبر 2024") == ""
