"""Numpy runtime of the BiLSTM-CRF named-entity network (trained by scripts/train_ner_neural.py).

Each token is read as the embeddings of its folded and clitic-stripped forms, a
character CNN over the folded form, a shape embedding and the flags of
`marsad.steps.ner_encoding`; a bidirectional LSTM reads the sentence, a linear layer
gives per-tag scores (emissions) and a CRF layer (transitions, start and end scores)
picks the tag sequence by Viterbi. The forward pass equals PyTorch's to float32
rounding.

Speed comes from doing the per-word work (lookups, character CNN, the LSTM input
projection) once per distinct word of a call, and from running all sentences of a call
together, packed longest first (`_Layout`), one matrix product per time step; the
Viterbi is batched the same way. `viterbi_paths` is public so that a caller can decode
the network's scores combined with another model's. numpy only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from marsad.steps.ner_encoding import PAD, TAGS, FloatArray, IntArray, Vocabulary, WordBatch

NEURAL_FILE = "neural.npz"
_GROUP_TOKENS = 8192
_VOCAB_KEYS = ("vocab_words", "vocab_chars", "vocab_shapes")

Scores = npt.NDArray[np.floating[Any]]


class NeuralNetwork:
    """The exported weights and the numpy forward pass (BiLSTM, then CRF Viterbi)."""

    def __init__(self, weights: Mapping[str, npt.NDArray[np.generic]]) -> None:
        self.weights = {
            name: np.asarray(value, dtype=np.float32) for name, value in weights.items()
        }
        w = self.weights
        self.hidden = w["hh_forward"].shape[1]
        self.lstm = {side: self._halved(side) for side in ("forward", "backward")}
        self._recurrent = np.stack([self.lstm[side][1] for side in ("forward", "backward")])
        # The convolution is linear before its ReLU, so each of its offsets is a table of
        # per-character contributions: (width, characters, filters).
        self.char_tables = np.einsum("ci,oik->kco", w["char_embedding"], w["char_conv"])

    @property
    def transitions(self) -> FloatArray:
        """(tags, tags) CRF transition scores, from (row) -> to (column)."""
        return self.weights["crf_transitions"]

    @property
    def start(self) -> FloatArray:
        """(tags,) CRF score of each tag opening a sentence."""
        return self.weights["crf_start"]

    @property
    def end(self) -> FloatArray:
        """(tags,) CRF score of each tag closing a sentence."""
        return self.weights["crf_end"]

    def _halved(self, side: str) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(input weights, recurrent weights transposed, bias) with the sigmoid gates
        (i, f, o) scaled by 1/2, so one tanh per step serves every gate."""
        w = self.weights
        scale = np.full(4 * self.hidden, 0.5, dtype=np.float32)
        scale[2 * self.hidden : 3 * self.hidden] = 1.0
        return (
            w[f"ih_{side}"] * scale[:, None],
            np.ascontiguousarray((w[f"hh_{side}"] * scale[:, None]).T),
            w[f"bias_{side}"] * scale,
        )

    def word_inputs(self, batch: WordBatch) -> FloatArray:
        """(U, D) input vectors of the distinct words (without the position flags)."""
        w = self.weights
        return np.concatenate(
            [
                w["word_embedding"][batch.word_ids],
                w["word_embedding"][batch.bare_ids],
                self._char_features(batch.char_ids),
                w["shape_embedding"][batch.shape_ids],
                batch.flags,
            ],
            axis=1,
        )

    def _char_features(self, char_ids: IntArray) -> FloatArray:
        """Max over positions of the ReLU'd character convolution (zero-padded ends)."""
        width = self.char_tables.shape[0]
        side = width // 2
        padded = np.pad(char_ids, ((0, 0), (side, side)))
        length = char_ids.shape[1]
        total = self.weights["char_conv_bias"] + self.char_tables[0][padded[:, :length]]
        for k in range(1, width):
            total += self.char_tables[k][padded[:, k : k + length]]
        total = np.maximum(total, 0.0)
        total[char_ids == PAD] = 0.0  # after ReLU every value is >= 0, so 0 masks
        result: FloatArray = total.max(axis=1)
        return result

    def tag(self, batch: WordBatch) -> list[list[str]]:
        """Best BIO tag sequence of every sentence of the batch."""
        return [[TAGS[i] for i in path] for path in self.paths(batch)]

    def paths(self, batch: WordBatch) -> list[list[int]]:
        """Viterbi tag indices (into `TAGS`) per sentence."""
        return viterbi_paths(self.scores(batch), self.transitions, self.start, self.end)

    def scores(self, batch: WordBatch) -> list[FloatArray]:
        """Per-sentence (length, len(TAGS)) emission scores before the CRF, in sentence order."""
        found = [np.zeros((0, len(TAGS)), dtype=np.float32) for _ in batch.sentences]
        for order, emissions, layout in self._emissions(batch):
            for column, index in enumerate(order):
                start = layout.starts[column]
                found[index] = emissions[start : start + layout.lengths[column]]
        return found

    def _emissions(self, batch: WordBatch) -> Iterator[tuple[list[int], FloatArray, _Layout]]:
        """Emission scores of every token, by groups of sentences of similar length.

        Within a group, sentences are longest first and their tokens concatenated; the
        group size bounds memory and keeps the working set in cache.
        """
        words = self.word_inputs(batch)
        split = words.shape[1]
        projected = {
            side: (words @ weights[:, :split].T + bias, flags_part)
            for side, (weights, _, bias) in self.lstm.items()
            for flags_part in [np.ascontiguousarray(weights[:, split:].T)]
        }
        order = _longest_first([len(rows) for rows in batch.sentences])
        group: list[int] = []
        size = 0
        for index in order:
            group.append(index)
            size += len(batch.sentences[index])
            if size >= _GROUP_TOKENS:
                yield self._group_emissions(batch, group, projected)
                group, size = [], 0
        if group:
            yield self._group_emissions(batch, group, projected)

    def _group_emissions(
        self,
        batch: WordBatch,
        order: list[int],
        projected: dict[str, tuple[FloatArray, FloatArray]],
    ) -> tuple[list[int], FloatArray, _Layout]:
        w = self.weights
        layout = _Layout.of(np.array([len(batch.sentences[i]) for i in order]))
        rows = np.concatenate([batch.sentences[i] for i in order])
        flags = np.concatenate([batch.positions[i] for i in order])
        sides = (("forward", layout.ahead), ("backward", layout.behind))
        gates_in = np.empty((2, len(rows), 4 * self.hidden), dtype=np.float32)
        for direction, (side, slots) in enumerate(sides):
            per_word, per_flag = projected[side]
            gates_in[direction, slots] = per_word[rows] + flags @ per_flag
        packed = self._recur(gates_in, layout)
        states = [packed[direction, slots] for direction, (_, slots) in enumerate(sides)]
        result: FloatArray = np.concatenate(states, axis=1) @ w["output"].T + w["output_bias"]
        return order, result, layout

    def _recur(self, gates_in: FloatArray, layout: _Layout) -> FloatArray:
        """Both LSTM directions over a packed batch, stepped together (gates i, f, g, o).

        `gates_in` is (2, tokens, 4 × hidden): the forward direction reads the packed
        rows left to right, the backward one right to left, and both have the same
        number of sentences running at each step. Step t holds the first `active[t]`
        sentences (longest first), so each step computes exactly the sentences still
        running, with no padding.
        """
        size = self.hidden
        recurrent = self._recurrent
        hidden = np.zeros((2, len(layout.lengths), size), dtype=np.float32)
        cell = np.zeros_like(hidden)
        outputs = np.empty((2, gates_in.shape[1], size), dtype=np.float32)
        for offset, live in zip(layout.offsets, layout.active, strict=True):
            # Gate rows i, f, o come pre-halved: sigmoid(x) = (tanh(x / 2) + 1) / 2.
            gates = np.tanh(gates_in[:, offset : offset + live] + hidden[:, :live] @ recurrent)
            gates[:, :, : 2 * size] += 1.0
            gates[:, :, 3 * size :] += 1.0
            state = cell[:, :live]
            state *= gates[:, :, size : 2 * size]
            state += gates[:, :, :size] * gates[:, :, 2 * size : 3 * size]
            state *= 0.5
            now = hidden[:, :live]
            np.tanh(state, out=now)
            now *= gates[:, :, 3 * size :]
            now *= 0.5
            outputs[:, offset : offset + live] = now
        return outputs


