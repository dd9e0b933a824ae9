"""The floors loader the quality tests call."""

from __future__ import annotations

import pytest

from support.floors import floor, halves


def test_floor_reads_the_listed_value() -> None:
    assert floor("dates", "f1") == 0.97
    assert floor("ner_modern", "f1", "reporting") == 0.64


def test_halves_of_a_metric() -> None:
    assert halves("stories_dev", "theme_f1") == ["4", "5", "6", "7"]


def test_an_unlisted_gold_set_fails() -> None:
    with pytest.raises(pytest.fail.Exception, match="not listed"):
        floor("no_such_gold", "f1")
