"""Event signatures and the contradictions that veto a merge."""

from __future__ import annotations

from marsad.model import Article, EntitySpan, PlaceSpan
from marsad.stories.events import (
    EventSignature,
    StoryEvidence,
    TimeSpan,
    event_time,
    match_scores,
    signature,
    times_comparable,
    veto,
)

DAY = 24 * 3600.0
WINDOW = 3 * DAY


def _place(name: str, start: int) -> PlaceSpan:
    return PlaceSpan(name, start, start + len(name), name, "XX", 0.0, 0.0)


def _person(name: str, start: int = 0) -> EntitySpan:
    return EntitySpan(name, start, start + len(name), "PER", "per:" + name, name)


def _story(*members: EventSignature) -> StoryEvidence:
    evidence = StoryEvidence()
    for member in members:
        evidence.add(member)
    return evidence


def test_published_time_wins_over_an_estimate() -> None:
    article = Article(text="x", published="2022-04-02T10:00:00Z", published_estimated="2019-01-01")
    found = event_time(article)
    assert found is not None and found.confidence == 1.0
    assert found.years() == {2022}


def test_an_estimated_month_spans_the_month() -> None:
    found = event_time(
        Article(text="x", published_estimated="2025-01", published_estimated_confidence=0.6)
    )
    assert found is not None
    assert found.end - found.start > 30 * DAY - 2 and found.years() == {2025}


def test_another_year_vetoes_when_both_times_are_confident() -> None:
    story = _story(EventSignature(time=TimeSpan(0.0, DAY, 0.6)))
    later = EventSignature(time=TimeSpan(400 * DAY, 401 * DAY, 0.6))
    assert veto(later, story, WINDOW) == "year"


def test_a_weak_estimate_of_another_year_vetoes_nothing() -> None:
    # A relative day counted from when an old page was first seen: another year, unsure.
    confident = _story(EventSignature(time=TimeSpan(0.0, DAY, 0.9)))
    weak_later = EventSignature(time=TimeSpan(400 * DAY, 401 * DAY, 0.4))
    assert veto(weak_later, confident, WINDOW) is None
    weak_story = _story(EventSignature(time=TimeSpan(0.0, DAY, 0.4)))
    confident_later = EventSignature(time=TimeSpan(400 * DAY, 401 * DAY, 0.9))
    assert veto(confident_later, weak_story, WINDOW) is None


def test_weak_member_times_do_not_stretch_the_story_time() -> None:
    dated = EventSignature(time=TimeSpan(0.0, DAY, 0.8))
    weak = EventSignature(time=TimeSpan(1500 * DAY, 1501 * DAY, 0.4))
    story = _story(dated, weak, dated)
    assert story.time == TimeSpan(0.0, DAY, 0.8) and story.dated == 2
    assert veto(EventSignature(time=TimeSpan(400 * DAY, 401 * DAY, 0.8)), story, WINDOW) == "year"


def test_confident_times_further_apart_than_the_window_veto() -> None:
    member = EventSignature(time=TimeSpan(100 * DAY, 101 * DAY, 0.9))
    story = _story(member, member)
    assert veto(EventSignature(time=TimeSpan(160 * DAY, 161 * DAY, 0.8)), story, WINDOW) == "time"
    assert veto(EventSignature(time=TimeSpan(160 * DAY, 161 * DAY, 0.4)), story, WINDOW) is None
    assert veto(EventSignature(time=TimeSpan(102 * DAY, 103 * DAY, 0.9)), story, WINDOW) is None


def test_one_estimate_alone_does_not_make_a_story_time_sure() -> None:
    later = EventSignature(time=TimeSpan(160 * DAY, 161 * DAY, 0.9))
    estimated = EventSignature(time=TimeSpan(100 * DAY, 101 * DAY, 0.9))
    assert veto(later, _story(estimated), WINDOW) is None
    published = EventSignature(time=TimeSpan(100 * DAY, 101 * DAY, 1.0))
    assert veto(later, _story(published), WINDOW) == "time"