def viterbi_paths(
    emissions: Sequence[Scores], transitions: Scores, start: Scores, end: Scores
) -> list[list[int]]:
    """Best tag-index path of each sentence's (length, tags) emissions under a linear-chain
    CRF: `transitions[a, b]` scores tag a followed by b, `start` and `end` score the first
    and last tags. All sentences are decoded together (packed longest first); the result
    is in the order of `emissions`, with [] for an empty sentence."""
    paths: list[list[int]] = [[] for _ in emissions]
    order = _longest_first([len(scores) for scores in emissions])
    if not order:
        return paths
    layout = _Layout.of(np.array([len(emissions[i]) for i in order], dtype=np.int64))
    concatenated = np.concatenate([emissions[i] for i in order])
    packed = np.empty_like(concatenated)
    packed[layout.ahead] = concatenated  # sentence order -> time-major packed rows
    best = _viterbi(packed, layout, transitions, start, end)
    for column, index in enumerate(order):
        first = layout.starts[column]
        paths[index] = best[first : first + layout.lengths[column]].tolist()
    return paths


def _longest_first(lengths: Sequence[int]) -> list[int]:
    """Indices of the non-empty sentences, longest first (stable among equals)."""
    return sorted((i for i, length in enumerate(lengths) if length), key=lambda i: -lengths[i])


