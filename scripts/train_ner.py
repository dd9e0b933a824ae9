"""Train the Arabic named-entity tagger on ANERcorp, or cross-validate it.

    python scripts/train_ner.py --cv 5            # contiguous 5-fold CV report
    python scripts/train_ner.py                   # train on all of train.conll and
                                                  # write marsad/resources/ner/crf.npz

The CV run is the quality gate: it exits non-zero when the micro F1 falls below
`--min-f1`. Folds are contiguous blocks of sentences (never shuffled tokens), so a
document's repeated names do not leak between training and evaluation folds.
ANERcorp's `PERS` is renamed `PER`.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycrfsuite

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
from marsad.steps.ner_eval import Report, chunks
from marsad.steps.ner_features import FeatureExtractor, Lexicon, core_form

REPO = Path(__file__).resolve().parents[1]
TRAIN = REPO / ".." / "shared" / "data" / "anercorp" / "train.conll"
BASE_GAZETTEER = REPO / "build" / "ner" / "gazetteer_base.tsv.gz"  # scripts/ner_gazetteer.py
VECTORS = REPO / "build" / "ner" / VECTORS_FILE  # scripts/ner_word_vectors.py
NAME_PARTS = REPO / "build" / "ner" / NAME_PARTS_FILE  # scripts/ner_name_parts.py
MIN_CV_F1 = 0.72  # the CRF alone reaches 0.729 (see marsad/resources/ner/NOTICE.md)

Sentence = tuple[list[str], list[str]]
JACKKNIFE_BLOCKS = 5
DEV_SHARE_DENOMINATOR = 6


@dataclass(frozen=True)
class Settings:
    """What one training run needs; picklable so folds can run in worker processes."""

    gazetteer: Path | None
    clusters: Path | None
    c1: float
    c2: float
    iterations: int
    corpus_names: bool = False
    foreign: Path | None = None
    vectors: Path | None = None
    name_parts: Path | None = None
    rules: bool = True


def read_conll(path: Path) -> list[Sentence]:
    """(tokens, tags) per sentence; `PERS` becomes `PER`."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        columns = line.split()
        if not columns:
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        tokens.append(columns[0])
        tags.append(columns[-1].replace("PERS", "PER"))
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def corpus_names(sentences: list[Sentence]) -> set[tuple[str, str]]:
    """(type, folded name) of every annotated entity: training data as a gazetteer."""
    names: set[tuple[str, str]] = set()
    for tokens, tags in sentences:
        for start, end, kind in chunks(tags):
            folded = " ".join(core_form(token) for token in tokens[start:end])
            if len(folded) >= 3 and end - start <= 5:
                names.add((kind, folded))
    return names


def lexicon_for(train: list[Sentence], settings: Settings) -> Lexicon:
    """The lexicon a model trained on `train` is used with (plus its entity names)."""
    lexicon = Lexicon.from_files(
        settings.gazetteer,
        settings.clusters,
        settings.foreign,
        settings.vectors,
        settings.name_parts,
    )
    if not settings.corpus_names:
        return lexicon
    return lexicon.with_entries(set(lexicon.entries()) | corpus_names(train))


def write_gazetteer(lexicon: Lexicon, target: Path) -> None:
    """The gazetteer that ships beside the model: base lists plus training names."""
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("type\tname\n")
        out.writelines(f"{kind}\t{name}\n" for kind, name in lexicon.entries())


def training_features(sentences: list[Sentence], settings: Settings) -> list[list[list[str]]]:
    """Features of the training sentences.

    With `corpus_names`, the names annotated in the training data join the gazetteer,
    but each block of sentences sees only the names of the *other* blocks
    (jackknifing); otherwise the gazetteer feature would just copy the gold label
    and the model would lean on it for names it has never seen.
    """
    if not settings.corpus_names:
        extractor = FeatureExtractor(lexicon_for(sentences, settings))
        cache: dict[str, Any] = {}
        return [extractor.sentence_features(tokens, cache) for tokens, _ in sentences]
    features: list[list[list[str]]] = []
    for rest, block in folds(sentences, JACKKNIFE_BLOCKS):
        extractor = FeatureExtractor(lexicon_for(rest, settings))
        cache = {}
        features.extend(extractor.sentence_features(tokens, cache) for tokens, _ in block)
    return features


def train_model(sentences: list[Sentence], settings: Settings, target: Path) -> None:
    """Fit a CRF with L-BFGS and elastic-net regularisation; write it to `target`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, (_, tags) in zip(training_features(sentences, settings), sentences, strict=True):
        trainer.append(features, tags)
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(target))


def run_fold(
    train: list[Sentence], test: list[Sentence], settings: Settings, keep: Path | None
) -> Report:
    """Train on `train`, tag `test`, count entities; keep the fold's model if asked."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.crfsuite"
        train_model(train, settings, path)
        model = CrfModel.from_crfsuite(path)
        tagger = NerTagger(model, lexicon_for(train, settings), rules=settings.rules)
        if keep is not None:
            shutil.copyfile(path, keep)
    predicted = tagger.tag_sentences([tokens for tokens, _ in test])
    report = Report()
    for (_, gold), tags in zip(test, predicted, strict=True):
        report.add(gold, tags)
    return report


