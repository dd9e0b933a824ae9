"""Canonical entities: alias linking, clitics, tagger spans, and the seed article."""

from __future__ import annotations

import pickle
from functools import cache
from pathlib import Path

import pytest

from marsad.model import Article
from marsad.resources import resource_path
from marsad.steps.entities import EntityLinker, load_actors, slug, with_entities
from marsad.steps.places import PlaceMatcher
from marsad.text.normalize import fold

SEED = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "fixtures"
    / ("000_de14d7a4effe693a.txt")
)


@cache
def linker() -> EntityLinker:
    return EntityLinker.load(places=PlaceMatcher.load())


def ids(text: str) -> list[str]:
    return [e.id for e in linker().link(text)]


def test_actors_file_is_consistent() -> None:
    actors = load_actors(resource_path("actors") / "actors.tsv")
    assert len(actors) >= 150
    known = {a.id for a in actors}
    assert len(known) == len(actors), "ids must be unique"
    for actor in actors:
        assert actor.successor is None or actor.successor in known, actor.id
    owners: dict[str, str] = {}
    for actor in actors:
        for alias in actor.aliases:
            key = fold(alias)
            assert owners.setdefault(key, actor.id) == actor.id, f"{alias} is ambiguous"


def test_isis_names_link_to_one_id() -> None:
    text = "هاجم تنظيم الدولة الإسلامية القرية، وقال مسؤول إن داعش انسحب"
    assert ids(text) == ["org:isis", "org:isis"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بداعش", "org:isis"),
        ("والتحالف الدولي", "org:global-coalition"),
        ("لقسد", "org:sdf"),
        ("للتحالف الدولي", "org:global-coalition"),
        ("وقوات سوريا الديمقراطية", "org:sdf"),
        ("مفوضية اللاجئين", "org:unhcr"),
    ],
)
def test_clitics(text: str, expected: str) -> None:
    assert ids(text) == [expected]


def test_longest_alias_wins() -> None:
    found = linker().link("المديرون السياسيون للتحالف الدولي لهزيمة داعش")
    assert [(e.text, e.id) for e in found] == [
        ("للتحالف الدولي لهزيمة داعش", "org:global-coalition")
    ]


def test_nusra_is_a_predecessor_of_hts() -> None:
    nusra = linker().actors["org:nusra"]
    assert nusra.successor == "org:hts"
    assert ids("جبهة النصرة وهيئة تحرير الشام") == ["org:nusra", "org:hts"]


def test_tagger_spans_get_ids() -> None:
    text = "التقى وزير الخارجية فلان الفلاني بوفد من والعراق"
    person = (text.index("فلان"), text.index("فلان") + len("فلان الفلاني"), "PER")
    place = (text.index("والعراق"), len(text), "LOC")
    found = linker().link(text, [person, place])
    assert [(e.type, e.id, e.name) for e in found] == [
        ("PER", "per:فلان-الفلاني", "فلان الفلاني"),
        ("LOC", "loc:99237", "العراق"),
    ]
    assert found[1].text == "العراق"


def test_same_unknown_name_gets_same_id_across_texts() -> None:
    first = linker().link("قال أحمد العلي", [(4, 14, "PER")])
    second = linker().link("وأحمد العلي", [(0, 11, "PER")])
    assert second[0].text == "أحمد العلي"
    assert first[0].id == second[0].id == f"per:{slug('أحمد العلي')}"


def test_alias_beats_overlapping_tagger_span() -> None:
    text = "أعلنت قسد السيطرة"
    found = linker().link(text, [(6, 9, "ORG")])
    assert [(e.id, e.name) for e in found] == [("org:sdf", "قسد")]


def test_linker_pickles() -> None:
    copy = pickle.loads(pickle.dumps(linker()))
    assert [e.id for e in copy.link("داعش")] == ["org:isis"]