def test_times_compare_only_when_both_can_be_trusted() -> None:
    published = _story(EventSignature(time=TimeSpan(0.0, DAY, 1.0)))
    one_estimate = _story(EventSignature(time=TimeSpan(0.0, DAY, 0.8)))
    confident = EventSignature(time=TimeSpan(0.0, DAY, 0.8))
    assert times_comparable(confident, published)
    assert times_comparable(confident, _story(confident, confident))
    assert not times_comparable(confident, one_estimate)
    assert not times_comparable(EventSignature(time=TimeSpan(0.0, DAY, 0.4)), published)
    assert not times_comparable(EventSignature(), published)
    assert not times_comparable(confident, _story(EventSignature()))


def test_undated_articles_are_not_vetoed_by_time() -> None:
    story = _story(EventSignature(time=TimeSpan(0.0, DAY, 1.0)))
    assert veto(EventSignature(), story, WINDOW) is None


def _about(place: str, country: str, text: str = "") -> EventSignature:
    return EventSignature(
        lead_places=frozenset({place}),
        places=frozenset({place}),
        lead_countries=frozenset({country}),
        text=text,
    )


def test_a_main_place_in_another_country_vetoes_once_two_members_agree() -> None:
    marrakech = _about("مراكش", "MA")
    derna = _about("درنة", "LY", "فيضانات في درنة")
    assert veto(derna, _story(marrakech), WINDOW) is None
    assert veto(derna, _story(marrakech, marrakech), WINDOW) == "place"


def test_another_town_of_the_same_country_is_no_contradiction() -> None:
    # A quake's toll is reported town by town; a visit moves from city to city.
    marrakech = _about("مراكش", "MA")
    taroudant = _about("تارودانت", "MA", "ارتفاع الحصيلة في تارودانت")
    assert veto(taroudant, _story(marrakech, marrakech), WINDOW) is None


def test_another_country_vetoes_though_a_member_mentioned_it() -> None:
    # Lebanon's election story; one member names Iraq's coming vote in passing.
    beirut = _about("بيروت", "LB")
    aside = EventSignature(
        lead_places=frozenset({"بيروت"}),
        places=frozenset({"بيروت", "بغداد"}),
        lead_countries=frozenset({"LB"}),
    )
    baghdad = _about("بغداد", "IQ", "انتخابات العراق")
    assert veto(baghdad, _story(beirut, beirut, aside), WINDOW) == "place"
    naming = _about("بغداد", "IQ", "بعد انتخابات بيروت")
    assert veto(naming, _story(beirut, beirut, aside), WINDOW) is None


def test_places_without_countries_contradict_nothing() -> None:
    # Evidence kept before countries were: nothing known, nothing vetoed.
    marrakech = EventSignature(lead_places=frozenset({"مراكش"}), places=frozenset({"مراكش"}))
    derna = _about("درنة", "LY", "فيضانات في درنة")
    assert veto(derna, _story(marrakech, marrakech), WINDOW) is None


def test_a_place_named_in_the_text_but_not_tagged_is_no_contradiction() -> None:
    sudan = EventSignature(lead_places=frozenset({"السودان"}), places=frozenset({"السودان"}))
    noisy = EventSignature(
        lead_places=frozenset({"سلمية"}),
        places=frozenset({"سلمية"}),
        text="الجيش السوداني يعلن عزل الرئيس",
    )
    assert veto(noisy, _story(sudan, sudan), WINDOW) is None


def test_same_surname_another_first_name_is_another_person() -> None:
    joseph = EventSignature(person="جوزيف عون")
    assert veto(EventSignature(person="ميشال عون"), _story(joseph), WINDOW) == "person"
    assert veto(EventSignature(person="جوزاف عون"), _story(joseph), WINDOW) is None
    ibn_auf = EventSignature(person="عوض بن عوف")
    assert veto(EventSignature(person="بن عوف"), _story(ibn_auf), WINDOW) is None