def folds(sentences: list[Sentence], count: int) -> list[tuple[list[Sentence], list[Sentence]]]:
    """Contiguous (train, test) splits of the sentence list."""
    bounds = [round(len(sentences) * k / count) for k in range(count + 1)]
    return [
        (sentences[: bounds[k]] + sentences[bounds[k + 1] :], sentences[bounds[k] : bounds[k + 1]])
        for k in range(count)
    ]


def dev_split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """The sequential development split: the sentences holding the first 5/6 of the
    words train, the rest is scored (ANERcorp's test split was cut the same way)."""
    total = sum(len(tokens) for tokens, _ in sentences)
    seen = 0
    for index, (tokens, _) in enumerate(sentences):
        seen += len(tokens)
        if seen * DEV_SHARE_DENOMINATOR >= total * (DEV_SHARE_DENOMINATOR - 1):
            return sentences[: index + 1], sentences[index + 1 :]
    return sentences, []


def cross_validate(
    sentences: list[Sentence], count: int, settings: Settings, jobs: int, keep: Path | None
) -> Report:
    """Run the folds in `jobs` processes; print each fold's F1; return the pooled counts."""
    total = Report()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(run_fold, train, test, settings, keep and keep / f"fold{number}.crfsuite")
            for number, (train, test) in enumerate(folds(sentences, count), start=1)
        ]
        for number, future in enumerate(futures, start=1):
            report = future.result()
            print(f"fold {number}: F1 {report.score().f1:.4f}", flush=True)
            total.merge(report)
    return total


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=TRAIN)
    parser.add_argument("--cv", type=int, default=0, help="number of folds; 0 trains the model")
    parser.add_argument(
        "--dev", action="store_true", help="train on the first 5/6 of the words, score the rest"
    )
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--gazetteer", type=Path, default=BASE_GAZETTEER)
    parser.add_argument("--clusters", type=Path, default=RESOURCES / CLUSTERS_FILE)
    parser.add_argument("--foreign", type=Path, default=RESOURCES / FOREIGN_FILE)
    parser.add_argument("--no-foreign", action="store_true")
    parser.add_argument("--vectors", type=Path, help=f"word-vector clusters, e.g. {VECTORS}")
    parser.add_argument("--name-parts", type=Path, help=f"name-part lexicon, e.g. {NAME_PARTS}")
    parser.add_argument("--no-rules", action="store_true", help="score without output rules")
    parser.add_argument("--no-gazetteer", action="store_true")
    parser.add_argument("--no-clusters", action="store_true")
    parser.add_argument(
        "--no-corpus-names",
        action="store_true",
        help="do not add the names annotated in the training data to the gazetteer",
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--min-f1", type=float, default=MIN_CV_F1)
    parser.add_argument("--out", type=Path, default=RESOURCES)
    parser.add_argument("--keep-folds", type=Path, help="folder to keep each CV fold's model in")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    settings = Settings(
        None if args.no_gazetteer else args.gazetteer,
        None if args.no_clusters else args.clusters,
        args.c1,
        args.c2,
        args.iterations,
        not args.no_corpus_names,
        None if args.no_foreign else args.foreign,
        args.vectors,
        args.name_parts,
        not args.no_rules,
    )
    sentences = read_conll(args.data)
    started = time.perf_counter()
    if args.dev:
        train, test = dev_split(sentences)
        report = run_fold(
            train, test, settings, args.keep_folds and args.keep_folds / "dev.crfsuite"
        )
        print(f"development split: {len(train)} train, {len(test)} scored sentences")
        print(report.table())
        print(f"{time.perf_counter() - started:.0f} s")
        return 0
    if args.cv:
        report = cross_validate(sentences, args.cv, settings, args.jobs, args.keep_folds)
        print(f"{args.cv}-fold CV, c1={args.c1} c2={args.c2} iterations={args.iterations}")
        print(report.table())
        print(f"{time.perf_counter() - started:.0f} s")
        if report.score().f1 < args.min_f1:
            print(f"CV F1 below the floor {args.min_f1}", file=sys.stderr)
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    write_gazetteer(lexicon_for(sentences, settings), args.out / GAZETTEER_FILE)
    shipped = (
        (settings.clusters, CLUSTERS_FILE),
        (settings.foreign, FOREIGN_FILE),
        (settings.vectors, VECTORS_FILE),
        (settings.name_parts, NAME_PARTS_FILE),
    )
    for source, name in shipped:
        if source and source.resolve() != (args.out / name).resolve():
            shutil.copyfile(source, args.out / name)
    with tempfile.TemporaryDirectory() as folder:
        trained = Path(folder) / "model.crfsuite"
        train_model(sentences, settings, trained)
        CrfModel.from_crfsuite(trained).save(args.out / CRF_FILE)
    size = (args.out / CRF_FILE).stat().st_size
    print(f"wrote {args.out / CRF_FILE} ({size} bytes) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