def _viterbi(
    packed: Scores, layout: _Layout, transitions: Scores, start: Scores, end: Scores
) -> IntArray:
    """Batched Viterbi over packed emissions; returns tags in concatenated order."""
    score = start + packed[: layout.active[0]]
    back = np.empty(packed.shape, dtype=np.int64)
    for offset, live in zip(layout.offsets[1:], layout.active[1:], strict=True):
        total = score[:live, :, None] + transitions
        back[offset : offset + live] = total.argmax(axis=1)
        score[:live] = total.max(axis=1) + packed[offset : offset + live]
    final = (score + end).argmax(axis=1)
    tags = np.empty(len(packed), dtype=np.int64)
    current = final.copy()
    for step in range(len(layout.active) - 1, -1, -1):
        offset, live = layout.offsets[step], layout.active[step]
        ending = layout.lengths[:live] == step + 1
        if step + 1 < len(layout.active):  # sentences still running move back a step
            following = layout.offsets[step + 1]
            running = layout.active[step + 1]
            current[:running] = back[following : following + running][
                np.arange(running), current[:running]
            ]
        current[:live] = np.where(ending, final[:live], current[:live])
        tags[offset : offset + live] = current[:live]
    result: IntArray = tags[layout.ahead]
    return result


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where each token of length-sorted sentences sits in a packed time-major batch.

    `active[t]` sentences are still running at step t and fill rows
    `offsets[t] : offsets[t] + active[t]`; `ahead` and `behind` give, for every token in
    sentence order, its packed row read left-to-right and right-to-left.
    """

    lengths: IntArray
    active: IntArray
    offsets: IntArray
    starts: IntArray
    ahead: IntArray
    behind: IntArray

    @classmethod
    def of(cls, lengths: IntArray) -> _Layout:
        steps = int(lengths.max()) if len(lengths) else 0
        active = (lengths[None, :] > np.arange(steps)[:, None]).sum(axis=1)
        offsets = np.concatenate([[0], np.cumsum(active)[:-1]]).astype(np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        column = np.repeat(np.arange(len(lengths)), lengths)
        time = np.arange(int(lengths.sum())) - np.repeat(starts, lengths)
        ahead = offsets[time] + column
        behind = offsets[np.repeat(lengths, lengths) - 1 - time] + column
        return cls(lengths, active, offsets, starts, ahead, behind)


def save_model(
    path: Path, weights: Mapping[str, npt.NDArray[np.generic]], vocabulary: Vocabulary
) -> None:
    """Write the weights and the vocabulary (as string arrays, no pickling) to one `.npz`."""
    tables = (vocabulary.words, vocabulary.chars, vocabulary.shapes)
    strings = {key: np.array(list(table)) for key, table in zip(_VOCAB_KEYS, tables, strict=True)}
    arrays: dict[str, Any] = {**weights, **strings}
    np.savez_compressed(path, **arrays)


def load_model(path: Path) -> tuple[NeuralNetwork, Vocabulary]:
    """The network and vocabulary written by `save_model`."""
    with np.load(path, allow_pickle=False) as archive:
        lists = [[str(item) for item in archive[key]] for key in _VOCAB_KEYS]
        weights = {name: archive[name] for name in archive.files if name not in _VOCAB_KEYS}
    return NeuralNetwork(weights), Vocabulary.from_lists(*lists)
