"""How much a word looks like a transliterated foreign name (ديديه، يوكانان، فرويد).

Names the tagger never saw in training are its main weakness, and many of them are
foreign names written in Arabic letters. Their letter sequences differ from native
words: long-vowel runs (يو، ويه), letters rare in native roots next to each other
(غن، تش، فر), endings such as يه، ون، سكي. A character n-gram naive Bayes model,
learnt from transliterated place names (GeoNames, outside the Arab world) against
frequent words of Arabic news, gives each word a log-odds score; the tagger sees it
as a coarse band.

    table = ForeignNameModel.load(path)
    table.band("يوكانان")  # "f4": looks foreign
"""

from __future__ import annotations

import gzip
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

_ORDERS = (2, 3, 4)
_BANDS = (-2.0, -0.5, 0.5, 2.0)  # log-odds per n-gram: f0 native … f4 foreign
_SMOOTHING = 0.5


def ngrams(word: str) -> list[str]:
    """Character n-grams of the word with boundary marks (^فرويد$)."""
    marked = f"^{word}$"
    return [marked[i : i + n] for n in _ORDERS for i in range(len(marked) - n + 1)]


@dataclass(frozen=True, slots=True)
class ForeignNameModel:
    """Per-n-gram log-odds of 'foreign name' against 'native word'."""

    weights: Mapping[str, float]

    @classmethod
    def train(cls, foreign: Iterable[str], native: Iterable[str]) -> ForeignNameModel:
        """Naive Bayes over n-grams of two word lists, add-`_SMOOTHING` smoothed."""
        positive = Counter(gram for word in set(foreign) for gram in ngrams(word))
        negative = Counter(gram for word in set(native) for gram in ngrams(word))
        vocabulary = positive.keys() | negative.keys()
        size = len(vocabulary)
        pos_total = sum(positive.values()) + _SMOOTHING * size
        neg_total = sum(negative.values()) + _SMOOTHING * size
        weights = {
            gram: math.log((positive[gram] + _SMOOTHING) / pos_total)
            - math.log((negative[gram] + _SMOOTHING) / neg_total)
            for gram in vocabulary
            if positive[gram] + negative[gram] >= 2
        }
        return cls(weights)

    @classmethod
    def load(cls, path: Path) -> ForeignNameModel:
        """Read a gzip TSV `ngram<TAB>log-odds` (header line first)."""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            next(handle, None)
            rows = (line.rstrip("\n").split("\t") for line in handle if line.strip())
            return cls({gram: float(value) for gram, value in rows})

    def save(self, path: Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
            out.write("ngram\tlog_odds\n")
            out.writelines(f"{gram}\t{value:.3f}\n" for gram, value in sorted(self.weights.items()))

    def score(self, word: str) -> float:
        """Mean log-odds over the word's known n-grams (0 when none is known)."""
        known = [self.weights[gram] for gram in ngrams(word) if gram in self.weights]
        return sum(known) / len(known) if known else 0.0

    def band(self, word: str) -> str:
        """`f0` … `f4`, from clearly native to clearly foreign."""
        value = self.score(word)
        return "f" + str(sum(value > edge for edge in _BANDS))
