"""Token encoding for the neural named-entity tagger (`marsad.steps.ner_neural`).

The network reads each token as integer ids and 0/1 flags:

* the vocabulary id of its folded form and of its clitic-stripped form (the first
  stripped form the vocabulary knows, else the folded form again);
* the ids of the first `MAX_CHARS` characters of its folded form, and of its shape;
* word flags: gazetteer name and word-of-a-name per entity type, trigger-word class,
  known to the vocabulary, found only behind a clitic;
* position flags: begins / continues a multi-word gazetteer match, per type.

`Encoder.encode` does the per-word work once per distinct token of a call and returns
a `WordBatch`: one row per distinct word, and per sentence the index of each token
into those rows. The gazetteer and trigger words are those of the CRF tagger's
`Lexicon`, so both models see the same names. numpy only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from marsad.steps.ner_features import (
    ENTITY_TYPES,
    Lexicon,
    PhraseMatch,
    core_form,
    name_types,
    phrase_matches,
    shape,
    strip_clitics,
    trigger_class,
)
from marsad.steps.ner_memory import WordMemory

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

TAGS = ("O", *[f"{prefix}-{kind}" for kind in ENTITY_TYPES for prefix in ("B", "I")])
PAD, UNKNOWN = 0, 1
MAX_CHARS = 20
MAX_SHAPE = 4
_TYPE_INDEX = {kind: index for index, kind in enumerate(ENTITY_TYPES)}
# Word flags: gazetteer name (4), word of a multi-word name (4), trigger class (4),
# known to the word vocabulary, found only behind a clitic.
WORD_FLAGS = 14
# Position flags: begins / continues a multi-word gazetteer match, per type.
POSITION_FLAGS = 8


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Index tables of words (folded), characters and shapes; 0 pads, 1 is unknown."""

    words: Mapping[str, int]
    chars: Mapping[str, int]
    shapes: Mapping[str, int]

    @classmethod
    def from_lists(
        cls, words: Sequence[str], chars: Sequence[str], shapes: Sequence[str]
    ) -> Vocabulary:
        """Tables from lists whose first two entries are the padding and unknown slots."""
        return cls(
            *({item: index for index, item in enumerate(items)} for items in (words, chars, shapes))
        )


@dataclass(frozen=True, slots=True)
class WordBatch:
    """The distinct words of a call, as arrays, and each sentence's indices into them."""

    word_ids: IntArray  # (U,) folded form
    bare_ids: IntArray  # (U,) clitic-stripped form (or the folded form)
    char_ids: IntArray  # (U, MAX_CHARS)
    shape_ids: IntArray  # (U,)
    flags: FloatArray  # (U, WORD_FLAGS)
    sentences: list[IntArray]  # per sentence: index of each token into the rows above
    positions: list[FloatArray]  # per sentence: (length, POSITION_FLAGS)


@dataclass(frozen=True, slots=True)
class _WordFacts:
    """What the network reads of one token, independent of where it stands."""

    word_id: int
    bare_id: int
    char_ids: tuple[int, ...]
    shape_id: int
    flags: tuple[float, ...]
    core: str
    heads: tuple[str, ...]


class Encoder:
    """Turns tokens into the integer and flag arrays the network reads."""

    def __init__(self, vocabulary: Vocabulary, lexicon: Lexicon) -> None:
        self.vocabulary = vocabulary
        self.lexicon = lexicon
        self._memory = WordMemory(self._describe)

    def encode(
        self,
        sentences: Sequence[Sequence[str]],
        matches: Sequence[Sequence[PhraseMatch]] | None = None,
    ) -> WordBatch:
        """Arrays for a batch of sentences: one row per distinct token of the batch.

        `matches` are each sentence's multi-word gazetteer names when the caller has
        them already (`FeatureExtractor.matches` finds the same ones).
        """
        rows: dict[str, int] = {}
        distinct: list[_WordFacts] = []
        indices: list[IntArray] = []
        positions: list[FloatArray] = []
        for number, tokens in enumerate(sentences):
            facts: list[_WordFacts] = []
            sentence_rows: list[int] = []
            for token in tokens:
                row = rows.get(token)
                if row is None:
                    row = rows[token] = len(distinct)
                    distinct.append(self._memory(token))
                facts.append(distinct[row])
                sentence_rows.append(row)
            indices.append(np.array(sentence_rows, dtype=np.int64))
            found = (
                phrase_matches(
                    self.lexicon.names, [fact.core for fact in facts], [f.heads for f in facts]
                )
                if matches is None
                else matches[number]
            )
            positions.append(_phrase_flags(len(facts), found))
        chars = np.zeros((len(distinct), MAX_CHARS), dtype=np.int64)
        for row, fact in enumerate(distinct):
            chars[row, : len(fact.char_ids)] = fact.char_ids
        return WordBatch(
            np.array([fact.word_id for fact in distinct], dtype=np.int64),
            np.array([fact.bare_id for fact in distinct], dtype=np.int64),
            chars,
            np.array([fact.shape_id for fact in distinct], dtype=np.int64),
            np.array([fact.flags for fact in distinct], dtype=np.float32).reshape(-1, WORD_FLAGS),
            indices,
            positions,
        )

    def _describe(self, token: str) -> _WordFacts:
        words, chars, shapes = self.vocabulary.words, self.vocabulary.chars, self.vocabulary.shapes
        core = core_form(token)
        bare_forms = strip_clitics(core)
        own = words.get(core, UNKNOWN)
        bare = next((words[form] for form in bare_forms if form in words), own)
        flags = [0.0] * WORD_FLAGS
        for offset, table in ((0, self.lexicon.names), (4, self.lexicon.parts)):
            for kind in name_types(table, core, bare_forms):
                flags[offset + _TYPE_INDEX[kind]] = 1.0
        trigger = trigger_class(core, bare_forms)
        if trigger:
            flags[8 + _TYPE_INDEX[trigger]] = 1.0
        flags[12] = float(own != UNKNOWN)
        flags[13] = float(own == UNKNOWN and bare != UNKNOWN)
        return _WordFacts(
            own,
            bare,
            tuple(chars.get(char, UNKNOWN) for char in core[:MAX_CHARS]),
            shapes.get(shape(token)[:MAX_SHAPE], UNKNOWN),
            tuple(flags),
            core,
            tuple(form for form in (core, *bare_forms) if form in self.lexicon.starts),
        )


def _phrase_flags(length: int, matches: Sequence[PhraseMatch]) -> FloatArray:
    """Multi-word gazetteer matches as begin/inside flags per type."""
    flags = np.zeros((length, POSITION_FLAGS), dtype=np.float32)
    for start, end, kinds in matches:
        for kind in kinds:
            flags[start, _TYPE_INDEX[kind]] = 1.0
            flags[start + 1 : end, 4 + _TYPE_INDEX[kind]] = 1.0
    return flags
