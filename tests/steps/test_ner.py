"""The named-entity tagger: scoring function, shipped model, CoNLL I/O, offsets, pickling.

The models' quality on ANERcorp is gated by cross-validation (`scripts/train_ner.py`,
`scripts/train_ner_neural.py`, `scripts/cv_ner.py`; a model cannot be honestly
re-scored on its own training data). Here it is scored on
news it has never seen: sentences from SaudiNewsNet (2015 Saudi newspapers), annotated
by hand with ANERcorp's conventions (titles and nationality adjectives are not part
of names; a clitic glued to a name is inside it), in `data/ner_gold_news.conll`.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from support.floors import floor

from marsad.steps.ner import NerTagger, repair_bio, split_sentences, tag_conll
from marsad.steps.ner_eval import chunks, evaluate
from marsad.steps.ner_features import core_form, shape, strip_clitics

GOLD_NEWS = Path(__file__).resolve().parent / "data" / "ner_gold_news.conll"
# Entity-level micro F1 of the shipped model on GOLD_NEWS: its floor, the measured
# score and the reason are in tests/quality_floors.json ("ner_news").


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


def read_gold(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            token, tag = line.split("\t")
            tokens.append(token)
            tags.append(tag)
        elif tokens:
            sentences.append((tokens, tags))
            tokens, tags = [], []
    return sentences


# --- the scoring function, on hand-made cases ---------------------------------------


def test_chunks_reads_bio_like_conlleval() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "B-ORG", "I-PER"]
    assert chunks(tags) == [
        (0, 2, "PER"),
        (3, 5, "LOC"),
        (5, 6, "ORG"),
        (6, 7, "ORG"),
        (7, 8, "PER"),
    ]


def test_chunks_type_change_inside_starts_a_new_entity() -> None:
    assert chunks(["B-PER", "I-LOC", "I-LOC"]) == [(0, 1, "PER"), (1, 3, "LOC")]
    assert chunks(["O", "O"]) == []
    assert chunks(["B-MISC"]) == [(0, 1, "MISC")]


def test_evaluate_counts_exact_span_and_type_only() -> None:
    gold = ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG"]
    predicted = ["B-PER", "I-PER", "O", "B-ORG", "O", "B-ORG", "O"]  # 1 right, 2 wrong
    report = evaluate([(gold, predicted)])
    overall = report.score()
    assert (overall.correct, overall.predicted, overall.gold) == (1, 3, 3)
    assert overall.precision == pytest.approx(1 / 3)
    assert overall.f1 == pytest.approx(1 / 3)
    assert report.score("PER").f1 == 1.0
    assert report.score("LOC").recall == 0.0
    assert report.score("ORG").precision == 0.0


def test_evaluate_perfect_and_empty() -> None:
    tags = ["B-LOC", "O", "B-PER", "I-PER"]
    assert evaluate([(tags, tags)]).score().f1 == 1.0
    assert evaluate([(["O"], ["O"])]).score().f1 == 0.0
    with pytest.raises(ValueError):
        evaluate([(["O"], ["O", "O"])])


def test_repair_bio_starts_orphan_inside_tags() -> None:
    assert repair_bio(["O", "I-PER", "I-PER", "I-LOC", "B-ORG", "I-ORG"]) == [
        "O", "B-PER", "I-PER", "B-LOC", "B-ORG", "I-ORG",
    ]  # fmt: skip


# --- features ------------------------------------------------------------------------


def test_feature_helpers_on_arabic_words() -> None:
    assert core_form("(د") == "د"
    assert core_form("«الرياض»") == "الرياض"
    assert "القاهره" in strip_clitics("بالقاهره")
    assert "الرئيس" in strip_clitics("للرئيس")
    assert "واشنطن" in strip_clitics("وواشنطن")
    assert shape("2015") == "D"
    assert shape("STC") == "L"
    assert shape("(د") == "PA"


# --- the shipped model ---------------------------------------------------------------


def test_shipped_model_loads(tagger: NerTagger) -> None:
    assert tagger.combined  # the network ships beside the CRF
    assert tagger.tag(["في", "القاهرة"])[0] == "O"
    assert len(tagger.lexicon.clusters) > 1000
    assert tagger.lexicon.names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قال الرئيس الأمريكي دونالد ترامب في واشنطن إن المفاوضات مستمرة",
            [("دونالد ترامب", "PER"), ("واشنطن", "LOC")],
        ),
        (
            "قال الرئيس الأمريكي في واشنطن إن المفاوضات مستمرة",
            [("واشنطن", "LOC")],
        ),
        (
            "وأعلنت منظمة الصحة العالمية في جنيف عن حملة جديدة",
            [("منظمة الصحة العالمية", "ORG"), ("جنيف", "LOC")],
        ),
        (
            "التقى وزير الخارجية المصري سامح شكري نظيره الفرنسي في باريس أمس",
            [("سامح شكري", "PER"), ("باريس", "LOC")],
        ),
    ],
)
def test_obvious_entities_in_handwritten_sentences(
    tagger: NerTagger, text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(text[start:end], kind) for start, end, kind in tagger.find_entities(text)]
    for entity in expected:
        assert entity in found


def test_quality_on_hand_annotated_news(tagger: NerTagger) -> None:
    gold = read_gold(GOLD_NEWS)
    assert len(gold) >= 15
    predicted = tagger.tag_sentences([tokens for tokens, _ in gold])
    report = evaluate((tags, guess) for (_, tags), guess in zip(gold, predicted, strict=True))
    assert report.score().gold >= 50
    assert report.score().f1 >= floor("ner_news", "f1")


# --- raw text and CoNLL --------------------------------------------------------------


def test_find_entities_offsets_point_into_the_raw_text(tagger: NerTagger) -> None:
    text = "  وصل الرئيسُ إلى القاهرةِ.\nثم غادر إلى عمّان!"
    spans = tagger.find_entities(text)
    places = [text[start:end] for start, end, kind in spans if kind == "LOC"]
    assert "القاهرةِ" in places
    for start, end, _ in spans:
        assert text[start:end].strip() == text[start:end]


def test_split_sentences_splits_punctuation_and_lines() -> None:
    text = "قال: «نعم»؟ ثم ذهب\nإلى بيروت."
    sentences = split_sentences(text)
    assert [[token for token, _, _ in sentence] for sentence in sentences] == [
        ["قال", ":", "«", "نعم", "»", "؟"],
        ["ثم", "ذهب"],
        ["إلى", "بيروت", "."],
    ]
    for sentence in sentences:
        for token, start, end in sentence:
            assert text[start:end] == token


def test_conll_round_trip_keeps_blank_lines_and_order(tagger: NerTagger) -> None:
    lines = ["وصل\tO", "أوباما\tB-PERS", "إلى", "برلين", "", "", "ثم عاد x", "-DOCSTART- -X-", "."]
    output = list(tag_conll(lines, tagger))
    assert len(output) == len(lines)
    assert ["" if not line.strip() else line.split()[0] for line in lines] == [
        line.split("\t")[0] for line in output
    ]
    for line in output:
        if line:
            _, tag = line.split("\t")
            assert tag == "O" or tag[:2] in ("B-", "I-")
            assert tag[2:] in ("", "PER", "ORG", "LOC", "MISC")
    assert output[4] == output[5] == ""


def test_pickle_round_trip_tags_the_same(tagger: NerTagger) -> None:
    text = "استقبل الملك سلمان بن عبدالعزيز في الرياض وفدا من جامعة الدول العربية"
    clone = pickle.loads(pickle.dumps(tagger))
    assert clone.find_entities(text) == tagger.find_entities(text)
    assert clone.find_entities(text)


def test_empty_sentences_keep_their_place(tagger: NerTagger) -> None:
    tagged = tagger.tag_sentences([[], ["وصل", "إلى", "القاهرة"], []])
    assert tagged[0] == tagged[2] == []
    assert tagged[1][2] == "B-LOC"
    assert tagger.tag_sentences([]) == []


def test_a_very_long_unpunctuated_line_is_tagged_whole(tagger: NerTagger) -> None:
    tokens = ["وصل", "الوفد", "إلى", "القاهرة", "ثم", "😀", "CNN"] * 700
    tags = tagger.tag(tokens)
    assert len(tags) == len(tokens)
    assert tags[3] == "B-LOC"
    assert all(tag == "O" or tag[:2] in ("B-", "I-") for tag in tags)


def test_documents_tagged_together_are_tagged_as_if_alone(tagger: NerTagger) -> None:
    gold = read_gold(GOLD_NEWS)
    documents = [[tokens for tokens, _ in gold[start : start + 5]] for start in (0, 5, 10)]
    together = tagger.tag_documents(documents)
    assert together == [tagger.tag_sentences(document) for document in documents]
    texts = [" ".join(" ".join(tokens) for tokens in document) for document in documents]
    assert tagger.find_entities_in(texts) == [tagger.find_entities(text) for text in texts]
    assert tagger.find_entities_in([]) == []
