"""Places: gazetteer matching, clitics, homonyms, stoplist, and the seed article."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from support.floors import floor

from marsad.model import Article
from marsad.steps.places import PlaceMatcher, clitic_variants, with_places

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
# Agreement with ANERcorp's LOC spans (a place overlapping a LOC span counts). The
# gazetteer's automatic stoplist uses word counts from this corpus, so these figures are
# optimistic; the floors (tests/quality_floors.json, "places_anercorp") sit a little
# below what the matcher reaches and may only rise. LOC also covers regions, rivers and
# landmarks that a gazetteer of populated places does not hold, which caps recall.
SEED = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "fixtures"
    / ("000_de14d7a4effe693a.txt")
)


@cache
def matcher() -> PlaceMatcher:
    return PlaceMatcher.load()


def names(text: str) -> list[tuple[str, str, str]]:
    return [(p.text, p.name, p.country) for p in matcher().find(text)]


def test_countries_and_cities_resolve() -> None:
    found = names("اجتماع في إيطاليا بشأن العراق وسوريا ولبنان، وزيارة إلى بغداد ودمشق")
    assert [n[2] for n in found] == ["IT", "IQ", "SY", "LB", "IQ", "SY"]


@pytest.mark.parametrize(
    ("text", "written", "country"),
    [
        ("بالعراق", "العراق", "IQ"),
        ("وسوريا", "سوريا", "SY"),
        ("للعراق", "للعراق", "IQ"),  # ل + ال: the merged letters stay in the span
        ("وبالموصل", "الموصل", "IQ"),
        ("بغداد", "بغداد", "IQ"),  # not ب + غداد
        ("في دير الزور", "دير الزور", "SY"),
        ("سورية", "سورية", "SY"),
        ("في محافظة إدلب", "محافظة إدلب", "SY"),
    ],
)
def test_clitics(text: str, written: str, country: str) -> None:
    found = names(text)
    assert [(w, c) for w, _, c in found] == [(written, country)]


def test_offsets_point_into_raw_text() -> None:
    text = "وقصفت الطائرات بَلْدَةَ القريتين ومدينة حِمْص"
    for place in matcher().find(text):
        assert text[place.start : place.end] == place.text


def test_well_known_syrian_places() -> None:
    text = "في الرقة ودير الزور وإدلب وعفرين ودوما والقريتين وحمص"
    assert [n for _, n, _ in names(text)] == [
        "الرقة",
        "دير الزور",
        "إدلب",
        "عفرين",
        "دوما",
        "القريتين",
        "حمص",
    ]


def test_homonym_prefers_country_named_in_text() -> None:
    # عمان is Oman (a country) and Amman (Jordan's capital).
    assert names("وصل الوفد إلى عمان")[0][2] == "OM"
    assert names("وصل الوفد الأردني إلى عمان قادما من الأردن")[0][2] == "JO"
    # رفح exists in Egypt and in Palestine.
    assert names("معبر رفح بين غزة ومصر")[0][2] in ("PS", "EG")
    assert names("في رفح جنوب قطاع غزة")[0][2] == "PS"


def test_homonym_rules_from_rank_and_context() -> None:
    assert names("وصل إلى لبنان")[0][2] == "LB"  # a country beats a US town
    assert names("زار واشنطن ثم لبنان")[1][2] == "LB"  # even with the US in context
    assert names("اشتباكات في طرابلس")[0][2] == "LY"  # the capital beats a provincial seat
    assert names("اشتباكات في طرابلس شمال لبنان")[0][2] == "LB"
    assert names("وصل إلى الرياض")[0][2] == "SA"  # not the Egyptian village


def test_ordinary_words_are_not_read_as_places() -> None:
    text = "قالت لجنة كبيرة في بلاد بعيدة إن ورقة الصور ستون"
    assert names(text) == []


def test_stoplist_needs_a_cue_or_tagger() -> None:
    # الباب (al-Bab, and "the door") needs any place cue, في or إلى will do.
    assert names("فتح الباب أمام المفاوضات") == []
    assert names("سيطرت القوات على مدينة الباب")[0][1] == "الباب"
    assert names("وصلت القوات إلى الباب")[0][1] == "الباب"
    # الثورة (an old name of al-Thawrah/Tabqa, and "the revolution") needs a place-type cue.
    assert names("انتصرت الثورة") == []
    assert names("دعا إلى الثورة") == []
    assert names("في مدينة الثورة")[0][2] == "SY"
    text = "دخلوا الثورة"
    spans = [(text.index("الثورة"), len(text), "LOC")]
    assert [p.country for p in matcher().find(text, spans)] == ["SY"]


def test_names_inside_organisations_are_hidden_when_spans_given() -> None:
    text = "قالت قوات سوريا الديمقراطية"
    assert names(text)  # without spans, سوريا is read as a place
    assert matcher().find(text, [(5, len(text), "ORG")]) == []


def test_clitic_variants_keep_the_word_first() -> None:
    assert clitic_variants("بغداد")[0] == ("بغداد", "")
    assert ("العراق", "") in clitic_variants("للعراق")


def test_matcher_pickles() -> None:
    copy = pickle.loads(pickle.dumps(matcher()))
    assert [p.name for p in copy.find("في بغداد")] == ["بغداد"]


def test_seed_article() -> None:
    if not SEED.exists():
        pytest.skip("seed fixture not available")
    text = SEED.read_text(encoding="utf-8")
    article = with_places(Article(text=text), matcher())
    found = {p.name for p in article.places}
    assert {"العراق", "سوريا", "بغداد", "إيطاليا"} <= found
    baghdad = next(p for p in article.places if p.name == "بغداد")
    assert baghdad.lat == pytest.approx(33.34, abs=0.05)
    assert baghdad.lon == pytest.approx(44.40, abs=0.05)
    written = {p.text for p in article.places}
    assert not written & {"التحالف", "النصر", "بين"}
    for place in article.places:
        assert text[place.start : place.end] == place.text


def _conll_sentences(path: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Sentences joined with spaces, and the character spans of their LOC entities."""
    text = ""
    spans: list[tuple[int, int]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if text:
                yield text, spans
            text, spans = "", []
            continue
        token, tag = line.split("\t")
        start = len(text) + (1 if text else 0)
        text = f"{text} {token}" if text else token
        if tag == "B-LOC":
            spans.append((start, len(text)))
        elif tag == "I-LOC" and spans and spans[-1][1] == start - 1:
            spans[-1] = (spans[-1][0], len(text))


@pytest.mark.slow
def test_agreement_with_tagged_locations() -> None:
    path = DATA / "anercorp" / "train.conll"
    if not path.exists():
        pytest.skip("ANERcorp not available")
    gold = found = gold_hit = found_hit = 0
    for text, spans in _conll_sentences(path):
        places = matcher().find(text)
        gold += len(spans)
        found += len(places)
        gold_hit += sum(any(p.start < e and s < p.end for p in places) for s, e in spans)
        found_hit += sum(any(p.start < e and s < p.end for s, e in spans) for p in places)
    print(f"LOC recall {gold_hit / gold:.3f}, precision {found_hit / found:.3f}")
    assert gold_hit / gold >= floor("places_anercorp", "loc_recall")
    assert found_hit / found >= floor("places_anercorp", "loc_precision")


def test_a_common_word_that_names_a_small_town_abroad_needs_a_place_cue() -> None:
    matcher = PlaceMatcher.load()
    text = "كان يشكو من ألم في القلب"
    assert [p.name for p in matcher.find(text)] == []


def test_a_country_named_like_its_capital_is_the_country() -> None:
    matcher = PlaceMatcher.load()
    found = matcher.find("اعتقل مشتبه بهم من ليبيا والجزائر وتونس")
    assert [(p.name, p.country) for p in found] == [
        ("ليبيا", "LY"),
        ("الجزائر", "DZ"),
        ("تونس", "TN"),
    ]
    algeria = found[1]
    # A country is an area: its label point, not its capital (Algiers is at 36.7, 3.1).
    assert algeria.kind == "country"
    assert (round(algeria.lat), round(algeria.lon)) == (27, 3)


def test_a_clitic_is_not_stripped_to_reach_a_small_town_abroad() -> None:
    matcher = PlaceMatcher.load()
    assert matcher.find("وترمز لهذا المستقبل ناجية") == []
