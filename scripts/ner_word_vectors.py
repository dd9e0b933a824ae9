"""Learn in-domain word vectors and cluster them: the word-cluster tables of the tagger.

The CRF sees 125k tokens of ANERcorp; most names in the news it tags were never in
them. Skip-gram vectors trained on 18 M tokens of recent Arabic news put words used
in the same contexts (first names, cities, ministries) close together; k-means turns
them into cluster ids, which the CRF reads as features of a word and its neighbours,
so what it learnt about one name carries over to names it has never seen.

Text is normalized exactly as the tagger normalizes at inference: tokens from
`marsad.text.tokenize`, then `core_form` of `marsad.steps.ner_features` (folding).
Only the word → cluster table ships (gzip TSV `word<TAB>k<k1><TAB>k<k2>...`, rows by
frequency, vocabulary capped); the vectors stay in `build/ner/` for later use.

Needs gensim and scikit-learn (training-time only).

    python scripts/ner_word_vectors.py [--out build/ner/vectors.tsv.gz]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from gensim.models import Word2Vec
from sklearn.cluster import MiniBatchKMeans
from sklearn.preprocessing import normalize as l2_normalize

from marsad.steps.ner_features import core_form
from marsad.text.tokenize import words

REPO = Path(__file__).resolve().parents[1]
UNLABELED = REPO / ".." / "shared" / "data" / "unlabeled_news"
SOURCES = (
    ("saudinewsnet_full.jsonl.gz", "content"),
    ("ant_full.jsonl.gz", "text"),
)
DEFAULT_OUT = REPO / "build" / "ner" / "vectors.tsv.gz"
DEFAULT_VECTORS = REPO / "build" / "ner" / "word2vec.kv"
GRANULARITIES = (64, 256, 1024)
SEED = 0


def normalized_sentences(path: Path, field: str) -> Iterator[list[str]]:
    """Folded word sequences, one per paragraph (and title) of every article."""
    seen: set[int] = set()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            body = record.get(field) or ""
            digest = hash(body)
            if digest in seen:  # SaudiNewsNet repeats some articles
                continue
            seen.add(digest)
            for paragraph in f"{record.get('title') or ''}\n{body}".split("\n"):
                tokens = [sys.intern(core_form(token)) for token in words(paragraph)]
                if len(tokens) > 1:
                    yield tokens


def corpus(share: float) -> list[list[str]]:
    """All paragraphs of both corpora, or a seeded random `share` of them."""
    chooser = random.Random(SEED)
    return [
        sentence
        for name, field in SOURCES
        for sentence in normalized_sentences(UNLABELED / name, field)
        if share >= 1.0 or chooser.random() < share
    ]


def cluster_table(model: Word2Vec, vocab: int) -> tuple[list[str], list[np.ndarray]]:
    """The `vocab` most frequent words and their cluster ids at each granularity."""
    ranked = list(model.wv.index_to_key[:vocab])  # gensim sorts by frequency
    vectors = l2_normalize(model.wv[ranked])
    columns = []
    for k in GRANULARITIES:
        kmeans = MiniBatchKMeans(n_clusters=k, random_state=SEED, batch_size=4096, n_init=3)
        columns.append(kmeans.fit_predict(vectors))
        print(f"k={k} done", flush=True)
    return ranked, columns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--vectors", type=Path, default=DEFAULT_VECTORS)
    parser.add_argument("--vocab", type=int, default=50000, help="words in the shipped table")
    parser.add_argument("--share", type=float, default=1.0, help="share of paragraphs used")
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--window", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    text = corpus(args.share)
    tokens = sum(map(len, text))
    print(f"{len(text)} paragraphs, {tokens} tokens ({time.perf_counter() - started:.0f} s)")
    model = Word2Vec(
        sentences=text,
        vector_size=args.dims,
        window=args.window,
        min_count=5,
        sg=1,
        negative=5,
        sample=1e-4,
        epochs=args.epochs,
        workers=args.workers,
        seed=SEED,
    )
    print(f"word2vec: {len(model.wv)} words ({time.perf_counter() - started:.0f} s)")
    args.vectors.parent.mkdir(parents=True, exist_ok=True)
    model.wv.save(str(args.vectors))
    ranked, columns = cluster_table(model, args.vocab)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("word\t" + "\t".join(f"k{k}" for k in GRANULARITIES) + "\n")
        for index, word in enumerate(ranked):
            out.write(word + "\t" + "\t".join(str(col[index]) for col in columns) + "\n")
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size} bytes) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
