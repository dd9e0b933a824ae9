"""Output rules of the named-entity tagger: religious formulae, titles, institutions."""

from __future__ import annotations

import pytest

from marsad.steps.ner import NerTagger
from marsad.steps.ner_features import core_form
from marsad.steps.ner_rules import drop_formulae, strip_titles, tag_institutions


def _cores(text: str) -> list[str]:
    return [core_form(token) for token in text.split()]


def test_a_span_of_formula_words_is_dropped() -> None:
    cores = _cores("قال الله تعالى في كتابه")
    assert drop_formulae(cores, ["O", "B-MISC", "I-MISC", "O", "O"]) == ["O"] * 5
    cores = _cores("صلى الله عليه وسلم")
    assert drop_formulae(cores, ["B-MISC", "I-MISC", "I-MISC", "I-MISC"]) == ["O"] * 4


def test_names_that_contain_a_formula_word_are_kept() -> None:
    cores = _cores("قال عبد الله إن حزب الله")
    tags = ["O", "B-PER", "I-PER", "O", "B-ORG", "I-ORG"]
    assert drop_formulae(cores, tags) == tags


def test_a_title_is_cut_off_a_person_name() -> None:
    cores = _cores("قال الرئيس دونالد ترامب")
    tags = ["O", "B-PER", "I-PER", "I-PER"]
    assert strip_titles(cores, tags) == ["O", "O", "B-PER", "I-PER"]
    cores = _cores("التقى الشيخ الدكتور يوسف القرضاوي")
    tags = ["O", "B-PER", "I-PER", "I-PER", "I-PER"]
    assert strip_titles(cores, tags) == ["O", "O", "O", "B-PER", "I-PER"]


def test_a_lone_title_tagged_as_a_person_is_left_to_the_model() -> None:
    cores = _cores("وصل الرئيس")
    assert strip_titles(cores, ["O", "B-PER"]) == ["O", "B-PER"]
    assert strip_titles(cores, ["O", "B-ORG"]) == ["O", "B-ORG"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلنت وزارة الشؤون البلدية والقروية أمس", "O B-ORG I-ORG I-ORG I-ORG O"),
        ("التقى بوزارة الخارجية وفدا", "O B-ORG I-ORG O"),
        ("بحسب المرصد السوري لحقوق الإنسان في لندن", "O B-ORG I-ORG I-ORG I-ORG O O"),
        ("مع الاتحاد السعودي لكرة القدم", "O B-ORG I-ORG I-ORG I-ORG"),
        ("اجتمع المجلس العسكري أمس", "O O O O"),  # a definite head needs two complements
        ("برئاسة الوزير وبقيادة الجيش", "O O O O"),
        ("قالت وزارة في بيان", "O O O O"),  # no complement, no name
        ("مجلس الإدارة الجديد", "O O O"),
        ("ونقلت وكالة الأنباء عن مصدر", "O O O O O"),  # too generic to end a name
        ("ذكرت وكالة الأنباء السورية أن", "O B-ORG I-ORG I-ORG O"),
    ],
)
def test_institutions_are_named_by_head_and_complements(text: str, expected: str) -> None:
    cores = _cores(text)
    assert tag_institutions(cores, ["O"] * len(cores)) == expected.split()


def test_an_entity_after_a_head_is_left_as_the_model_found_it() -> None:
    cores = _cores("أعلنت شركة مايكروسوفت الأمريكية")
    tags = ["O", "O", "B-ORG", "O"]
    assert tag_institutions(cores, tags) == tags


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


def test_the_shipped_tagger_never_returns_god_as_an_entity(tagger: NerTagger) -> None:
    text = "وقال الإمام إن الله سبحانه وتعالى أمر بالعدل، والحمد لله، صلى الله عليه وسلم."
    found = [text[start:end] for start, end, _ in tagger.find_entities(text)]
    assert not [span for span in found if "الله" in span or "لله" in span]


def test_the_shipped_tagger_keeps_titles_outside_and_names_ministries(tagger: NerTagger) -> None:
    text = "واستقبل الأمير محمد بن سلمان في الرياض أمس وفدا من وزارة الخارجية الأمريكية"
    found = [(text[start:end], kind) for start, end, kind in tagger.find_entities(text)]
    assert ("محمد بن سلمان", "PER") in found
    assert ("وزارة الخارجية الأمريكية", "ORG") in found
    assert not [span for span, _ in found if span.startswith("الأمير")]


def test_rules_can_be_switched_off(tagger: NerTagger) -> None:
    tokens = ["وقال", "إن", "الله", "غفور"]
    plain = NerTagger.load()
    plain.rules = False
    assert tagger.tag(tokens)[2] == "O"
    assert len(plain.tag(tokens)) == len(tokens)
