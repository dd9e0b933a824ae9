"""Quantities: unit tests on written forms, and a quality gate on real news sentences.

The gold set (data/quantities_gold.jsonl) points at sentences of real articles by
corpus, article id and character offsets; the texts stay in the shared data folder
because their licenses do not allow copying them here. Each line lists every count
in the sentence that a reader would want: value, unit, kind. Conventions of the
annotation: people of any description are `people` unless a more specific unit
applies (children, fighters for militants of any side, soldiers for army and police,
refugees, detainees…); vague plurals count as their lower bound (عشرات = 10); money is
`currency` with no kind; years, dates, ages, durations, percentages and labels (حي 400)
are not quantities; nouns in the dual without a number word (ضابطان) are out of scope;
a count of refugees without an event is `displaced`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_refs import corpora_available, load_rows
from support.floors import floor

from marsad.model import Article
from marsad.steps.quantities import find_quantities, with_quantities

GOLD = Path(__file__).parent / "data" / "quantities_gold.jsonl"
DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

# Floors a little below what the current rules reach (see the test output), in
# tests/quality_floors.json ("quantities"); they may only be raised.


def _one(text: str) -> tuple[float, str | None, str | None]:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0].value, found[0].unit, found[0].kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("نزح نحو 400 ألف شخص من منازلهم", (400000, "people", "displaced")),
        ("نحو 400 ألف شخص نزحوا من لبنان إلى سوريا", (400000, "people", "displaced")),
        ("أعلنت الشرطة اعتقال 12 شخصا", (12, "people", "arrested")),
        ("لقي 7 جنود حتفهم في الهجوم", (7, "soldiers", "killed")),
        ("ما زال 300 شخص مفقودين", (300, "people", "missing")),
        ("عاد أكثر من ألفي لاجئ إلى بلداتهم", (2000, "refugees", "returned")),
        ("شنت الطائرات ٣٠ غارة على المدينة", (30, "airstrikes", None)),
        ("بلغت الكلفة 2.5 مليون دولار", (2.5e6, "currency", None)),
        ("أسفر القصف عن مقتل خمسة أطفال", (5, "children", "killed")),
        ("أصيب عشرات الآلاف بجروح", (10000, "people", "injured")),
    ],
)
def test_written_forms(text: str, expected: tuple[float, str, str | None]) -> None:
    assert _one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "قتل في عام 2017 خلال المعارك",  # a year
        "ارتفعت الأسعار 20 في المئة",  # a percentage
        "تبنى مجلس الأمن القرار 2254 بالإجماع",  # a resolution number
        "استمرت المعركة 40 دقيقة",  # a duration
        "بدأت الاشتباكات في 15 آذار",  # a date
        "تفشي وباء كوفيد-19",  # part of a name
        "قتل شاب يبلغ 29 عاما",  # an age
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_offsets_point_into_raw_text() -> None:
    text = "وقالت المصادر إن نحو ٤٠٠ ألف شخص نزحوا"
    (found,) = find_quantities(text)
    assert text[found.start : found.end] == found.text == "نحو ٤٠٠ ألف شخص"


def test_step_fills_article() -> None:
    article = with_quantities(Article(text="قتل 25 مدنيا وأصيب 40 آخرون"))
    assert [(q.value, q.kind) for q in article.quantities] == [(25, "killed"), (40, "injured")]


def _score() -> dict[str, float]:
    gold_total = predicted_total = matched = unit_ok = kind_ok = 0
    for item in load_rows(GOLD):
        predicted = find_quantities(item["sentence"])
        gold = item["quantities"]
        gold_total += len(gold)
        predicted_total += len(predicted)
        unused = list(predicted)
        for expected in gold:
            hit = next((p for p in unused if abs(p.value - expected["value"]) < 1e-6), None)
            if hit is None:
                continue
            unused.remove(hit)
            matched += 1
            unit_ok += hit.unit == expected["unit"]
            kind_ok += hit.kind == expected["kind"]
    return {
        "recall": matched / gold_total,
        "precision": matched / predicted_total,
        "unit": unit_ok / matched,
        "kind": kind_ok / matched,
        "gold": gold_total,
    }


@pytest.mark.slow
def test_quality_on_real_news() -> None:
    if not corpora_available():
        pytest.skip("shared news corpora not available")
    scores = _score()
    print(scores)
    assert scores["gold"] >= 60
    assert scores["recall"] >= floor("quantities", "recall")
    assert scores["precision"] >= floor("quantities", "precision")
    assert scores["unit"] >= floor("quantities", "unit_accuracy")
    assert scores["kind"] >= floor("quantities", "kind_accuracy")
