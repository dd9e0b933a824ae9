"""Locality-sensitive hashing of MinHash signatures into band keys.

A signature of `bands * rows` values is cut into bands; two texts become
candidates when any band is equal, which happens with probability
1 - (1 - J^rows)^bands for Jaccard similarity J. Each band is hashed with its
position to one signed 64-bit key, so the index is a single table of
(key, article) rows with an index on key: looking a text up costs `bands` index
probes whatever the size of the archive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BANDS = 32
ROWS = 4


@dataclass(frozen=True, slots=True)
class Banding:
    """How signatures are cut; must match the signatures' length."""

    bands: int = BANDS
    rows: int = ROWS

    def keys(self, signature: npt.NDArray[np.uint32], family: int = 0) -> list[int]:
        """One signed 64-bit key per band (SQLite INTEGER range).

        `family` tells apart signatures of different kinds (whole text, lead) that
        share one index: their keys never collide by construction.
        """
        if signature.size != self.bands * self.rows:
            raise ValueError(
                f"signature of {signature.size} values, expected "
                f"{self.bands} bands × {self.rows} rows"
            )
        data = signature.astype("<u4").tobytes()
        width = self.rows * 4
        keys: list[int] = []
        for band in range(self.bands):
            digest = hashlib.blake2b(
                data[band * width : (band + 1) * width],
                digest_size=8,
                salt=(family * self.bands + band).to_bytes(4, "little"),
            ).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys

    def candidate_probability(self, similarity: float) -> float:
        """The chance that two texts of this Jaccard similarity share a band."""
        return float(1.0 - (1.0 - similarity**self.rows) ** self.bands)

    @property
    def threshold(self) -> float:
        """The similarity where the candidate curve is steepest, about (1/b)^(1/r)."""
        return float((1.0 / self.bands) ** (1.0 / self.rows))


def as_array(values: list[int]) -> npt.NDArray[np.uint32]:
    """A signature from plain integers (for tests and stored JSON)."""
    return np.array(values, dtype=np.uint32)