def test_seed_article() -> None:
    if not SEED.exists():
        pytest.skip("seed fixture not available")
    text = SEED.read_text(encoding="utf-8")
    article = with_entities(Article(text=text), linker())
    names = {fold(e.name) for e in article.entities}
    for expected in ("داعش", "التحالف الدولي", "وزارة الخارجية الامريكية", "قسد"):
        assert fold(expected) in names
    for entity in article.entities:
        assert text[entity.start : entity.end] == entity.text


def _tagged(text: str, *names: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Tagger spans for each (name, type), at the name's first place in `text`."""
    return [(text.index(name), text.index(name) + len(name), kind) for name, kind in names]


@pytest.mark.parametrize(
    "formula",
    ["الله", "اللَّه", "سبحانه وتعالى", "الله تعالى", "صلى الله عليه وسلم", "عز وجل"],
)
def test_religious_formulae_are_no_entities(formula: str) -> None:
    text = f"وقال الخطيب إن {formula} أمر بالعدل"
    assert linker().link(text, _tagged(text, (formula, "PER"))) == []


def test_a_formula_glued_to_a_clitic_is_no_entity() -> None:
    text = "أقسم بالله إنه صادق"
    assert linker().link(text, _tagged(text, ("بالله", "PER"))) == []


def test_names_holding_allah_are_kept() -> None:
    text = "التقى عبد الله الفلاني وفد أنصار الله وحزب الله"
    found = linker().link(text, _tagged(text, ("عبد الله الفلاني", "PER")))
    assert [e.id for e in found] == [
        f"per:{slug('عبد الله الفلاني')}",
        "org:houthis",
        "org:hezbollah",
    ]


def test_bare_titles_are_no_entities_but_titled_names_are() -> None:
    text = "قال الرئيس إن الرئيس فلان الفلاني سيزور"
    spans = [(4, 10, "PER"), (text.rindex("الرئيس"), text.rindex("الرئيس") + 6, "PER")]
    spans.append(_tagged(text, ("فلان الفلاني", "PER"))[0])
    assert [e.name for e in linker().link(text, spans)] == ["فلان الفلاني"]


def test_partial_person_names_join_the_full_name_of_the_document() -> None:
    text = "أعلن خالد محفوظ بحاح استقالته. وقال خالد بحاح إن بحاح لن يعود"
    first = text.index("خالد محفوظ بحاح")
    second = text.index("خالد بحاح")
    third = text.rindex("بحاح")
    spans = [(first, first + 15, "PER"), (second, second + 9, "PER"), (third, third + 4, "PER")]
    found = linker().link(text, spans)
    full = f"per:{slug('خالد محفوظ بحاح')}"
    assert [(e.id, e.name) for e in found] == [(full, "خالد محفوظ بحاح")] * 3
    assert [e.text for e in found] == ["خالد محفوظ بحاح", "خالد بحاح", "بحاح"]


def test_a_partial_name_shared_by_two_people_stays_apart() -> None:
    text = "التقى محمد مرسي ومحمد العلي ثم قال محمد إن"
    spans = _tagged(text, ("محمد مرسي", "PER"), ("محمد العلي", "PER"))
    alone = text.rindex("محمد")
    found = linker().link(text, [*spans, (alone, alone + 4, "PER")])
    assert [e.id for e in found] == [
        f"per:{slug('محمد مرسي')}",
        f"per:{slug('محمد العلي')}",
        f"per:{slug('محمد')}",
    ]


def test_a_partial_name_alone_keeps_its_own_id() -> None:
    assert linker().link("قال بحاح", [(4, 8, "PER")])[0].id == f"per:{slug('بحاح')}"


def test_a_curated_person_is_never_renamed() -> None:
    text = "قال علي خامنئي إن خامنئي علي الكبير"
    spans = _tagged(text, ("خامنئي علي الكبير", "PER"))
    found = linker().link(text, spans)
    assert found[0].id == "per:khamenei"
