"""Fingerprints of an article's text: an exact key and a MinHash signature.

A copy republished by another outlet rarely matches byte for byte: the outlet
changes the headline, drops the agency's dateline, adds its own byline or cuts the
last paragraphs. So the exact key hashes the *folded words* only (no punctuation,
spacing or letter variants), and the near-duplicate signature is a MinHash over
word shingles, which estimates the Jaccard similarity of two texts' shingle sets
(Broder 1997) from 128 numbers per article instead of the texts themselves.

Shingles are hashed with CRC-32 (stable across processes, unlike `hash`), and the
permutations are the multiply-shift family `(a * x + b) >> 32` on 64-bit words,
computed for all shingles at once with numpy.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from marsad.text.normalize import fold
from marsad.text.tokenize import words

SHINGLE_WORDS = 5
NUM_PERM = 128
# A shortened copy (an outlet keeping the first paragraphs of an agency story) has
# a low Jaccard with the whole original but shares its lead: the first words get a
# signature of their own, used only to find candidates.
LEAD_WORDS = 60
SEED = 20180407
_EMPTY_SHINGLE = 0


def text_words(text: str) -> list[str]:
    """The folded words of `text`: what both fingerprints are computed from."""
    return words(fold(text))


def exact_key(folded_words: list[str]) -> str:
    """A hex digest of the words alone, blind to punctuation, spacing and spelling variants."""
    return hashlib.blake2b(" ".join(folded_words).encode(), digest_size=16).hexdigest()


def shingle_hashes(folded_words: list[str], size: int = SHINGLE_WORDS) -> npt.NDArray[np.uint64]:
    """The distinct CRC-32 hashes of every `size`-word window (one window if shorter)."""
    count = max(1, len(folded_words) - size + 1)
    hashes = {zlib.crc32(" ".join(folded_words[i : i + size]).encode()) for i in range(count)}
    return np.fromiter(hashes, dtype=np.uint64, count=len(hashes))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the copy detector keeps of one text."""

    exact: str
    words: int  # how many words the text has
    shingles: int  # how many distinct shingles: the set size, for containment
    signature: npt.NDArray[np.uint32] = field(compare=False)
    lead: npt.NDArray[np.uint32] = field(compare=False)  # signature of the first words

    def signature_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()


def signature_from_bytes(blob: bytes) -> npt.NDArray[np.uint32]:
    """The inverse of `Fingerprint.signature_bytes`."""
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


class MinHasher:
    """Builds `Fingerprint`s; its permutations are fixed by `seed`, so it is picklable
    and two processes (or two runs years apart) give the same signatures."""

    def __init__(
        self, num_perm: int = NUM_PERM, shingle_words: int = SHINGLE_WORDS, seed: int = SEED
    ) -> None:
        generator = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self._a = generator.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
        self._b = generator.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def signature(self, hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint32]:
        """The minimum of each permutation over the shingle hashes."""
        if hashes.size == 0:
            hashes = np.array([_EMPTY_SHINGLE], dtype=np.uint64)
        with np.errstate(over="ignore"):  # multiply-shift wraps around 2**64 on purpose
            permuted = (hashes[:, None] * self._a[None, :] + self._b[None, :]) >> np.uint64(32)
        result: npt.NDArray[np.uint32] = permuted.min(axis=0).astype(np.uint32)
        return result

    def fingerprint(self, text: str) -> Fingerprint:
        return self.fingerprint_words(text_words(text))

    def fingerprint_words(self, folded_words: list[str]) -> Fingerprint:
        """The fingerprint of a text given as its folded words (`text_words`)."""
        hashes = shingle_hashes(folded_words, self.shingle_words)
        lead = shingle_hashes(folded_words[:LEAD_WORDS], self.shingle_words)
        return Fingerprint(
            exact=exact_key(folded_words),
            words=len(folded_words),
            shingles=int(hashes.size),
            signature=self.signature(hashes),
            lead=self.signature(lead),
        )


def jaccard(first: npt.NDArray[np.uint32], second: npt.NDArray[np.uint32]) -> float:
    """The MinHash estimate of the Jaccard similarity of two shingle sets."""
    return float(np.count_nonzero(first == second)) / float(first.size)


def containment(similarity: float, first_size: int, second_size: int) -> float:
    """Share of the smaller set found in the larger, from Jaccard and the set sizes.

    |A ∩ B| = J (|A| + |B|) / (1 + J); a shortened copy (an outlet that keeps the first
    half of an agency story) has a low Jaccard but a containment near 1.
    """
    smaller = min(first_size, second_size)
    if smaller <= 0:
        return 0.0
    shared = similarity * (first_size + second_size) / (1.0 + similarity)
    return min(1.0, shared / smaller)
