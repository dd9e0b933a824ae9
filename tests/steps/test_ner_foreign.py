"""The foreign-name letter model: trained here on small word lists, and the shipped one."""

from __future__ import annotations

from pathlib import Path

from marsad.steps.ner import FOREIGN_FILE, RESOURCES
from marsad.steps.ner_foreign import ForeignNameModel, ngrams

FOREIGN = ["فرويد", "نادال", "رافايل", "يوكانان", "ديديه", "كونيتسين", "ميكلسون", "هانتيلار"]
NATIVE = ["الحكومه", "قال", "مستشفى", "المتحده", "الاجتماع", "وزاره", "يعملون", "مدرسه"]


def test_ngrams_mark_the_word_boundaries() -> None:
    grams = ngrams("قال")
    assert "^ق" in grams
    assert "ال$" in grams
    assert "^قال" in grams
    assert all(2 <= len(gram) <= 4 for gram in grams)


def test_trained_model_separates_the_two_lists_and_round_trips(tmp_path: Path) -> None:
    model = ForeignNameModel.train(FOREIGN, NATIVE)
    assert model.score("فرويد") > 0 > model.score("الحكومه")
    path = tmp_path / "foreign.tsv.gz"
    model.save(path)
    loaded = ForeignNameModel.load(path)
    assert abs(loaded.score("نادال") - model.score("نادال")) < 0.01
    assert loaded.band("xyz") == "f2"  # nothing known: neutral band


def test_shipped_model_ranks_unseen_foreign_names_above_common_words() -> None:
    model = ForeignNameModel.load(RESOURCES / FOREIGN_FILE)
    foreign = ["ترامب", "شارابوفا", "ايبواه", "تريزيغيه"]
    native = ["الحكومه", "المفاوضات", "مستمره", "الاجتماع"]
    assert min(model.score(word) for word in foreign) > max(model.score(word) for word in native)
