"""LSH banding: keys per band, separate families, the candidate curve."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.dedup.lsh import Banding, as_array


def test_one_key_per_band_and_equal_bands_give_equal_keys() -> None:
    banding = Banding(bands=4, rows=2)
    first = as_array([1, 2, 3, 4, 5, 6, 7, 8])
    second = as_array([1, 2, 9, 9, 5, 6, 9, 9])
    keys_first, keys_second = banding.keys(first), banding.keys(second)
    assert len(keys_first) == 4
    assert [a == b for a, b in zip(keys_first, keys_second, strict=True)] == [
        True,
        False,
        True,
        False,
    ]
    assert all(-(2**63) <= key < 2**63 for key in keys_first)


def test_families_and_band_positions_never_share_keys() -> None:
    banding = Banding(bands=4, rows=2)
    same_everywhere = as_array([7] * 8)
    whole, lead = banding.keys(same_everywhere), banding.keys(same_everywhere, family=1)
    assert len(set(whole)) == 4  # equal values in different bands are different keys
    assert not set(whole) & set(lead)


def test_signature_length_must_match() -> None:
    with pytest.raises(ValueError):
        Banding(bands=4, rows=2).keys(np.zeros(7, dtype=np.uint32))


def test_candidate_curve_rises_around_the_threshold() -> None:
    banding = Banding()
    assert banding.candidate_probability(0.1) < 0.01
    assert banding.candidate_probability(0.8) > 0.99
    assert 0.3 < banding.threshold < 0.5
