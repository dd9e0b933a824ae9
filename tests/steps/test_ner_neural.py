"""The numpy runtime of the neural named-entity network: export format, batched Viterbi,
per-word encoding.

The network here is tiny and random (synthetic weights of the right shapes), so these
tests check the machinery, not the quality; the port's equality with the PyTorch
network is checked when training (`scripts/train_ner_neural.py`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from marsad.steps.ner_encoding import (
    MAX_CHARS,
    POSITION_FLAGS,
    TAGS,
    WORD_FLAGS,
    Encoder,
    FloatArray,
    Vocabulary,
    WordBatch,
)
from marsad.steps.ner_features import Lexicon, core_form, shape
from marsad.steps.ner_neural import NeuralNetwork, load_model, save_model, viterbi_paths

SENTENCES = [
    ["وصل", "الرئيس", "محمد", "علي", "إلى", "باريس", "أمس", "."],
    ["باريس"],
    ["قال", "محمد", "علي", "في", "وباريس", "إن", "باريس", "جميلة", "2015"],
    [],
    ["الأمم", "المتحدة"],
]
GAZETTEER = [("LOC", "باريس"), ("PER", "محمد علي"), ("ORG", "الامم المتحده")]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    tokens = sorted({token for tokens in SENTENCES for token in tokens})
    words = sorted({core_form(token) for token in tokens[::2]})  # some words stay unknown
    chars = sorted({char for token in tokens for char in core_form(token)})
    shapes = sorted({shape(token) for token in tokens})
    head = ["<pad>", "<unk>"]
    return Vocabulary.from_lists([*head, *words], [*head, *chars], [*head, *shapes])


@pytest.fixture(scope="module")
def encoder(vocabulary: Vocabulary) -> Encoder:
    return Encoder(vocabulary, Lexicon.from_entries(GAZETTEER, {}))


def random_weights(
    vocabulary: Vocabulary, seed: int = 0, hidden: int = 6
) -> dict[str, npt.NDArray[np.float32]]:
    """Synthetic weights with the shapes the training script exports."""
    rng = np.random.default_rng(seed)
    dims, char_dim, filters, shape_dim, tags = 5, 4, 7, 3, len(TAGS)
    inputs = 2 * dims + filters + shape_dim + WORD_FLAGS + POSITION_FLAGS
    shapes = {
        "word_embedding": (len(vocabulary.words), dims),
        "char_embedding": (len(vocabulary.chars), char_dim),
        "char_conv": (filters, char_dim, 3),
        "char_conv_bias": (filters,),
        "shape_embedding": (len(vocabulary.shapes), shape_dim),
        "output": (tags, 2 * hidden),
        "output_bias": (tags,),
        "crf_transitions": (tags, tags),
        "crf_start": (tags,),
        "crf_end": (tags,),
    }
    for side in ("forward", "backward"):
        shapes |= {
            f"ih_{side}": (4 * hidden, inputs),
            f"hh_{side}": (4 * hidden, hidden),
            f"bias_{side}": (4 * hidden,),
        }
    return {name: rng.normal(0.0, 0.5, size).astype(np.float32) for name, size in shapes.items()}


def reference_viterbi(
    emissions: FloatArray, transitions: FloatArray, start: FloatArray, end: FloatArray
) -> list[int]:
    """The textbook Viterbi over one sentence, in float64."""
    score = start.astype(np.float64) + emissions[0]
    back: list[npt.NDArray[np.int64]] = []
    for row in emissions[1:]:
        total = score[:, None] + transitions
        back.append(total.argmax(axis=0))
        score = total.max(axis=0) + row
    path = [int((score + end).argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


def rows_of(batch: WordBatch, row: int) -> tuple[object, ...]:
    """Everything the batch holds about one distinct word."""
    return (
        int(batch.word_ids[row]),
        int(batch.bare_ids[row]),
        batch.char_ids[row].tolist(),
        int(batch.shape_ids[row]),
        batch.flags[row].tolist(),
    )


def test_save_and_load_give_identical_scores(
    tmp_path: Path, vocabulary: Vocabulary, encoder: Encoder
) -> None:
    network = NeuralNetwork(random_weights(vocabulary))
    path = tmp_path / "neural.npz"
    save_model(path, network.weights, vocabulary)
    loaded, read_vocabulary = load_model(path)
    assert read_vocabulary == vocabulary
    batch = Encoder(read_vocabulary, encoder.lexicon).encode(SENTENCES)
    before, after = network.scores(batch), loaded.scores(batch)
    assert [len(scores) for scores in after] == [len(tokens) for tokens in SENTENCES]
    assert all(scores.shape[1:] == (len(TAGS),) for scores in after)
    for old, new in zip(before, after, strict=True):
        np.testing.assert_array_equal(old, new)
    assert loaded.tag(batch) == network.tag(batch)
    for name in ("transitions", "start", "end"):
        np.testing.assert_array_equal(getattr(loaded, name), getattr(network, name))


def test_batched_viterbi_equals_per_sentence_viterbi() -> None:
    rng = np.random.default_rng(1)
    count = len(TAGS)
    transitions = rng.normal(size=(count, count)).astype(np.float32)
    start, end = (rng.normal(size=count).astype(np.float32) for _ in range(2))
    lengths = [1, 7, 3, 1, 12, 0, 7, 2, 1, 5]
    emissions = [rng.normal(0.0, 2.0, (length, count)).astype(np.float32) for length in lengths]
    paths = viterbi_paths(emissions, transitions, start, end)
    assert [len(path) for path in paths] == lengths
    for scores, path in zip(emissions, paths, strict=True):
        if len(scores):
            assert path == reference_viterbi(scores, transitions, start, end)
    assert viterbi_paths([], transitions, start, end) == []
    only_one = viterbi_paths(emissions[4:5], transitions, start, end)
    assert only_one == paths[4:5]


def test_network_decodes_its_scores_with_its_crf(vocabulary: Vocabulary, encoder: Encoder) -> None:
    network = NeuralNetwork(random_weights(vocabulary, seed=2))
    batch = encoder.encode(SENTENCES)
    paths = network.paths(batch)
    for scores, path in zip(network.scores(batch), paths, strict=True):
        if len(scores):
            assert path == reference_viterbi(
                scores, network.transitions, network.start, network.end
            )
    assert network.tag(batch) == [[TAGS[i] for i in path] for path in paths]


def test_a_sentence_scores_the_same_alone_and_in_a_batch(
    vocabulary: Vocabulary, encoder: Encoder
) -> None:
    network = NeuralNetwork(random_weights(vocabulary, seed=3))
    together = network.scores(encoder.encode(SENTENCES))
    for tokens, scores in zip(SENTENCES, together, strict=True):
        (alone,) = network.scores(encoder.encode([tokens]))
        np.testing.assert_allclose(alone, scores, rtol=1e-5, atol=1e-5)


def test_encoder_gives_a_repeated_token_the_same_arrays(encoder: Encoder) -> None:
    batch = encoder.encode(SENTENCES)
    distinct = {token for tokens in SENTENCES for token in tokens}
    assert len(batch.word_ids) == len(distinct)  # one row per distinct token
    assert batch.char_ids.shape == (len(distinct), MAX_CHARS)
    assert batch.flags.shape == (len(distinct), WORD_FLAGS)
    seen: dict[str, int] = {}
    for tokens, rows in zip(SENTENCES, batch.sentences, strict=True):
        assert len(rows) == len(tokens)
        for token, row in zip(tokens, rows.tolist(), strict=True):
            assert seen.setdefault(token, row) == row
    assert sum(token == "باريس" for tokens in SENTENCES for token in tokens) == 3
    for token, row in seen.items():
        alone = encoder.encode([[token]])
        assert rows_of(alone, 0) == rows_of(batch, row), token


def test_encoder_flags_gazetteer_phrases_by_position(encoder: Encoder) -> None:
    batch = encoder.encode(SENTENCES)
    per_token = batch.positions[0]  # وصل الرئيس محمد علي ...
    assert per_token.shape == (len(SENTENCES[0]), POSITION_FLAGS)
    begins, continues = per_token[:, :4], per_token[:, 4:]
    assert begins.sum() == 1 and begins[2].sum() == 1  # «محمد» opens the PER phrase
    assert continues.sum() == 1 and continues[3].sum() == 1  # «علي» continues it