def test_scores_near_match_words() -> None:
    assert match_scores("فاز المنتخب بنتيجة 1-0 على البرتغال") == {"1-0"}
    assert match_scores("تغلب الفريق 2 - 1 في المباراة") == {"2-1"}
    assert match_scores("نشر في 9-1-2025 الساعة 16:10") == frozenset()
    assert match_scores("صوت 99 نائبا مقابل 1-0 للورقة") == frozenset()


def test_a_different_score_is_another_match() -> None:
    story = _story(EventSignature(scores=frozenset({"1-0"})))
    assert veto(EventSignature(scores=frozenset({"2-1"})), story, WINDOW) == "score"
    assert veto(EventSignature(scores=frozenset({"1-0"})), story, WINDOW) is None
    assert veto(EventSignature(), story, WINDOW) is None


def test_signature_of_an_enriched_article() -> None:
    text = "بغداد - وصل البابا إلى بغداد في زيارة إلى العراق. " + "كلام " * 80 + "النجف"
    article = Article(
        text=text,
        places=(
            _place("بغداد", 0),
            _place("بغداد", 20),
            _place("العراق", 40),
            _place("النجف", 500),
        ),
        entities=(_person("البابا فرنسيس"), _person("فرنسيس", 60)),
    )
    found = signature(article)
    assert found.lead_places == {"بغداد"}
    assert found.places == {"بغداد", "العراق", "النجف"}
    assert found.lead_countries == {"XX"}
    assert found.person == "البابا فرنسيس"


def test_evidence_survives_its_json() -> None:
    evidence = _story(
        EventSignature(
            time=TimeSpan(0.0, DAY, 0.8),
            lead_places=frozenset({"بيروت"}),
            places=frozenset({"بيروت", "لبنان"}),
            lead_countries=frozenset({"LB"}),
            person="جوزيف عون",
            scores=frozenset({"1-0"}),
        )
    )
    again = StoryEvidence.from_json(evidence.to_json())
    assert again == evidence


def test_an_anniversary_lead_marks_a_commemoration() -> None:
    assert signature(Article(title="في الذكرى الثانية لزلزال الحوز", text="x")).commemoration
    marked = Article(text="بمناسبة مرور عامين على الزلزال، نظمت الجمعية وقفة")
    assert signature(marked).commemoration
    assert signature(Article(title="عام على انفجار المرفأ", text="x")).commemoration
    assert not signature(Article(title="زلزال يضرب الحوز", text="قتل 296 شخصا")).commemoration
    told = Article(title="x", text="ذكرت الوكالة أن الزلزال ضرب الإقليم")
    assert not signature(told).commemoration
    assert signature(Article(title="مؤتمر بعد عامين على هجمات بروكسل", text="x")).commemoration
    passing = Article(title="إسرائيل تغلق المعبر", text="أغلقت إسرائيل المعبر قبل ذكرى النكبة.")
    assert not signature(passing).commemoration
    trade = Article(title="210 مليارات تجارة السعودية مع فرنسا بـ 5 سنوات", text="x")
    assert not signature(trade).commemoration
    late = "x " * 200 + "في ذكرى الزلزال"
    assert not signature(Article(title="زلزال", text=late)).commemoration


def test_a_commemoration_and_the_event_it_recalls_veto_each_other() -> None:
    event = EventSignature()
    anniversary = EventSignature(commemoration=True)
    assert veto(anniversary, _story(event, event), WINDOW) == "commemoration"
    assert veto(event, _story(anniversary), WINDOW) == "commemoration"
    assert veto(anniversary, _story(anniversary, event), WINDOW) == "commemoration"  # a tie
    assert veto(anniversary, _story(anniversary, anniversary, event), WINDOW) is None
    assert veto(anniversary, _story(anniversary, anniversary), WINDOW) is None
    assert veto(event, StoryEvidence(), WINDOW) is None


def test_story_evidence_keeps_its_commemorations_when_stored() -> None:
    stored = StoryEvidence.from_json(_story(EventSignature(commemoration=True)).to_json())
    assert stored.commemoration() is True
    assert StoryEvidence.from_json("{}").commemoration() is None
