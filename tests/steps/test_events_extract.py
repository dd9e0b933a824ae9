"""Event extraction over real-looking Arabic conflict sentences: triggers, non-events,
figures, dates and offsets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.model import Article, EventSpan
from marsad.steps.pipeline import Enricher

PUBLISHED = "2020-04-10"


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher.load()


def events_of(enricher: Enricher, text: str, published: str | None = PUBLISHED) -> list[EventSpan]:
    article = enricher(replace(Article(text=text, published=published), lang="ar"))
    for event in article.events:
        assert article.text[event.start : event.end] == event.text
    return list(article.events)


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("شنت طائرات حربية غارات جوية على بلدة كفرنبل بريف إدلب.", "air_drone_strike"),
        ("قصف مدفعي لقوات النظام على مدينة درعا.", "shelling_artillery_missile"),
        (
            "استهدفت طائرة مسيرة سيارة في مدينة إدلب ما أدى إلى مقتل 2 من ركابها.",
            "air_drone_strike",
        ),
        ("انفجرت عبوة ناسفة بدورية عسكرية في مدينة درعا.", "remote_explosive_landmine_ied"),
        ("قتل 5 أشخاص في تفجير انتحاري استهدف سوقا في بغداد.", "suicide_bomb"),
        ("اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام في ريف حلب.", "armed_clash"),
        ("اختطف مسلحون مجهولون طبيبا في مدينة درعا.", "abduction_forced_disappearance"),
        ("شنت قوات الأمن حملة اعتقالات في مدينة الرقة طالت 15 شابا.", "arrests"),
        ("خرجت مظاهرة في مدينة إدلب تطالب بالإفراج عن المعتقلين.", "peaceful_protest"),
        ("نزح نحو 400 ألف شخص من ريف إدلب.", "displacement"),
    ],
)
def test_a_trigger_gives_its_sub_type(enricher: Enricher, text: str, sub_type: str) -> None:
    found = events_of(enricher, text)
    assert [event.sub_type for event in found] == [sub_type]


@pytest.mark.parametrize(
    "text",
    [
        "نفى الجيش الروسي أن تكون طائراته قد شنت غارات على إدلب.",  # denial
        "هددت تركيا بشن هجوم واسع على مدينة منبج.",  # threat
        "ستشن القوات غارات على المدينة إذا لم ينسحب المسلحون.",  # plan
        "يحيي السوريون الذكرى العاشرة لمجزرة الغوطة.",  # anniversary
        "وثق المرصد مقتل 500 ألف شخص منذ بداية الحرب في سوريا.",  # cumulative toll
        "دخل عمال النقل في إضراب عن العمل احتجاجا على الأجور في عمان.",  # economic strike
        "سجل اللاعب هدفا بعد هجوم مرتد في مباراة الدوري.",  # football
        "شن الوزير هجوما حادا على الحكومة في البرلمان.",  # a verbal attack
    ],
)
def test_what_is_not_a_new_event(enricher: Enricher, text: str) -> None:
    assert events_of(enricher, text) == []


def test_figures_go_to_the_event_and_parts_are_not_added(enricher: Enricher) -> None:
    [event] = events_of(
        enricher, "قتل 4 أشخاص بينهم طفلان وأصيب 7 آخرون في قصف مدفعي على مدينة حلب."
    )
    assert (event.fatalities, event.injured) == (4, 7)
    assert event.place == "حلب"


def test_two_events_of_one_sentence_split_their_figures(enricher: Enricher) -> None:
    text = "قتل 3 مدنيين في غارة جوية على مدينة إدلب، واعتقلت قوات النظام 12 شخصا في مدينة درعا."
    found = {event.sub_type: event for event in events_of(enricher, text)}
    assert found["air_drone_strike"].fatalities == 3
    assert found["air_drone_strike"].arrested is None
    assert found["arrests"].arrested == 12
    assert found["arrests"].place == "درعا"


def test_a_relative_day_is_the_event_date(enricher: Enricher) -> None:
    [event] = events_of(enricher, "قتل 3 مدنيين في غارات جوية على مدينة إدلب أمس الخميس.")
    assert event.date == "2020-04-09"


def test_without_a_date_in_the_sentence_the_publication_day(enricher: Enricher) -> None:
    [event] = events_of(enricher, "قتل 3 مدنيين في غارات جوية على مدينة إدلب.")
    assert event.date == PUBLISHED


def test_an_old_date_is_background(enricher: Enricher) -> None:
    assert events_of(enricher, "وكانت غارات جوية قد استهدفت مدينة إدلب في 3 آذار 2018.") == []


def test_one_incident_told_twice_is_one_event(enricher: Enricher) -> None:
    text = (
        "شنت طائرات حربية غارات على مدينة إدلب. "
        "وأسفرت الغارات عن مقتل 6 مدنيين بحسب المرصد السوري لحقوق الإنسان."
    )
    [event] = events_of(enricher, text)
    assert event.fatalities == 6
    assert event.place == "إدلب"


def test_offsets_point_into_text_with_diacritics(enricher: Enricher) -> None:
    text = "وَشَنَّت طائراتٌ حربيّة غاراتٍ جوّيةً على مدينة إدلب."
    [event] = events_of(enricher, text)
    assert event.text.startswith("غاراتٍ")


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        (
            "قتل 3 فلسطينيين في مواجهات مع الجيش الإسرائيلي قرب الحدود في مسيرة يوم الأرض.",
            "excessive_force_against_protesters",
        ),
        (
            "مقتل اثنين في اشتباكات مع الشرطة مع استمرار الاحتجاجات في البصرة.",
            "violent_demonstration",
        ),
        ("سيطرت قوات النظام على بلدة خان شيخون بريف إدلب الجنوبي.", "government_regains_territory"),
        ("سيطر تنظيم داعش على قرية في ريف دير الزور.", "non_state_actor_overtakes_territory"),
        ("قتل 5 أشخاص في هجوم بغاز الكلور على مدينة دوما.", "chemical_weapon"),
        ("مقتل 9 من قوات الحرس الوطني في هجوم مسلح في مدينة درعا.", "armed_clash"),
        ("قتل 4 جنود في كمين نصبه مسلحون قرب مدينة كركوك.", "armed_clash"),
    ],
)
def test_who_and_what_decide_the_sub_type(enricher: Enricher, text: str, sub_type: str) -> None:
    assert [event.sub_type for event in events_of(enricher, text)] == [sub_type]


@pytest.mark.parametrize(
    "text",
    [
        "وكانت قوات النظام قد استعادت السيطرة على مدينة حلب.",  # an incident recalled
        "مقتل 87 مدنيا في مدينة دوما.",  # a death with no cause given
        "أدانت الأمم المتحدة الهجوم على مدينة إدلب.",  # a reaction
        "ألقت الشرطة القبض على شاب بتهمة سرقة سيارة في مدينة بغداد.",  # ordinary crime
        "نجحت فرق الإطفاء في السيطرة على الحريق في مدينة حلب.",  # control of a fire
        "الخاضعة للقصف منذ أسابيع في مدينة إدلب.",  # an ongoing state
    ],
)
def test_more_of_what_is_not_a_new_event(enricher: Enricher, text: str) -> None:
    assert events_of(enricher, text) == []


def test_neighbourhoods_are_not_commemorations(enricher: Enricher) -> None:
    text = "نفذت القوات أمس عملية نوعية لتطهير الأحياء في مدينة درعا أسفرت عن مقتل 13 مسلحا."
    [event] = events_of(enricher, text)
    assert (event.sub_type, event.fatalities) == ("armed_clash", 13)


def test_a_toll_goes_to_the_incident_its_cause_word_names(enricher: Enricher) -> None:
    text = (
        "قتل 9 مدنيين في غارة على مدينة إدلب أمس، ومقتل 20 عنصرا من قوات النظام "
        "من جراء اشتباكات في مدينة حلب."
    )
    found = {event.sub_type: event for event in events_of(enricher, text)}
    assert found["air_drone_strike"].fatalities == 9
    assert found["armed_clash"].fatalities == 20


def test_parts_of_a_toll_are_not_added(enricher: Enricher) -> None:
    text = "أسفر انفجار سيارة مفخخة في مدينة عفرين عن مقتل 11 شخصا، من بينهم 7 مدنيين و4 مقاتلين."
    [event] = events_of(enricher, text)
    assert event.fatalities == 11


def test_the_finest_place_near_the_trigger(enricher: Enricher) -> None:
    text = "اندلعت اشتباكات على أطراف بلدة الباغوز في ريف دير الزور الشرقي."
    [event] = events_of(enricher, text)
    assert event.place == "الباغوز"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("قتل 3 مدنيين في غارة شنتها طائرات حربية روسية على بلدة كفرنبل.", "org:russian-forces"),
        ("شنت طائرات إسرائيلية غارات جوية على مواقع في مدينة خان يونس.", "org:idf"),
        ("قصف مدفعي تركي على قرية في ريف حلب الشمالي.", "org:turkish-army"),
    ],
)
def test_a_state_named_by_an_adjective_is_the_perpetrator(
    enricher: Enricher, text: str, actor: str
) -> None:
    events = events_of(enricher, text)
    assert events and events[0].actor1 == actor


def test_an_adjective_far_from_any_force_names_no_actor(enricher: Enricher) -> None:
    text = "قتل 3 مدنيين في غارة على بلدة كفرنبل، وأدانت الخارجية الروسية ذلك."
    assert all(event.actor1 != "org:russian-forces" for event in events_of(enricher, text))
