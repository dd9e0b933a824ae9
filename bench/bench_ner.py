"""Speed of the named-entity tagger: model load time and size, tokens per second.

Tags the whole ANERcorp train text (features included) in one `tag_sentences` call,
in batches of 20 sentences (about an article), and sentence by sentence through `tag`,
with the shipped combination (CRF + network) and with the CRF alone. The first pass
of a fresh tagger computes every word's features; later passes find most of them in
the tagger's word memory, as a long-running ingest does. Prints wall-clock and
CPU-time rates: the tagger uses one core, and CPU time stays meaningful when other
work shares the machine (the network keeps BLAS to one thread).

    python bench/bench_ner.py [--repeat 3] [--models DIR]

`--models` times the models and word lists of another folder (e.g. a copy of the
previous release), for before/after comparisons.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from marsad.steps.ner import (
    CLUSTERS_FILE,
    FOREIGN_FILE,
    GAZETTEER_FILE,
    NAME_PARTS_FILE,
    RESOURCES,
    VECTORS_FILE,
    NerTagger,
)
from marsad.steps.ner_crf import CRF_FILE, CrfModel
from marsad.steps.ner_neural import NEURAL_FILE

REPO = Path(__file__).resolve().parents[1]
TRAIN = REPO / ".." / "shared" / "data" / "anercorp" / "train.conll"


def read_sentences(path: Path) -> list[list[str]]:
    sentences: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        columns = line.split()
        if columns:
            sentences[-1].append(columns[0])
        elif sentences[-1]:
            sentences.append([])
    return [sentence for sentence in sentences if sentence]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--models", type=Path, default=RESOURCES)
    args = parser.parse_args()
    folder: Path = args.models
    files = (CRF_FILE, NEURAL_FILE, GAZETTEER_FILE, CLUSTERS_FILE, FOREIGN_FILE)
    for name in (*files, VECTORS_FILE, NAME_PARTS_FILE):
        if (folder / name).exists():
            print(f"{name}: {(folder / name).stat().st_size / 1e6:.2f} MB")
    started = time.perf_counter()
    tagger = NerTagger.load(folder)
    print(f"load: {time.perf_counter() - started:.2f} s")
    sentences = read_sentences(TRAIN)
    tokens = sum(map(len, sentences))
    print(f"{tokens} tokens in {len(sentences)} sentences; warm runs: best of {args.repeat}")
    crf = CrfModel.load(folder / CRF_FILE)
    fresh: dict[str, Callable[[], NerTagger]] = {  # new taggers: their word memory is empty
        "CRF + network": lambda: NerTagger.load(folder),
        "CRF alone": lambda: NerTagger(crf, tagger.lexicon),
    }
    for name, build in fresh.items():
        model = build()
        runs = _workloads(model, sentences)
        cold = _timed(runs["one batch"])
        _report(f"{name}, one batch, first pass (every word new)", tokens, [cold])
        for label, work in runs.items():
            repeat = args.repeat if label != "each sentence alone" else 1
            _report(f"{name}, {label}", tokens, [_timed(work) for _ in range(repeat)])


def _workloads(model: NerTagger, sentences: list[list[str]]) -> dict[str, Callable[[], object]]:
    return {
        "one batch": lambda: model.tag_sentences(sentences),
        "batches of 20 sentences": lambda: [
            model.tag_sentences(sentences[i : i + 20]) for i in range(0, len(sentences), 20)
        ],
        "each sentence alone": lambda: [model.tag(sentence) for sentence in sentences],
    }


def _report(label: str, tokens: int, runs: list[tuple[float, float]]) -> None:
    wall = min(run[0] for run in runs)
    cpu = min(run[1] for run in runs)
    print(f"{label}: {tokens / wall:,.0f} tokens/s wall, {tokens / cpu:,.0f} tokens/s CPU")


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `work`; CPU time is robust to a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    main()
