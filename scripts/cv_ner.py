"""Cross-validate the combined named-entity tagger from kept fold models.

Both trainers keep their fold models, trained on the same contiguous folds:

    python scripts/train_ner.py --cv 5 --keep-folds build/ner/folds
    python scripts/train_ner_neural.py --cv 5 --keep-folds build/ner/folds
    python scripts/cv_ner.py --folds build/ner/folds

For each CRF weight (1 is the CRF alone, 0 the network alone) every fold is tagged
by `NerTagger` exactly as in production (one batch per fold, label propagation, BIO
repair) and scored with conlleval counting; pooled P/R/F1 per weight, then the
per-type table of the shipped weight. Exits non-zero below `--min-f1` at that weight.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from train_ner import BASE_GAZETTEER, TRAIN, Settings, folds, lexicon_for, read_conll

from marsad.steps.ner import CLUSTERS_FILE, CRF_WEIGHT, FOREIGN_FILE, RESOURCES, NerTagger
from marsad.steps.ner_crf import CrfModel
from marsad.steps.ner_eval import Report
from marsad.steps.ner_neural import load_model

MIN_F1 = 0.74
WEIGHTS = (1.0, 0.6, 0.5, 0.4, 0.3, 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=Path, required=True, help="folder of fold models")
    parser.add_argument("--data", type=Path, default=TRAIN)
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--weights", default=",".join(map(str, WEIGHTS)))
    parser.add_argument("--min-f1", type=float, default=MIN_F1)
    args = parser.parse_args()
    weights = [float(value) for value in args.weights.split(",")]
    if CRF_WEIGHT not in weights:
        weights.append(CRF_WEIGHT)
    settings = Settings(
        BASE_GAZETTEER,
        RESOURCES / CLUSTERS_FILE,
        0.0,
        0.0,
        0,
        corpus_names=True,
        foreign=RESOURCES / FOREIGN_FILE,
    )
    reports = {weight: Report() for weight in weights}
    splits = folds(read_conll(args.data), args.count)
    for number, (train, test) in enumerate(splits, start=1):
        if not (args.folds / f"fold{number}.npz").exists():
            print(f"fold {number}: no kept models, skipped", flush=True)
            continue
        crf = CrfModel.from_crfsuite(args.folds / f"fold{number}.crfsuite")
        neural = load_model(args.folds / f"fold{number}.npz")
        lexicon = lexicon_for(train, settings)
        line = []
        for weight in weights:
            tagger = NerTagger(crf, lexicon, neural, crf_weight=weight)
            fold = Report()
            for (_, gold), tags in zip(
                test, tagger.tag_sentences([tokens for tokens, _ in test]), strict=True
            ):
                fold.add(gold, tags)
            reports[weight].merge(fold)
            line.append(f"{weight:g}: {fold.score().f1:.4f}")
        print(f"fold {number}: " + "  ".join(line), flush=True)
    print("CRF weight      P       R      F1")
    for weight in weights:
        score = reports[weight].score()
        print(f"{weight:>10g}  {score.precision:.4f}  {score.recall:.4f}  {score.f1:.4f}")
    print(f"at the shipped weight {CRF_WEIGHT:g}:")
    print(reports[CRF_WEIGHT].table())
    if reports[CRF_WEIGHT].score().f1 < args.min_f1:
        print(f"CV F1 below the floor {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
