"""The bounded per-word memory of the tagger's stages."""

from __future__ import annotations

import pickle

from marsad.steps.ner_memory import WordMemory


class _Counter:
    """A picklable compute function that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, token: str) -> int:
        self.calls += 1
        return len(token)


def test_each_word_is_computed_once() -> None:
    counter = _Counter()
    memory = WordMemory(counter)
    assert [memory(word) for word in ("قال", "في", "قال", "قال")] == [3, 2, 3, 3]
    assert counter.calls == 2
    assert len(memory) == 2


def test_memory_is_forgotten_at_its_limit() -> None:
    counter = _Counter()
    memory = WordMemory(counter, limit=3)
    for word in ("ا", "ب", "ت", "ث"):
        memory(word)
    assert len(memory) == 1  # cleared when the fourth word arrived
    memory("ث")
    assert counter.calls == 4


def test_pickling_leaves_the_memory_behind() -> None:
    memory = WordMemory(_Counter())
    memory("بيروت")
    clone = pickle.loads(pickle.dumps(memory))
    assert len(clone) == 0
    assert clone("بيروت") == 5
