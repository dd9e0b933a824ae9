"""Copies by containment: excerpts inside padded pages, light edits, new facts."""

from __future__ import annotations

from marsad.dedup.containment import (
    MIN_COPY_WORDS,
    copy_score,
    index_keys,
    is_copy_of,
    match_form,
    profile_bytes,
    profile_from_bytes,
    profile_of,
    split_sentences,
)

WIRE = [
    "أعلنت وزارة الداخلية المغربية مساء السبت ارتفاع حصيلة ضحايا الزلزال الذي ضرب إقليم "
    "الحوز إلى 632 قتيلا و329 جريحا في حصيلة مؤقتة.",
    "وأوضحت الوزارة في بلاغ لها أن السلطات العمومية عبأت كل الموارد البشرية واللوجستية "
    "اللازمة للتدخل وتقديم المساعدة للمناطق المتضررة في الأقاليم المعنية.",
    "وأضاف البلاغ أن فرق الإنقاذ تواصل عمليات البحث عن المفقودين تحت الأنقاض في القرى "
    "الجبلية التي يصعب الوصول إليها بسبب انهيار الطرق.",
    "ودعت الوزارة المواطنين إلى التحلي باليقظة والابتعاد عن المباني المتصدعة تحسبا لهزات "
    "ارتدادية قد تتواصل خلال الأيام المقبلة.",
]
OTHER = [
    "وفي سياق آخر افتتح وزير التجهيز مشروع الطريق السريع الجديد الذي يربط المدينتين بطول "
    "مئة وعشرين كيلومترا بعد أربع سنوات من الأشغال المتواصلة.",
    "وقال الوزير إن المشروع سيقلص مدة الرحلة إلى النصف ويسهم في تنشيط الحركة التجارية "
    "والسياحية في الجهة خلال السنوات المقبلة.",
    "وأشار إلى أن الحكومة خصصت اعتمادات إضافية لصيانة الطرق القروية في المناطق الجبلية "
    "التي تعرف تساقطات ثلجية كثيفة كل شتاء.",
]


def _page(*lines: str) -> str:
    return "\n".join(lines)


def test_an_excerpt_inside_a_padded_page_is_a_copy() -> None:
    agency = profile_of(_page(*WIRE))
    padded = profile_of(
        _page(
            "الرئيسية | أخبار | المغرب",
            "الجمعة 8 سبتمبر 2023",
            "حصيلة ثقيلة لزلزال الحوز",
            WIRE[0],
            WIRE[1],
            "اقرأ أيضا:",
            "الملك يترأس اجتماعا لتدبير آثار الزلزال",
            WIRE[2],
            "شارك الخبر على فيسبوك",
            *OTHER[:1],
        )
    )
    assert is_copy_of(agency, padded)


def test_light_edits_still_match() -> None:
    edited = [
        WIRE[0].replace("632", "ستمائة واثنين وثلاثين").replace("مساء السبت", "السبت"),
        WIRE[1].replace("في بلاغ لها", "في بلاغ رسمي"),
        WIRE[2],
        WIRE[3],
    ]
    assert is_copy_of(profile_of(_page(*WIRE)), profile_of(_page(*edited)))


def test_a_wire_update_with_new_tolls_is_not_a_copy() -> None:
    update = [
        WIRE[0].replace("632 قتيلا و329 جريحا", "820 قتيلا و672 جريحا"),
        "وأوضحت الوزارة أن عدد الضحايا في إقليم الحوز وحده بلغ 394 قتيلا فيما سجل إقليم "
        "تارودانت 121 قتيلا وشيشاوة 115 قتيلا حسب آخر المعطيات.",
        WIRE[2],
        "وأعلنت الحكومة الحداد الوطني لمدة ثلاثة أيام وتنكيس الأعلام فوق جميع الإدارات "
        "العمومية تضامنا مع أسر الضحايا.",
    ]
    assert not is_copy_of(profile_of(_page(*WIRE)), profile_of(_page(*update)))


def test_same_news_written_differently_is_not_a_copy() -> None:
    assert copy_score(profile_of(_page(*WIRE)), profile_of(_page(*OTHER))) < 0.1
    assert not is_copy_of(profile_of(_page(*WIRE)), profile_of(_page(*OTHER)))


def test_short_texts_and_small_parts_of_compilations_are_not_copies() -> None:
    short = profile_of(WIRE[0])
    assert short.words < MIN_COPY_WORDS
    assert not is_copy_of(short, profile_of(_page(*WIRE)))
    compilation = profile_of(_page(WIRE[0], WIRE[1], *OTHER, *WIRE[2:]))
    part = profile_of(_page(WIRE[0], WIRE[1]))
    assert copy_score(part, compilation) > 0.9
    assert not is_copy_of(part, compilation)  # under half its length


def test_name_spellings_meet() -> None:
    assert match_form("جوزاف") == match_form("جوزيف")
    assert match_form("غروندبرغ") == match_form("جروندبرج")
    assert match_form("والحكومة") == match_form("الحكومة") == match_form("حكومة")


def test_sentences_split_at_lines_and_sentence_ends() -> None:
    assert split_sentences("جملة أولى. جملة ثانية؟\nجملة ثالثة") == [
        "جملة أولى.",
        "جملة ثانية؟",
        "جملة ثالثة",
    ]


def test_profiles_round_trip_through_their_stored_form() -> None:
    profile = profile_of(_page(*WIRE))
    assert profile_from_bytes(profile_bytes(profile)) == profile


def test_a_short_text_shares_index_keys_with_the_long_page_holding_it() -> None:
    long = profile_of(_page(*OTHER, *WIRE))
    short = profile_of(_page(*WIRE[1:3]))
    assert set(index_keys(short)) & set(index_keys(long))
