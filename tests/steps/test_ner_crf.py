"""The numpy CRF scorer against crfsuite itself, on a small model trained here."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from marsad.steps.ner_crf import CrfModel, CrfScorer
from marsad.steps.ner_features import FeatureExtractor, Lexicon
from marsad.steps.ner_neural import viterbi_paths

PEOPLE = ["محمد", "سامح", "شكري", "فرويد", "نادال"]
PLACES = ["القاهرة", "بيروت", "بغداد", "واشنطن", "بالرياض"]
FILLER = ["قال", "في", "إن", "الرئيس", "وزير", "أمس", "وصل", "إلى", "،", "."]


def _sentences(count: int, seed: int) -> list[tuple[list[str], list[str]]]:
    """Random sentences of filler words, people and places, with their BIO tags."""
    chooser = random.Random(seed)
    found: list[tuple[list[str], list[str]]] = []
    for _ in range(count):
        tokens: list[str] = []
        tags: list[str] = []
        for _ in range(chooser.randint(1, 9)):
            roll = chooser.random()
            if roll < 0.2:
                tokens.extend(chooser.sample(PEOPLE, 2))
                tags.extend(["B-PER", "I-PER"])
            elif roll < 0.35:
                tokens.append(chooser.choice(PLACES))
                tags.append("B-LOC")
            else:
                tokens.append(chooser.choice(FILLER))
                tags.append("O")
        found.append((tokens, tags))
    return found


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FeatureExtractor]:
    lexicon = Lexicon.from_entries([("LOC", "بغداد"), ("PER", "سامح شكري")], {})
    extractor = FeatureExtractor(lexicon)
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, tags in _sentences(120, seed=1):
        trainer.append(extractor.sentence_features(tokens), tags)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 60})
    path = tmp_path_factory.mktemp("crf") / "model.crfsuite"
    trainer.train(str(path))
    return path, extractor


def test_scores_are_the_sums_of_the_feature_weights(
    trained: tuple[Path, FeatureExtractor],
) -> None:
    path, extractor = trained
    model = CrfModel.from_crfsuite(path)
    sentences = [tokens for tokens, _ in _sentences(40, seed=2)]
    scores = CrfScorer(model, extractor).scores(sentences, {})
    for tokens, table in zip(sentences, scores, strict=True):
        expected = [model.total(row) for row in extractor.sentence_features(tokens)]
        np.testing.assert_allclose(table, np.array(expected), atol=1e-5)


def test_decoding_the_scores_gives_crfsuite_tags(
    trained: tuple[Path, FeatureExtractor], tmp_path: Path
) -> None:
    path, extractor = trained
    model = CrfModel.from_crfsuite(path)
    model.save(tmp_path / "crf.npz")
    loaded = CrfModel.load(tmp_path / "crf.npz")  # float16 weights
    reference = pycrfsuite.Tagger()
    reference.open(str(path))
    sentences = [tokens for tokens, _ in _sentences(60, seed=3)]
    scores = CrfScorer(loaded, extractor).scores(sentences, {})
    zeros = np.zeros(len(loaded.labels), dtype=np.float32)
    paths = viterbi_paths(scores, loaded.transitions, zeros, zeros)
    ours = [[loaded.labels[index] for index in path] for path in paths]
    theirs = [reference.tag(extractor.sentence_features(tokens)) for tokens in sentences]
    assert ours == theirs
    assert any("B-PER" in tags for tags in theirs)
