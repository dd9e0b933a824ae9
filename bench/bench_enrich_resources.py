"""Load time, memory and throughput of the enrichment resources.

Measures building the PlaceMatcher and the EntityLinker (wall time, and memory
allocated while building, by tracemalloc), their pickled size (what a worker receives),
and articles per second for places, entities and quantities on real news.

Usage: python bench/bench_enrich_resources.py [--data ../shared/data] [--articles 2000]
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from marsad.steps.entities import EntityLinker
from marsad.steps.places import PlaceMatcher
from marsad.steps.quantities import find_quantities

T = TypeVar("T")


def measure(build: Callable[[], T]) -> tuple[T, float, float]:
    """The built object, seconds taken, and MiB allocated and still held."""
    tracemalloc.start()
    started = time.perf_counter()
    built = build()
    seconds = time.perf_counter() - started
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return built, seconds, current / 2**20


def read_texts(data: Path, limit: int) -> list[str]:
    texts: list[str] = []
    for name in ("ant_corpus_multisource", "saudinewsnet"):
        with (data / name / "articles.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                if len(texts) >= limit:
                    return texts
                texts.append(json.loads(line)["text"])
    return texts


def throughput(name: str, texts: list[str], run: Callable[[str], object]) -> None:
    started = time.perf_counter()
    found = 0
    for text in texts:
        result = run(text)
        found += len(result) if isinstance(result, list) else 0
    seconds = time.perf_counter() - started
    print(f"{name:<12} {len(texts) / seconds:8.1f} articles/s  {found} spans")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()

    places, seconds, mib = measure(PlaceMatcher.load)
    size = len(pickle.dumps(places)) / 2**20
    print(f"PlaceMatcher  load {seconds:.2f} s  memory {mib:.1f} MiB  pickle {size:.1f} MiB")
    linker, seconds, mib = measure(lambda: EntityLinker.load(places=places))
    size = len(pickle.dumps(linker)) / 2**20
    print(f"EntityLinker  load {seconds:.2f} s  memory {mib:.1f} MiB  pickle {size:.1f} MiB")
    started = time.perf_counter()
    pickle.loads(pickle.dumps(linker))
    print(f"unpickle both {time.perf_counter() - started:.2f} s")

    texts = read_texts(args.data, args.articles)
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars / len(texts):.0f} characters on average")
    throughput("places", texts, places.find)
    throughput("entities", texts, linker.link)
    throughput("quantities", texts, find_quantities)


if __name__ == "__main__":
    main()
