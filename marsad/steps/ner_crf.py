"""The CRF half of the named-entity tagger, scored in numpy.

The CRF is trained with python-crfsuite (`scripts/train_ner.py`) and exported to a
table of (feature, label) weights and label transitions (`CrfModel.save`). Scoring it
here instead of through crfsuite gives the per-token label scores themselves, so the
tagger can add the neural network's scores before decoding (a product of experts),
and it is faster: a word's own features and what it tells its neighbours (`-2w=…`,
`1c=…`) are summed once per word and remembered (`WordMemory`), and only the
position-bound features (bigrams, multi-word gazetteer matches) are looked up per
token.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from marsad.steps.ner_features import PADDING, FeatureExtractor, PhraseMatch
from marsad.steps.ner_memory import WordMemory

FloatArray = npt.NDArray[np.float32]
CRF_FILE = "crf.npz"


@dataclass(frozen=True, slots=True)
class CrfModel:
    """Weights of a linear-chain CRF: `weights[feature_row, label]`, `transitions[from, to]`.

    Row 0 of `weights` is all zeros and stands for every feature the model does not know.
    """

    labels: tuple[str, ...]
    rows: dict[str, int]
    weights: FloatArray
    transitions: FloatArray

    @classmethod
    def from_crfsuite(cls, path: Path) -> CrfModel:
        """Export a model file written by `pycrfsuite.Trainer` (training time only)."""
        import pycrfsuite  # only the export needs crfsuite, a training-time dependency

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        labels = tuple(sorted(info.labels))
        column = {label: index for index, label in enumerate(labels)}
        rows: dict[str, int] = {}
        for feature, _ in info.state_features:
            rows.setdefault(feature, len(rows) + 1)
        weights = np.zeros((len(rows) + 1, len(labels)), dtype=np.float32)
        for (feature, label), value in info.state_features.items():
            weights[rows[feature], column[label]] = value
        transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (before, after), value in info.transitions.items():
            transitions[column[before], column[after]] = value
        tagger.close()
        return cls(labels, rows, weights, transitions)

    def save(self, path: Path) -> None:
        """One `.npz`, strings as arrays (no pickling); weights as float16."""
        features = sorted(self.rows, key=self.rows.__getitem__)
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            features=np.array(features),
            weights=self.weights.astype(np.float16),
            transitions=self.transitions,
        )

    @classmethod
    def load(cls, path: Path) -> CrfModel:
        with np.load(path, allow_pickle=False) as archive:
            labels = tuple(str(label) for label in archive["labels"])
            features = archive["features"].tolist()
            weights = archive["weights"].astype(np.float32)
            transitions = archive["transitions"].astype(np.float32)
        rows = {feature: row for row, feature in enumerate(features, start=1)}
        return cls(labels, rows, weights, transitions)

    def total(self, features: Iterable[str]) -> FloatArray:
        """Sum of the label weights of `features` (unknown features weigh nothing)."""
        rows = self.rows
        found = [rows[feature] for feature in features if feature in rows]
        summed: FloatArray = self.weights[found].sum(axis=0)
        return summed


class CrfScorer:
    """Per-token label scores of sentences under a `CrfModel`, with its feature extractor."""

    def __init__(self, model: CrfModel, extractor: FeatureExtractor) -> None:
        self.model = model
        self.extractor = extractor
        self._padding = np.stack([model.total(features) for features in PADDING])
        self._memory = WordMemory(self._word_scores)

    def _word_scores(self, token: str) -> FloatArray:
        """(5, labels): the word's own features, then what it tells -2, -1, +1, +2."""
        facts = self.extractor.word(token, {})
        model = self.model
        return np.stack([model.total(part) for part in (facts.own, *facts.around)])

    def scores(
        self,
        sentences: Sequence[Sequence[str]],
        cache: dict[str, Any],
        matches: Sequence[Sequence[PhraseMatch]] | None = None,
    ) -> list[FloatArray]:
        """(length, labels) scores per sentence; `cache` collects the call's word facts,
        `matches` are the sentences' multi-word gazetteer names if already found.

        Position-bound feature rows are gathered into one flat list, one segment per
        token led by the all-zero row so none is empty; one `reduceat` sums them all.
        """
        rows = self.model.rows
        slots: dict[str, int] = {}
        per_word: list[FloatArray] = []
        position_rows: list[int] = []
        position_starts: list[int] = []
        token_slots: list[int] = []
        lengths: list[int] = []
        for number, tokens in enumerate(sentences):
            facts = [self.extractor.word(token, cache) for token in tokens]
            for token in tokens:
                slot = slots.get(token)
                if slot is None:
                    slot = slots[token] = len(per_word)
                    per_word.append(self._memory(token))
                token_slots.append(slot)
            found = None if matches is None else matches[number]
            for features in self.extractor.position_features(facts, found):
                position_starts.append(len(position_rows))
                position_rows.append(0)
                position_rows.extend([rows[name] for name in features if name in rows])
            lengths.append(len(tokens))
        if not token_slots:
            return [np.zeros((0, len(self.model.labels)), dtype=np.float32) for _ in lengths]
        scores = np.add.reduceat(self.model.weights[position_rows], position_starts)
        scores += self._context(np.stack(per_word), np.array(token_slots), np.array(lengths))
        return list(np.split(scores, np.cumsum(lengths)[:-1]))

    def _context(
        self, per_word: FloatArray, slots: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
    ) -> FloatArray:
        """Each token's own features plus what its neighbours at -2, -1, +1, +2 tell it."""
        count = len(slots)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        position = np.arange(count) - starts
        remaining = np.repeat(lengths, lengths) - 1 - position
        total: FloatArray = per_word[slots, 0]
        for part, shift in enumerate((-2, -1, 1, 2), start=1):
            inside = position >= -shift if shift < 0 else remaining >= shift
            source = np.clip(np.arange(count) + shift, 0, count - 1)
            told = per_word[slots[source], part]
            total += np.where(inside[:, None], told, self._padding[part - 1])
        return total
