"""Score the tagger on the modern gold set (2015–2018 news, `tests/fixtures/ner_modern/`).

The gold rows point into the shared corpora (corpus, article id, character offsets;
the licences allow evaluation, not redistribution) and list each entity as
`[start, end, type, surface]` with offsets into the sentence. Entities are compared
as exact character spans with their type; the headline number counts PER, ORG and LOC
only (MISC is reported apart). The rows were split into a `tuning` and a `reporting`
half (seeded) before any scoring; choices are made on `tuning` only.

    python scripts/ner_modern_eval.py [--model-dir DIR] [--no-rules]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marsad.steps.ner import NerTagger
from marsad.steps.ner_eval import Score

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "fixtures" / "ner_modern" / "gold.jsonl"
DATA = REPO / ".." / "shared" / "data"
CORPUS_FILES = {
    "saudinewsnet": "saudinewsnet/articles.jsonl",
    "ant_corpus_multisource": "ant_corpus_multisource/articles.jsonl",
}
MAIN_TYPES = ("PER", "ORG", "LOC")
Span = tuple[int, int, str]


def load_gold(path: Path = GOLD, data: Path = DATA) -> list[dict[str, Any]]:
    """The gold rows, each with its `sentence` read from the shared corpora."""
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    texts: dict[str, dict[str, str]] = {}
    for corpus in {row["corpus"] for row in rows}:
        with (data / CORPUS_FILES[corpus]).open(encoding="utf-8") as lines:
            texts[corpus] = {item["id"]: item["text"] for item in map(json.loads, lines)}
    for row in rows:
        sentence = texts[row["corpus"]][row["id"]][row["start"] : row["end"]]
        for start, end, _, surface in row["entities"]:
            if sentence[start:end] != surface:
                raise ValueError(f"gold span {surface!r} does not match {row['id']}")
        row["sentence"] = sentence
    return rows


def span_score(
    gold: Sequence[Sequence[Span]], found: Sequence[Sequence[Span]], types: Sequence[str]
) -> Score:
    """Exact-span micro counts over `types`."""
    correct = predicted = expected = 0
    for truth, guess in zip(gold, found, strict=True):
        wanted = {span for span in truth if span[2] in types}
        got = {span for span in guess if span[2] in types}
        correct += len(wanted & got)
        predicted += len(got)
        expected += len(wanted)
    return Score(correct, predicted, expected)


def score_split(
    tagger: NerTagger, rows: Sequence[dict[str, Any]], types: Sequence[str] = MAIN_TYPES
) -> Score:
    """The tagger's span score on `rows` (each sentence tagged as its own text)."""
    found = [tagger.find_entities(row["sentence"]) for row in rows]
    gold = [[(start, end, kind) for start, end, kind, _ in row["entities"]] for row in rows]
    return span_score(gold, found, types)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", type=Path, help="default: the shipped models")
    parser.add_argument("--no-rules", action="store_true")
    args = parser.parse_args()
    tagger = NerTagger.load(args.model_dir)
    tagger.rules = not args.no_rules
    rows = load_gold()
    for split in ("tuning", "reporting"):
        part = [row for row in rows if row["split"] == split]
        for label, types in (
            ("PER+ORG+LOC", MAIN_TYPES),
            *((kind, (kind,)) for kind in MAIN_TYPES),
        ):
            score = score_split(tagger, part, types)
            print(
                f"{split:9} {label:11} P {score.precision:.3f} R {score.recall:.3f} "
                f"F1 {score.f1:.3f} (gold {score.gold})"
            )


if __name__ == "__main__":
    main()
