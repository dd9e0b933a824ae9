"""Speed of the named-entity tagger: model load time and size, tokens per second.

Tags the whole ANERcorp train text (features included) in one `tag_sentences` call,
then sentence by sentence through `tag` (no sharing of per-word features across
sentences). Prints wall-clock and CPU-time rates: the tagger uses one core, and CPU
time stays meaningful when other work shares the machine.

    python bench/bench_ner.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from marsad.steps.ner import CLUSTERS_FILE, GAZETTEER_FILE, MODEL_FILE, RESOURCES, NerTagger

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
    args = parser.parse_args()
    for name in (MODEL_FILE, GAZETTEER_FILE, CLUSTERS_FILE):
        print(f"{name}: {(RESOURCES / name).stat().st_size / 1e6:.2f} MB")
    started = time.perf_counter()
    tagger = NerTagger.load()
    print(f"load: {time.perf_counter() - started:.2f} s")
    sentences = read_sentences(TRAIN)
    tokens = sum(map(len, sentences))
    batch = [_timed(lambda: tagger.tag_sentences(sentences)) for _ in range(args.repeat)]
    single = [_timed(lambda: [tagger.tag(sentence) for sentence in sentences])]
    print(f"{tokens} tokens in {len(sentences)} sentences; best of {args.repeat}")
    for label, runs in (("tag_sentences (one batch)", batch), ("tag (each sentence)", single)):
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
