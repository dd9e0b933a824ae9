"""Entity-level scoring of BIO tag sequences, as conlleval counts it.

An entity is correct only when both its exact token span and its type match. Chunks
are read the conlleval way: an `I-X` after `O` or after another type starts a new
chunk, so BIO slips in gold data or in a tagger's output are scored the same way the
standard CoNLL script scores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities of one sentence as (first token, end token exclusive, type)."""
    found: list[tuple[int, int, str]] = []
    start = -1
    kind = ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, tag_type = tag.partition("-")
        continues = prefix == "I" and tag_type == kind and start >= 0
        if start >= 0 and not continues:
            found.append((start, index, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not continues:
            start, kind = index, tag_type
    return found


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 from true-positive, predicted and gold counts."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(slots=True)
class Report:
    """Entity counts accumulated over sentences, overall and per type."""

    correct: dict[str, int] = field(default_factory=dict)
    predicted: dict[str, int] = field(default_factory=dict)
    gold: dict[str, int] = field(default_factory=dict)

    def add(self, gold_tags: Sequence[str], predicted_tags: Sequence[str]) -> None:
        """Count one sentence; the two sequences must be equally long."""
        if len(gold_tags) != len(predicted_tags):
            raise ValueError(f"{len(gold_tags)} gold tags but {len(predicted_tags)} predicted")
        gold_chunks = set(chunks(gold_tags))
        predicted_chunks = set(chunks(predicted_tags))
        for _, _, kind in gold_chunks:
            self.gold[kind] = self.gold.get(kind, 0) + 1
        for _, _, kind in predicted_chunks:
            self.predicted[kind] = self.predicted.get(kind, 0) + 1
        for _, _, kind in gold_chunks & predicted_chunks:
            self.correct[kind] = self.correct.get(kind, 0) + 1

    def merge(self, other: Report) -> None:
        for mine, theirs in (
            (self.correct, other.correct),
            (self.predicted, other.predicted),
            (self.gold, other.gold),
        ):
            for kind, count in theirs.items():
                mine[kind] = mine.get(kind, 0) + count

    def types(self) -> list[str]:
        return sorted(set(self.gold) | set(self.predicted))

    def score(self, kind: str | None = None) -> Score:
        """Micro-averaged score over all types, or the score of one type."""
        if kind is not None:
            return Score(
                self.correct.get(kind, 0), self.predicted.get(kind, 0), self.gold.get(kind, 0)
            )
        return Score(
            sum(self.correct.values()), sum(self.predicted.values()), sum(self.gold.values())
        )

    def table(self) -> str:
        """A conlleval-like text table: one line per type, then the overall line."""
        lines = [f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}"]
        for kind in [*self.types(), None]:
            score = self.score(kind)
            lines.append(
                f"{kind or 'ALL':<8}{score.precision:>8.4f}{score.recall:>8.4f}"
                f"{score.f1:>8.4f}{score.gold:>8}{score.predicted:>8}"
            )
        return "\n".join(lines)


def evaluate(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> Report:
    """Score (gold tags, predicted tags) sentence pairs."""
    report = Report()
    for gold_tags, predicted_tags in pairs:
        report.add(gold_tags, predicted_tags)
    return report
