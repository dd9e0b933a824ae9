"""Fingerprints: the exact key's blindness to spelling noise, MinHash estimates."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np

from marsad.dedup.fingerprint import (
    MinHasher,
    containment,
    exact_key,
    jaccard,
    shingle_hashes,
    signature_from_bytes,
    text_words,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stories"))
from story_samples import AGENCY_TEXT, UNRELATED_TEXT


def _true_jaccard(first: str, second: str) -> float:
    a = set(shingle_hashes(text_words(first)).tolist())
    b = set(shingle_hashes(text_words(second)).tolist())
    return len(a & b) / len(a | b)


def test_exact_key_ignores_punctuation_spacing_and_letter_variants() -> None:
    plain = exact_key(text_words("قالت الوزارة إن المستشفى جاهز"))
    noisy = exact_key(text_words("  قالَت الوزارةُ: «إنّ المستشفى جاهز»!  "))
    folded = exact_key(text_words("قالت الوزاره ان المستشفي جاهز"))
    assert plain == noisy == folded
    assert plain != exact_key(text_words("قالت الوزارة إن المستشفى مغلق"))


def test_signatures_are_stable_across_instances_and_pickling() -> None:
    first = MinHasher().fingerprint(AGENCY_TEXT)
    again = pickle.loads(pickle.dumps(MinHasher())).fingerprint(AGENCY_TEXT)
    assert np.array_equal(first.signature, again.signature)
    assert np.array_equal(signature_from_bytes(first.signature_bytes()), first.signature)
    assert first.signature.size == 128 and first.lead.size == 128


def test_minhash_estimates_the_jaccard_similarity() -> None:
    words = AGENCY_TEXT.split()
    edited = " ".join([*words[:40], "وأكد", *words[40:70], *words[75:]])
    hasher = MinHasher()
    estimate = jaccard(
        hasher.fingerprint(AGENCY_TEXT).signature, hasher.fingerprint(edited).signature
    )
    assert abs(estimate - _true_jaccard(AGENCY_TEXT, edited)) < 0.12
    unrelated = jaccard(
        hasher.fingerprint(AGENCY_TEXT).signature, hasher.fingerprint(UNRELATED_TEXT).signature
    )
    assert unrelated < 0.05


def test_containment_recovers_a_shortened_copy() -> None:
    words = AGENCY_TEXT.split()
    half = " ".join(words[: len(words) // 2])
    hasher = MinHasher()
    whole, part = hasher.fingerprint(AGENCY_TEXT), hasher.fingerprint(half)
    similarity = jaccard(whole.signature, part.signature)
    assert similarity < 0.7  # a Jaccard bar alone would miss it
    assert containment(similarity, whole.shingles, part.shingles) > 0.8
    assert containment(0.0, 0, 10) == 0.0
