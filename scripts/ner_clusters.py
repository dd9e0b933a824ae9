"""Learn distributional word clusters for the named-entity tagger.

Named entities are rare words; a CRF trained on 125k tokens has never seen most of
them. Words that occur in the same contexts in unlabeled news (names after السيد,
cities after في مدينة) fall into the same cluster, so a cluster id generalises what
the tagger learnt about one name to names it has never seen.

Method: PPMI on directional (±1) and window (±2) co-occurrence counts of the most
frequent folded words, TruncatedSVD to a dense space, then k-means at several
granularities. Output: a gzip TSV `word<TAB>c<k1><TAB>c<k2>...`.

Needs scikit-learn (training-time only; the runtime reads the TSV).

    python scripts/ner_clusters.py [--out marsad/resources/ner/clusters.tsv.gz]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize as l2_normalize

from marsad.text.normalize import fold
from marsad.text.tokenize import words

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / ".." / "shared" / "data"
DEFAULT_OUT = REPO / "marsad" / "resources" / "ner" / "clusters.tsv.gz"
GRANULARITIES = (100, 400, 1000)


def sentences() -> Iterator[list[str]]:
    """Folded word sequences from SaudiNewsNet articles and the ANERcorp train text."""
    with (DATA / "saudinewsnet" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for paragraph in f"{record.get('title') or ''}\n{record['text']}".split("\n"):
                if paragraph.strip():
                    yield words(fold(paragraph))
    current: list[str] = []
    with (DATA / "anercorp" / "train.conll").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                yield current
                current = []
            else:
                current.extend(words(fold(line.split()[0])))
    if current:
        yield current


def cooccurrence(
    corpus: list[list[str]], vocab: dict[str, int], contexts: dict[str, int]
) -> sparse.csr_matrix:
    """Counts of (word, context feature): L1/R1 for direction, W2 for the wider window."""
    width = len(contexts)
    rows: list[int] = []
    cols: list[int] = []
    for sentence in corpus:
        for index, word in enumerate(sentence):
            row = vocab.get(word)
            if row is None:
                continue
            for offset, slot in ((-1, 0), (1, 1), (-2, 2), (2, 2)):
                position = index + offset
                if 0 <= position < len(sentence):
                    col = contexts.get(sentence[position])
                    if col is not None:
                        rows.append(row)
                        cols.append(slot * width + col)
    data = np.ones(len(rows), dtype=np.float32)
    shape = (len(vocab), 3 * width)
    return sparse.coo_matrix((data, (rows, cols)), shape=shape).tocsr()


def ppmi(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Positive pointwise mutual information with context-distribution smoothing (0.75)."""
    total = counts.sum()
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    col_sums = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    col_sums = col_sums / col_sums.sum()
    coo = counts.tocoo()
    values = np.log(coo.data * 1.0 / (row_sums[coo.row] / total) / col_sums[coo.col] / total)
    values = np.maximum(values, 0.0)
    return sparse.csr_matrix((values, (coo.row, coo.col)), shape=counts.shape)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--vocab", type=int, default=30000)
    parser.add_argument("--contexts", type=int, default=10000)
    parser.add_argument("--dims", type=int, default=150)
    args = parser.parse_args()
    corpus = [sentence for sentence in sentences() if sentence]
    frequencies = Counter(word for sentence in corpus for word in sentence)
    ranked = [word for word, _ in frequencies.most_common(args.vocab)]
    vocab = {word: index for index, word in enumerate(ranked)}
    contexts = {word: index for index, word in enumerate(ranked[: args.contexts])}
    print(f"{sum(map(len, corpus))} tokens, {len(frequencies)} types, vocab {len(vocab)}")
    matrix = ppmi(cooccurrence(corpus, vocab, contexts))
    embedded = TruncatedSVD(n_components=args.dims, random_state=0).fit_transform(matrix)
    embedded = l2_normalize(embedded)
    columns = []
    for k in GRANULARITIES:
        model = MiniBatchKMeans(n_clusters=k, random_state=0, batch_size=4096, n_init=3)
        columns.append(model.fit_predict(embedded))
        print(f"k={k} done")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("word\t" + "\t".join(f"c{k}" for k in GRANULARITIES) + "\n")
        for index, word in enumerate(ranked):
            out.write(word + "\t" + "\t".join(str(col[index]) for col in columns) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
